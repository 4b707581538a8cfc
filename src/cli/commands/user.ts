import { CrieurError, RefusedError } from '../../errors.js';
import { systemUserName } from '../../queue/context.js';
import { withQueue } from '../../queue/open-queue.js';
import { addUser, isUserRole, listAccounts, USER_ROLES } from '../../users/accounts.js';
import { checkPasswordStrength, MIN_PASSWORD_LENGTH } from '../../users/passwords.js';
import type { CliIo, Command } from '../command.js';
import { readTextFile, requirePositional, stringOption } from './args.js';

const NAME = /^[\p{L}\p{N}][\p{L}\p{N}._ -]{0,62}$/u;

export const command: Command = {
  name: 'user',
  summary: 'Add a web page account (password read from stdin or a file), or list the accounts.',
  usage:
    'crieur user add <name> --role redaction|approbation|admin [--password-file FILE]\n       crieur user list [--json]',
  options: { role: { type: 'string' }, 'password-file': { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 2,
  async run(args, { io, loadConfig }) {
    const action = requirePositional(args, 0, 'add|list', 'add|list');
    if (action === 'list') {
      const users = await withQueue(loadConfig(), listAccounts);
      if (args.values.json) {
        // Never the hash: only whether a password is set.
        const shown = users.map((user) => ({
          name: user.name,
          role: user.role,
          hasPassword: user.passwordHash !== null,
          createdAt: user.createdAt,
        }));
        io.stdout.write(`${JSON.stringify({ users: shown }, null, 2)}\n`);
      } else if (users.length === 0) {
        io.stdout.write('No account. / Aucun compte.\n');
      } else {
        for (const user of users) {
          io.stdout.write(
            `${user.name.padEnd(24)} ${user.role.padEnd(12)} ${user.passwordHash === null ? 'no password' : 'password set'}  ${user.createdAt}\n`,
          );
        }
      }
      return 0;
    }
    if (action !== 'add') {
      throw new CrieurError(
        `unknown action "${action}"; expected add or list`,
        `action inconnue « ${action} » ; attendu : add ou list`,
      );
    }
    const name = requirePositional(args, 1, 'name', 'nom').normalize('NFC').trim();
    if (!NAME.test(name)) {
      throw new RefusedError(
        `"${name}" is not a valid account name (letters, digits, space, dot, dash; 63 characters at most)`,
        `« ${name} » n’est pas un nom de compte valide (lettres, chiffres, espace, point, tiret ; 63 caractères au plus)`,
      );
    }
    const role = stringOption(args, 'role');
    if (!isUserRole(role)) {
      throw new RefusedError(
        `--role must be one of ${USER_ROLES.join(', ')}`,
        `--role doit valoir ${USER_ROLES.join(', ')}`,
      );
    }
    const file = stringOption(args, 'password-file');
    const password = stripNewline(
      file === undefined || file === '-' ? await readPassword(io) : readTextFile(io.cwd, file, '--password-file'),
    );
    // Before the store is opened: a weak password leaves nothing behind.
    checkPasswordStrength(password);
    const by = systemUserName(io.env);
    await withQueue(loadConfig(), (context) => addUser(context, { name, role, password, by }));
    io.stdout.write(`Account ${name} added (${role}). / Compte ${name} ajouté (${role}).\n`);
    return 0;
  },
};

/** A password piped in or saved in a file ends with one newline that is not part of it. */
function stripNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

function stdinOf(io: CliIo): NodeJS.ReadableStream {
  return io.stdin ?? process.stdin;
}

type Terminal = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * Piped in: everything up to the end. Typed at a terminal: a prompt, then one line without echo
 * (waiting for the end of input there would look like a hang, and show the password).
 */
async function readPassword(io: CliIo): Promise<string> {
  const stdin = stdinOf(io) as Terminal;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return readAll(stdin);
  io.stderr.write(
    `Mot de passe / Password (${MIN_PASSWORD_LENGTH} caractères ou plus / ${MIN_PASSWORD_LENGTH} characters or more): `,
  );
  stdin.setRawMode(true);
  try {
    let typed = '';
    for await (const chunk of stdin) {
      for (const char of typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return typed;
        if (char === '\u0003') throw new RefusedError('cancelled', 'annulé');
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    }
    return typed;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    io.stderr.write('\n');
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
