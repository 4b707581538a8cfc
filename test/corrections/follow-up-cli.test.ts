import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureLedgerParts, updateLedgerPart } from '../../src/publish/ledger-repo.js';
import { importDrafts } from '../../src/queue/import.js';
import { openStore, storePath } from '../../src/store/db.js';
import { setDraftStatus } from '../../src/store/drafts-repo.js';
import { insertUser } from '../../src/store/users-repo.js';
import { type CliRun, runCli } from '../cli/run-cli.js';
import { makeUpdate, tempDir } from '../queue/fixtures.js';

/** `crieur correct` and `crieur retract` without any network: roles, four-eyes, refusals, JSON shapes. */

let dir: { path: string; remove: () => void };
let dataDir: string;
const AT = '2026-05-14T13:00:00Z';

beforeEach(() => {
  dir = tempDir('crieur-follow-up-cli-');
  dataDir = join(dir.path, 'data');
  const store = openStore(storePath(dataDir));
  const context = { store, now: () => new Date(AT) };
  const { drafts } = importDrafts(context, {
    update: makeUpdate(),
    drafts: [
      {
        network: 'x',
        posts: [
          { text: 'Mise à jour du 14 mai 1/2', media: [] },
          { text: 'Suite 2/2', media: [] },
        ],
        warnings: [],
      },
      { network: 'linkedin', posts: [{ text: 'Mise à jour du 14 mai.', media: [] }], warnings: [] },
    ],
    by: 'Camille Tremblay',
  });
  for (const draft of drafts) {
    ensureLedgerParts(store.db, draft.id, draft.content.posts.length, AT);
    draft.content.posts.forEach((_, index) => {
      updateLedgerPart(store.db, draft.id, index, { state: 'posted', remoteId: `${draft.id}0${index}`, updatedAt: AT });
    });
    setDraftStatus(store.db, draft.id, 'published', null, AT);
  }
  for (const [name, role] of [
    ['Camille Tremblay', 'redaction'],
    ['Hélène Côté', 'approbation'],
    ['Julie Roy', 'admin'],
  ] as const) {
    insertUser(store.db, { name, role, passwordHash: null, createdAt: AT });
  }
  store.close();
});

afterEach(() => dir.remove());

function run(...argv: string[]): Promise<CliRun> {
  return runCli(argv, { env: { CRIEUR_DATA_DIR: dataDir }, cwd: dir.path });
}

function textFile(text: string): string {
  const path = join(dir.path, 'correctif.txt');
  writeFileSync(path, text);
  return path;
}

describe('crieur correct and crieur retract', () => {
  it('queues a correction per network, kind correction in correct, queue and show --json', async () => {
    const file = textFile('Il fallait lire 1 016 prélèvements.');
    const made = await run(
      'correct',
      '--date',
      '2026-05-14',
      '--text-file',
      file,
      '--by',
      'Camille Tremblay',
      '--json',
    );
    expect(made.code, made.stderr).toBe(0);
    const { drafts } = JSON.parse(made.stdout) as {
      drafts: Array<{ id: string; kind: string; network: string; target: string }>;
    };
    expect(drafts.map((draft) => [draft.network, draft.kind])).toEqual([
      ['x', 'correction'],
      ['linkedin', 'correction'],
    ]);
    const shown = JSON.parse((await run('show', drafts[0]!.id, '--json')).stdout) as { kind: string; target: string };
    expect(shown).toMatchObject({ kind: 'correction', target: 'd1' });
    const queue = JSON.parse((await run('queue', '--json')).stdout) as { drafts: Array<{ kind: string }> };
    expect(queue.drafts.map((draft) => draft.kind)).toEqual(['update', 'update', 'correction', 'correction']);
  });

  it('enforces four-eyes: the correction’s author cannot approve it; another approver can', async () => {
    await run('correct', '--date', '2026-05-14', '--text-file', textFile('Précision.'), '--by', 'Hélène Côté');
    const self = await run('approve', 'd3', '--by', 'Hélène Côté');
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/quatre yeux/u);
    const other = await run('approve', 'd3', '--by', 'Julie Roy');
    expect(other.code, other.stderr).toBe(0);
  });

  it('lets only an admin ask for a retraction, with its reason', async () => {
    const editor = await run('retract', '--date', '2026-05-14', '--by', 'Camille Tremblay', '--reason', 'Erreur');
    expect(editor.code).toBe(2);
    expect(editor.stderr).toMatch(/il faut le rôle admin/u);
    const noReason = await run('retract', '--date', '2026-05-14', '--by', 'Julie Roy');
    expect(noReason.code).toBe(2);
    const admin = await run(
      'retract',
      '--date',
      '2026-05-14',
      '--by',
      'Julie Roy',
      '--reason',
      'Erreur',
      '--network',
      'x',
      '--json',
    );
    expect(admin.code, admin.stderr).toBe(0);
    const { drafts } = JSON.parse(admin.stdout) as { drafts: Array<{ kind: string; posts: { text: string }[] }> };
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ kind: 'retraction', posts: [{ text: 'Retrait : Erreur' }] });
    const again = await run(
      'retract',
      '--date',
      '2026-05-14',
      '--by',
      'Julie Roy',
      '--reason',
      'Erreur',
      '--network',
      'x',
    );
    expect(again.code).toBe(2);
  });

  it('refuses a correction while a retraction stands, too long for a network, or for a date not published', async () => {
    await run('retract', '--date', '2026-05-14', '--by', 'Julie Roy', '--reason', 'Erreur', '--network', 'linkedin');
    const pending = await run(
      'correct',
      '--date',
      '2026-05-14',
      '--text-file',
      textFile('Précision.'),
      '--by',
      'Camille Tremblay',
    );
    expect(pending.code).toBe(2);
    expect(pending.stderr).toMatch(/fait l’objet d’un retrait/u);
    const long = await run(
      'correct',
      '--date',
      '2026-05-14',
      '--network',
      'linkedin',
      '--text-file',
      textFile('Une phrase assez longue pour déborder. '.repeat(120)),
      '--by',
      'Camille Tremblay',
    );
    expect(long.code).toBe(2);
    const none = await run(
      'correct',
      '--date',
      '2026-05-15',
      '--text-file',
      textFile('Précision.'),
      '--by',
      'Camille Tremblay',
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/aucune mise à jour publiée le 2026-05-15/u);
    const queue = JSON.parse((await run('queue', '--json')).stdout) as { drafts: unknown[] };
    expect(queue.drafts).toHaveLength(3);
  });
});
