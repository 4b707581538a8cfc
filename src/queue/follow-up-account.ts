import type { Db } from '../store/db.js';
import { listUsers } from '../store/users-repo.js';
import { normaliseActor } from './context.js';
import { refused } from './refusals.js';

/**
 * Who asks for a correction or a retraction from the command line (`--by NAME`, else CRIEUR_USER).
 * Once the page has accounts the name must be one of them; a retraction is for `admin` only, as on
 * the page. Without accounts any name is taken (four-eyes still compares names).
 */
export function followUpAccount(
  db: Db,
  by: string | undefined,
  env: NodeJS.ProcessEnv,
  kind: 'correct' | 'retract',
): string {
  const name = (by ?? env.CRIEUR_USER ?? '').normalize('NFC').trim();
  if (name === '') {
    throw refused(
      `--by NAME is required (or CRIEUR_USER set to your account): who asks for it?`,
      `--by NOM est requis (ou CRIEUR_USER, le nom de votre compte) : qui le demande ?`,
    );
  }
  const accounts = listUsers(db);
  if (accounts.length === 0) return name;
  const account = accounts.find((user) => normaliseActor(user.name) === normaliseActor(name));
  if (account === undefined) {
    throw refused(
      `"${name}" is not an account of the page; name one (crieur user list shows them)`,
      `« ${name} » n’est pas un compte de la page ; indiquez un compte existant (crieur user list les affiche)`,
    );
  }
  if (kind === 'retract' && account.role !== 'admin') {
    throw refused(
      `"${account.name}" has the role ${account.role}: only an admin may retract a publication`,
      `le compte « ${account.name} » (rôle ${account.role}) ne peut pas retirer une publication : il faut le rôle admin`,
    );
  }
  return account.name;
}
