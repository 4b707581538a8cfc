import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent, ROWS_PER_PAGE } from '../../src/audit/journal.js';
import { command as approveCommand } from '../../src/cli/commands/approve.js';
import { command as auditCommand } from '../../src/cli/commands/audit.js';
import { command as draftCommand } from '../../src/cli/commands/draft.js';
import { command as editCommand } from '../../src/cli/commands/edit.js';
import { command as queueCommand } from '../../src/cli/commands/queue.js';
import { command as rejectCommand } from '../../src/cli/commands/reject.js';
import { command as showCommand } from '../../src/cli/commands/show.js';
import { importDrafts } from '../../src/queue/import.js';
import { storePath } from '../../src/store/db.js';
import { DRAFTS_PER_PAGE } from '../../src/store/drafts-repo.js';
import { type CliRun, plainSpaces, runCli } from '../cli/run-cli.js';
import { liftAuditGuard, openTestStore, testStoreEnv } from '../support/test-store.js';
import { makeCard, makeUpdate, tempDir } from './fixtures.js';

const COMMANDS = [draftCommand, queueCommand, showCommand, editCommand, approveCommand, rejectCommand, auditCommand];
const SECRET = 'EAAGsecretpagetoken123';
const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));

let dir: { path: string; remove: () => void };
let dataDir: string;
beforeEach(async () => {
  dir = tempDir('crieur-cli-');
  dataDir = join(dir.path, 'data');
  const card = await makeCard(dir.path, 'card', '#0b4f8a', 'Chiffres clés du jour.');
  const store = openTestStore(storePath(dataDir));
  importDrafts(
    { store, now: () => new Date('2026-05-14T12:00:00Z') },
    {
      update: makeUpdate(),
      drafts: [
        {
          network: 'x',
          posts: [
            { text: 'Mise à jour du 14 mai 1/2', media: [card] },
            { text: 'Faits saillants 2/2', media: [] },
          ],
          warnings: [],
        },
        { network: 'facebook', posts: [{ text: 'Mise à jour du 14 mai.', media: [card] }], warnings: [] },
      ],
      by: 'ana',
    },
  );
  store.close();
});
afterEach(() => dir.remove());

function run(...argv: string[]): Promise<CliRun> {
  const env = { CRIEUR_DATA_DIR: dataDir, FACEBOOK_PAGE_TOKEN: SECRET, ...testStoreEnv(dataDir) };
  return runCli(argv, { env, cwd: dir.path }, COMMANDS);
}

