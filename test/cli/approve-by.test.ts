import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command as approveCommand } from '../../src/cli/commands/approve.js';
import { command as rejectCommand } from '../../src/cli/commands/reject.js';
import { command as showCommand } from '../../src/cli/commands/show.js';
import { importDrafts } from '../../src/queue/import.js';
import { openStore, storePath } from '../../src/store/db.js';
import { insertUser, type UserRole } from '../../src/store/users-repo.js';
import { makeCard, makeUpdate, tempDir } from '../queue/fixtures.js';
import { type CliRun, plainSpaces, runCli } from './run-cli.js';

const COMMANDS = [approveCommand, rejectCommand, showCommand];

let dir: { path: string; remove: () => void };
let dataDir: string;

async function setUp(accounts: { name: string; role: UserRole }[]): Promise<void> {
  dir = tempDir('crieur-approve-by-');
  dataDir = join(dir.path, 'data');
  const card = await makeCard(dir.path, 'card', '#0b4f8a', 'Chiffres clés du jour.');
  const store = openStore(storePath(dataDir));
  importDrafts(
    { store, now: () => new Date('2026-05-14T12:00:00Z') },
    {
      update: makeUpdate(),
      drafts: [
        { network: 'x', posts: [{ text: 'Mise à jour du 14 mai', media: [card] }], warnings: [] },
        { network: 'facebook', posts: [{ text: 'Mise à jour du 14 mai.', media: [] }], warnings: [] },
      ],
      by: 'Camille Tremblay',
    },
  );
  for (const account of accounts) {
    insertUser(store.db, { ...account, passwordHash: null, createdAt: '2026-05-01T12:00:00Z' });
  }
  store.close();
}

afterEach(() => dir.remove());

function run(env: Record<string, string>, ...argv: string[]): Promise<CliRun> {
  return runCli(argv, { env: { CRIEUR_DATA_DIR: dataDir, ...env }, cwd: dir.path }, COMMANDS);
}

async function approvedBy(id: string): Promise<unknown> {
  const shown = JSON.parse((await run({}, 'show', id, '--json')).stdout) as { approval?: { approvedBy: string } };
  return shown.approval?.approvedBy;
}

describe('approve --by when the page has accounts', () => {
  beforeEach(() =>
    setUp([
      { name: 'Camille Tremblay', role: 'redaction' },
      { name: 'Hélène Côté', role: 'approbation' },
      { name: 'Julie Roy', role: 'admin' },
    ]),
  );

  it('refuses a made-up name, in French and English, and approves nothing', async () => {
    const made = await run({}, 'approve', 'd1', '--by', 'Quelqu’un Inexistant');
    expect(made.code).toBe(2);
    expect(plainSpaces(made.stderr)).toContain('n’est pas un compte de la page');
    expect(plainSpaces(made.stderr)).toContain('is not an account of the page');
    expect(await approvedBy('d1')).toBeUndefined();
    expect((await run({}, 'approve', '--date', '2026-05-14', '--by', 'Personne')).code).toBe(2);
    expect(await approvedBy('d2')).toBeUndefined();
  });

  it('refuses an account whose role cannot approve', async () => {
    const writer = await run({}, 'approve', 'd1', '--by', 'Camille Tremblay');
    expect(writer.code).toBe(2);
    expect(plainSpaces(writer.stderr)).toContain('cannot approve');
  });

  it('takes any spelling of an account and records the account’s own', async () => {
    const approved = await run({}, 'approve', 'd1', '--by', 'hélène côté'.normalize('NFD'));
    expect(approved.code).toBe(0);
    expect(await approvedBy('d1')).toBe('Hélène Côté');
  });

  it('acts as CRIEUR_USER without --by, checked the same way', async () => {
    expect((await run({}, 'approve', 'd1')).code).toBe(2);
    expect(plainSpaces((await run({ CRIEUR_USER: 'root' }, 'approve', 'd1')).stderr)).toContain('CRIEUR_USER « root »');
    expect((await run({ CRIEUR_USER: 'Julie Roy' }, 'approve', 'd1')).code).toBe(0);
    expect(await approvedBy('d1')).toBe('Julie Roy');
    expect((await run({ CRIEUR_USER: 'Inconnu' }, 'reject', 'd2', '--reason', 'Lien erroné')).code).toBe(2);
    expect((await run({ CRIEUR_USER: 'Julie Roy' }, 'reject', 'd2', '--reason', 'Lien erroné')).code).toBe(0);
  });
});

describe('approve --by without accounts', () => {
  beforeEach(() => setUp([]));

  it('takes the name given (four-eyes still compares names)', async () => {
    expect(plainSpaces((await run({}, 'approve', 'd1', '--by', 'Camille Tremblay')).stderr)).toContain('quatre yeux');
    expect((await run({}, 'approve', 'd1', '--by', 'bruno')).code).toBe(0);
    expect(await approvedBy('d1')).toBe('bruno');
  });
});
