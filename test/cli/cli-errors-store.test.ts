import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/cli/command.js';
import { approve } from '../../src/queue/approve.js';
import { importDrafts } from '../../src/queue/import.js';
import { openStore, storePath } from '../../src/store/db.js';
import { listDrafts } from '../../src/store/drafts-repo.js';
import { makeCard, makeUpdate, tempDir } from '../queue/fixtures.js';
import { type CliRun, plainSpaces, runCli } from './run-cli.js';

const STACK_LINE = /\n\s+at /;

let dir: { path: string; remove: () => void };
let dataDir: string;
beforeEach(async () => {
  dir = tempDir('crieur-cli-errors-store-');
  dataDir = join(dir.path, 'data');
  writeFileSync(join(dir.path, 'crieur.yaml'), 'dataDir: ./data\nnetworks: [facebook, linkedin]\n');
  const card = await makeCard(dir.path, 'card', '#0b4f8a', 'Chiffres clés du jour.');
  const store = openStore(storePath(dataDir));
  const context = { store, now: () => new Date('2026-05-14T12:00:00Z') };
  importDrafts(context, {
    update: makeUpdate(),
    drafts: [
      { network: 'facebook', posts: [{ text: 'Mise à jour du 14 mai.', media: [card] }], warnings: [] },
      { network: 'linkedin', posts: [{ text: 'Mise à jour du 14 mai.', media: [card] }], warnings: [] },
    ],
    by: 'camille',
  });
  approve(context, { draftId: 1, by: 'julie' });
  store.close();
});
afterEach(() => dir.remove());

function run(argv: string[], options: { env?: NodeJS.ProcessEnv; commands?: Command[] } = {}): Promise<CliRun> {
  const env = { CRIEUR_CONFIG: join(dir.path, 'crieur.yaml'), LOG_LEVEL: 'silent', ...options.env };
  return runCli(argv, { env, cwd: dir.path }, options.commands);
}

function statuses(): string[] {
  const store = openStore(storePath(dataDir));
  try {
    return listDrafts(store.db).map((draft) => `${draft.network} ${draft.status}`);
  } finally {
    store.close();
  }
}

describe('publish the wrong way', () => {
  it('a dry run sends nothing and leaves the real queue as it was: the approved draft still goes out at 9:00', async () => {
    const before = (await run(['audit', '--json'])).stdout;
    const result = await run(['publish', '--date', '2026-05-14', '--network', 'facebook', '--now', '--dry-run']);
    expect(statuses()).toEqual(['facebook approved', 'linkedin awaiting_review']);
    expect((await run(['audit', '--json'])).stdout).toBe(before);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('d1: published');
    expect(result.stdout).toContain('Essai à blanc');
  });

  it('publish --now with nothing approved for the date is refused, saying the state of each draft', async () => {
    const result = await run(['publish', '--date', '2026-05-14', '--network', 'linkedin', '--now']);
    expect(result.code).toBe(2);
    expect(plainSpaces(result.stderr)).toContain(
      'erreur : rien d’approuvé à publier pour le 2026-05-14 (linkedin) : d2 linkedin en attente de révision',
    );
    expect(plainSpaces(result.stderr)).toContain(
      'error: nothing approved to publish for 2026-05-14 (linkedin): d2 linkedin awaiting review',
    );
    const none = await run(['publish', '--date', '2026-05-15', '--now']);
    expect(none.code).toBe(2);
    expect(plainSpaces(none.stderr)).toContain('aucun brouillon pour le 2026-05-15');
  });

  it('publish --now of an approved draft whose network has no credentials fails, naming the variable', async () => {
    const result = await run(['publish', '--date', '2026-05-14', '--network', 'facebook', '--now']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('d1: not sent / non envoyé (facebook)');
    expect(result.stdout).toContain('FACEBOOK_PAGE_ID');
    expect(statuses()).toEqual(['facebook approved', 'linkedin awaiting_review']);
  });
});

describe('a data directory that is missing or cannot be written', () => {
  it('audit --verify on a missing data directory fails and creates nothing, instead of verifying an empty store', async () => {
    const missing = join(dir.path, 'mistyped', 'data');
    const result = await run(['audit', '--verify'], { env: { CRIEUR_DATA_DIR: missing } });
    expect(result.code).toBe(1);
    expect(plainSpaces(result.stderr)).toContain(`erreur : aucune base de données à ${join(missing, 'crieur.sqlite')}`);
    expect(plainSpaces(result.stderr)).toContain('CRIEUR_DATA_DIR');
    expect(existsSync(join(dir.path, 'mistyped'))).toBe(false);
    const json = await run(['audit', '--verify', '--json'], { env: { CRIEUR_DATA_DIR: missing } });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, count: 0 });
  });

  it('a read-only store is reported in both languages, naming the data directory, without a stack trace', async () => {
    const readOnly: Command = {
      name: 'ecrire',
      summary: 'test',
      usage: 'crieur ecrire',
      options: {},
      async run(_args, { loadConfig }) {
        const { dataDir: where } = loadConfig();
        const db = new Database(storePath(where), { readonly: true });
        try {
          db.exec('CREATE TABLE t (x)');
        } finally {
          db.close();
        }
        return 0;
      },
    };
    const result = await run(['ecrire'], { commands: [readOnly] });
    expect(result.code).toBe(1);
    expect(plainSpaces(result.stderr)).toContain(`erreur : ${dataDir} : la base de données est en lecture seule`);
    expect(plainSpaces(result.stderr)).toContain('SQLITE_READONLY');
    expect(plainSpaces(result.stderr)).not.toMatch(STACK_LINE);
  });
});
