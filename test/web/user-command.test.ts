import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEvents } from '../../src/audit/journal.js';
import type { CliIo } from '../../src/cli/command.js';
import { command } from '../../src/cli/commands/user.js';
import { main } from '../../src/cli/main.js';
import { openStore, storePath } from '../../src/store/db.js';
import { getUser } from '../../src/store/users-repo.js';
import { verifyPassword } from '../../src/users/passwords.js';
import { plainSpaces } from '../cli/run-cli.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crieur-user-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const io: CliIo & { stdin: NodeJS.ReadableStream } = {
    stdout,
    stderr,
    env: { CRIEUR_DATA_DIR: join(dir, 'data'), USER: 'admin-test' },
    cwd: dir,
    stdin: Readable.from([stdin]),
  };
  const code = await main(args, io, [command]);
  return { code, out, err };
}

function withStore<T>(fn: (store: ReturnType<typeof openStore>) => T): T {
  const store = openStore(storePath(join(dir, 'data')));
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

describe('crieur user', () => {
  it('adds an account with an argon2id hash from a password file, and audits it', async () => {
    writeFileSync(join(dir, 'mdp.txt'), 'un mot de passe assez long\n');
    const added = await run(['user', 'add', 'Camille Tremblay', '--role', 'approbation', '--password-file', 'mdp.txt']);
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    const user = withStore((store) => getUser(store.db, 'Camille Tremblay'));
    expect(user?.role).toBe('approbation');
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(verifyPassword(user?.passwordHash ?? '', 'un mot de passe assez long')).resolves.toBe(true);
    const events = withStore((store) => listEvents(store.db).filter((event) => event.action === 'user-added'));
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]?.data)).not.toContain('argon2');
  });

  it('reads the password from standard input', async () => {
    const added = await run(['user', 'add', 'Dominique', '--role', 'admin'], 'mot de passe par stdin\n');
    expect(added.code).toBe(0);
    const user = withStore((store) => getUser(store.db, 'Dominique'));
    await expect(verifyPassword(user?.passwordHash ?? '', 'mot de passe par stdin')).resolves.toBe(true);
  });

  it('refuses a short password, an unknown role and a duplicate, in French', async () => {
    const short = await run(['user', 'add', 'A', '--role', 'redaction'], 'court\n');
    expect(short.code).toBe(2);
    expect(short.err).toContain('au moins 12 caractères');
    const role = await run(['user', 'add', 'A', '--role', 'chef'], 'un mot de passe assez long');
    expect(role.code).toBe(2);
    expect(role.err).toContain('--role doit valoir redaction, approbation, admin');
    await run(['user', 'add', 'A', '--role', 'redaction'], 'un mot de passe assez long');
    const again = await run(['user', 'add', 'A', '--role', 'redaction'], 'un mot de passe assez long');
    expect(again.code).toBe(2);
    expect(plainSpaces(again.err)).toContain('le compte « A » existe déjà');
  });

  it('lists the accounts without their hashes', async () => {
    await run(['user', 'add', 'Camille', '--role', 'approbation'], 'un mot de passe assez long');
    const listed = await run(['user', 'list']);
    expect(listed.out).toContain('Camille');
    expect(listed.out).toContain('approbation');
    expect(listed.out).not.toContain('argon2');
    const json = await run(['user', 'list', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({
      users: [{ name: 'Camille', role: 'approbation', hasPassword: true }],
    });
    expect(json.out).not.toContain('argon2');
  });
});