describe('queue commands from the command line', () => {
  it('lists drafts as JSON with the agreed shape', async () => {
    const { code, stdout } = await run('queue', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { drafts: Record<string, unknown>[] };
    expect(json.drafts).toHaveLength(2);
    const [x] = json.drafts;
    expect(Object.keys(x!).sort()).toEqual([
      'contentHash',
      'date',
      'format',
      'id',
      'kind',
      'network',
      'omitted',
      'posts',
      'status',
      'version',
    ]);
    expect(x).toMatchObject({
      kind: 'update',
      id: 'd1',
      date: '2026-05-14',
      network: 'x',
      status: 'awaiting_review',
      version: 1,
      format: 'thread',
      omitted: [],
    });
    const post = (x!.posts as { text: string; media: Record<string, unknown>[] }[])[0]!;
    expect(post.text).toBe('Mise à jour du 14 mai 1/2');
    expect(Object.keys(post.media[0]!).sort()).toEqual(['alt', 'bytes', 'height', 'mime', 'path', 'width']);
    expect(post.media[0]).toMatchObject({ alt: 'Chiffres clés du jour.', mime: 'image/png', width: 40, height: 21 });
    expect(String(post.media[0]!.path)).toContain(join(dataDir, 'media'));
    expect((await run('queue', '--date', '2026-05-15', '--json')).stdout).toBe('{\n  "drafts": []\n}\n');
  });

  it('lists more drafts than a page, in date order, as the same bytes as one JSON document', async () => {
    const store = openTestStore(storePath(dataDir));
    const card = await makeCard(dir.path, 'card2', '#0b4f8a', 'Chiffres clés.');
    // Dates imported out of order, several drafts a day: the order is by date, then id.
    const dates = Array.from(
      { length: 140 },
      (_, index) => `2026-0${1 + (index % 4)}-${String(10 + (index % 17)).padStart(2, '0')}`,
    );
    for (const [index, date] of dates.entries()) {
      importDrafts(
        { store, now: () => new Date('2026-05-14T12:00:00Z') },
        {
          update: makeUpdate(date),
          drafts: (['x', 'bluesky', 'linkedin', 'facebook'] as const).map((network) => ({
            network,
            posts: [{ text: `Mise à jour ${index} « ${network} » : 7 %`, media: network === 'x' ? [card] : [] }],
            warnings: [],
          })),
          by: 'ana',
        },
      );
    }
    store.close();
    const { code, stdout } = await run('queue', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { drafts: { id: string; date: string }[] };
    expect(json.drafts.length).toBeGreaterThan(DRAFTS_PER_PAGE);
    expect(stdout).toBe(`${JSON.stringify(json, null, 2)}\n`);
    const order = json.drafts.map((draft) => [draft.date, Number(draft.id.slice(1))] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]));
    expect(new Set(json.drafts.map((draft) => draft.id)).size).toBe(json.drafts.length);
    const lines = (await run('queue')).stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(json.drafts.length);
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(json.drafts.map((draft) => draft.id));
  });

  it('edits, refuses a self-approval, approves by another name, and the audit verifies', async () => {
    const textFile = join(dir.path, 'post.txt');
    writeFileSync(textFile, 'Mise à jour corrigée du 14 mai 1/2\n');
    const edit = await run('edit', 'd1', '--post', '1', '--text-file', textFile, '--by', 'chloe');
    expect(edit).toMatchObject({ code: 0 });
    expect(edit.stdout).toMatch(/d1 .*awaiting_review\s+v2/);

    const alt = await run('edit', 'd1', '--alt', '1:1', '--text', 'Trois chiffres clés.', '--by', 'chloe');
    expect(alt.code).toBe(0);

    const self = await run('approve', 'd1', '--by', 'chloe');
    expect(self.code).toBe(2);
    expect(plainSpaces(self.stderr)).toContain('règle des quatre yeux');
    expect(plainSpaces(self.stderr)).toContain('four-eyes');

    const approved = await run('approve', 'd1', '--by', 'bruno');
    expect(approved.code).toBe(0);
    const shown = JSON.parse((await run('show', 'd1', '--json')).stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({
      status: 'approved',
      version: 3,
      approval: { approvedBy: 'bruno', version: 3 },
      posts: [{ text: 'Mise à jour corrigée du 14 mai 1/2', media: [{ alt: 'Trois chiffres clés.' }] }, {}],
    });
    const text = (await run('show', 'd1')).stdout;
    expect(text).toContain('--- post 1/2 ---');
    expect(text).toContain('alt: Trois chiffres clés.');

    const verify = await run('audit', '--verify');
    expect(verify).toMatchObject({ code: 0 });
    expect(verify.stdout).toMatch(/verifies: 6 events/);
    const lines = (await run('audit', '--json')).stdout.trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { action: string }).action)).toEqual([
      'import',
      'import',
      'import',
      'edit',
      'edit',
      'approve',
    ]);
  });

  it('rejects with a reason and then refuses to approve', async () => {
    expect((await run('reject', 'd2', '--by', 'bruno', '--reason', 'Lien erroné')).code).toBe(0);
    const refused = await run('approve', 'd2', '--by', 'chloe');
    expect(refused.code).toBe(2);
    expect(plainSpaces(refused.stderr)).toContain('rejeté');
    expect((await run('queue')).stdout).toMatch(/d2 .*rejected/);
  });

  it('approves a whole date', async () => {
    const result = await run('approve', '--date', '2026-05-14', '--by', 'bruno');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('refuses unknown ids and bad options with exit code 2', async () => {
    for (const argv of [
      ['show', 'd99'],
      ['show', 'nope'],
      ['approve', 'd1'],
      ['approve', 'd99', '--by', 'bruno'],
      ['reject', 'd1', '--by', 'bruno'],
      ['edit', 'd1', '--post', '0', '--text', 'x'],
      ['edit', 'd1', '--post', '1'],
      ['edit', 'd1', '--alt', '1', '--text', 'x'],
      ['queue', '--date', 'mai'],
    ]) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(plainSpaces(result.stderr), argv.join(' ')).toMatch(/erreur : .*\nerror: /);
    }
    expect(JSON.parse((await run('queue', '--json')).stdout).drafts.map((d: { version: number }) => d.version)).toEqual(
      [1, 1],
    );
  });

  it('reports a tampered audit log with exit code 1 and names the row', async () => {
    const store = openTestStore(storePath(dataDir));
    liftAuditGuard(store);
    store.db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE id = 2").run();
    store.close();
    const result = await run('audit', '--verify');
    expect(result.code).toBe(1);
    expect(plainSpaces(result.stderr)).toContain('broken at event 2');
    // The French line says why too, for the communications team.
    expect(plainSpaces(result.stderr)).toContain(
      'journal altéré à l’événement 2 : l’événement 2 a été modifié (son empreinte ne correspond plus à son contenu)',
    );
  });

  it('prints and verifies a log longer than a page of rows and a batch of lines, every event once, in order', async () => {
    const store = openTestStore(storePath(dataDir));
    const { n: before } = store.db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number };
    const extra = ROWS_PER_PAGE + 300;
    store.db.transaction(() => {
      for (let index = 0; index < extra; index += 1) {
        appendEvent(store.db, {
          at: new Date(),
          actor: 'crieur',
          action: 'published',
          subject: `d${index}`,
          data: { index },
        });
      }
    });
    store.close();
    const total = before + extra;
    expect((await run('audit', '--verify')).stdout).toContain(`verifies: ${total} events`);
    const json = (await run('audit', '--json')).stdout.trimEnd().split('\n');
    expect(json.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual(
      Array.from({ length: total }, (_, index) => index + 1),
    );
    const plain = (await run('audit')).stdout.trimEnd().split('\n');
    expect(plain).toHaveLength(total);
    expect(plain.at(-1)).toMatch(
      new RegExp(`^${total}\\t.*\\tcrieur\\tpublished\\td${extra - 1}\\t\\{"index":${extra - 1}\\}$`),
    );
  });

  it('never writes a configured secret to the audit log', async () => {
    await run('reject', 'd2', '--by', 'bruno', '--reason', `le jeton ${SECRET} est visible`);
    const audit = (await run('audit', '--json')).stdout;
    expect(audit).toContain('[redacted]');
    expect(audit).not.toContain(SECRET);
  });
});

