import type { Db } from '../store/db.js';
import { listUsers, type UserRole } from '../store/users-repo.js';
import { normaliseActor } from './context.js';
import { refused } from './refusals.js';

const DECIDING_ROLES: readonly UserRole[] = ['approbation', 'admin'];

/**
 * Who approves or rejects from the command line: `--by NAME`, or the operator's own account named
 * by `CRIEUR_USER`. Once the page has accounts, the name must be one of them, with a role that may
 * decide (compared as the page compares names: NFC, any case), and the account's own spelling is
 * what the approval records. Without accounts any name is taken: four-eyes still compares names.
 */
export function decidingAccount(
  db: Db,
  by: string | undefined,
  env: NodeJS.ProcessEnv,
  verb: 'approve' | 'reject',
): string {
  const verbFr = verb === 'approve' ? 'approuve' : 'rejette';
  const name = (by ?? env.CRIEUR_USER ?? '').normalize('NFC').trim();
  if (name === '') {
    throw refused(
      `--by NAME is required (or CRIEUR_USER set to your account): who ${verb}s?`,
      `--by NOM est requis (ou CRIEUR_USER, le nom de votre compte) : qui ${verbFr} ?`,
    );
  }
  const accounts = listUsers(db);
  if (accounts.length === 0) return name;
  const account = accounts.find((user) => normaliseActor(user.name) === normaliseActor(name));
  const source = by === undefined ? 'CRIEUR_USER' : '--by';
  if (account === undefined) {
    throw refused(
      `${source} "${name}" is not an account of the page; name one (crieur user list shows them)`,
      `${source} « ${name} » n’est pas un compte de la page ; indiquez un compte existant (crieur user list les affiche)`,
    );
  }
  if (!DECIDING_ROLES.includes(account.role)) {
    throw refused(
      `${source} "${account.name}" has the role ${account.role}, which cannot ${verb}`,
      `le compte « ${account.name} » (rôle ${account.role}) ne peut pas ${verb === 'approve' ? 'approuver' : 'rejeter'}`,
    );
  }
  return account.name;
}