describe('crieur draft on the sample update', () => {
  it('queues one draft per network on a fresh data directory, ready to approve by another person', async () => {
    dataDir = join(dir.path, 'fresh', 'data');
    const drafted = await run('draft', SAMPLE, '--by', 'ana', '--json');
    expect(drafted.code, drafted.stderr).toBe(0);
    const json = JSON.parse(drafted.stdout) as {
      drafts: {
        id: string;
        network: string;
        status: string;
        version: number;
        posts: { media: { path: string }[] }[];
      }[];
    };
    expect(json.drafts.map((draft) => [draft.network, draft.status, draft.version])).toEqual([
      ['x', 'awaiting_review', 1],
      ['bluesky', 'awaiting_review', 1],
      ['linkedin', 'awaiting_review', 1],
      ['facebook', 'awaiting_review', 1],
      ['site', 'awaiting_review', 1],
    ]);
    const paths = json.drafts.flatMap((draft) => draft.posts.flatMap((post) => post.media.map((media) => media.path)));
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(existsSync(path)).toBe(true);
    // Rendered cards are copied into the store; the temporary render directory is gone.
    expect(readdirSync(dataDir).filter((name) => name.startsWith('render-'))).toEqual([]);

    const queued = JSON.parse((await run('queue', '--json', '--date', '2026-05-14')).stdout) as typeof json;
    expect(queued).toEqual(json);
    expect((await run('approve', '--date', '2026-05-14', '--by', 'ana')).code).toBe(2);
    expect((await run('approve', '--date', '2026-05-14', '--by', 'bruno')).code).toBe(0);
    expect((await run('audit', '--verify')).code).toBe(0);
  });
});
