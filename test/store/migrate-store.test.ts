import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHistory, datesBefore } from '../../bench/history/build-history.js';
import { iterateEvents } from '../../src/audit/journal.js';
import { verifyChain } from '../../src/audit/verify.js';
import { type LoadedConfig, loadConfig } from '../../src/config/load.js';
import { type Prepared, prepareUpdate } from '../../src/pipeline/prepare.js';
import { importDrafts } from '../../src/queue/import.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { CONTENT_TABLES, rowCounts } from '../../src/store/copy-store.js';
import { openPostgresStore, openStore, type Store, storePath } from '../../src/store/db.js';
import { listDrafts } from '../../src/store/drafts-repo.js';
import { MigrateStoreCheckError, migrateStore } from '../../src/store/migrate-store.js';
import { listNetworkAccounts, putNetworkAccount } from '../../src/store/network-accounts-repo.js';
import { insertUser, listUsers } from '../../src/store/users-repo.js';
import { plainSpaces, runCli } from '../cli/run-cli.js';
import { postgresUrlForTest } from '../support/postgres.js';
import { withConnection } from '../support/postgres-schema.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = join(ROOT, 'examples', '2026-05-14-dsn.md');

let dir: string;
let dataDir: string;
let loaded: LoadedConfig;
let prepared: Prepared;

/** A SQLite store with two days of history on X and Bluesky, published through the dry-run adapters. */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crieur-migrate-'));
  dataDir = join(dir, 'data');
  writeFileSync(
    join(dir, 'crieur.yaml'),
    'networks: [x, bluesky]\nmaxThreadPosts: 3\nformats: { x: thread, bluesky: thread }\n',
  );
  loaded = loadConfig({ processEnv: envFor(dataDir), cwd: dir });
  prepared = await prepareUpdate(SAMPLE, { loaded, outDir: join(dir, 'rendered') });
  let clock = new Date();
  const queue = openQueue(loaded, () => clock);
  for (const name of ['Rédaction', 'Approbatrice']) {
    insertUser(queue.store.db, {
      name,
      role: 'approbation',
      passwordHash: 'scrypt$x',
      createdAt: '2026-05-01T00:00:00Z',
    });
  }
  putNetworkAccount(queue.store.db, {
    network: 'bluesky',
    accountId: 'did:plc:abc',
    handle: 'dsn.bsky.social',
    name: 'DSN',
    sealed: 'v1.sealed-tokens',
    expiresAt: null,
    renewable: true,
    connectedBy: 'Approbatrice',
    connectedAt: '2026-05-01T00:00:00Z',
    at: '2026-05-01T00:00:00Z',
  });
  await buildHistory({
    queue,
    setNow: (instant) => {
      clock = instant;
    },
    update: prepared.update,
    drafts: prepared.drafts,
    dates: datesBefore('2026-05-14', 2),
    rules: loaded.config,
    importer: 'Rédaction',
    approver: 'Approbatrice',
  });
  queue.store.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function envFor(data: string): NodeJS.ProcessEnv {
  return { CRIEUR_CONFIG: join(dir, 'crieur.yaml'), CRIEUR_DATA_DIR: data, LOG_LEVEL: 'silent' };
}

async function migrate(data: string, ...argv: string[]) {
  const run = await runCli(['migrate-store', ...argv], { env: envFor(data), cwd: dir });
  return { ...run, out: plainSpaces(run.stdout + run.stderr) };
}

/** A copy of the built data directory, to spoil without touching the shared one. */
function copyOfData(name: string): string {
  const copy = join(dir, name);
  cpSync(dataDir, copy, { recursive: true });
  return copy;
}

function openSource(data = dataDir): Store {
  return openStore(storePath(data));
}

function openTarget(url: string): Store {
  return openPostgresStore(url, join(dir, `cache-${Math.random().toString(36).slice(2)}`));
}

/** The tables of the schema a URL selects: none when nothing was ever written there. */
function tablesIn(url: string): number {
  return withConnection(url, (client) =>
    Number(
      client.querySync('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()')[0]
        ?.n,
    ),
  );
}

/** Every row of a table, in an order both databases agree on. */
function rowsOf(store: Store, table: string): string[] {
  return (store.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[])
    .map((row) => JSON.stringify(row))
    .sort();
}

describe('crieur migrate-store', () => {
  it('copies every row, the audit chain and the card files into PostgreSQL, and ids continue after them', async () => {
    const url = postgresUrlForTest();
    const source = openSource();
    const before = rowCounts(source.db);
    const maxDraftId = Number(source.db.prepare('SELECT MAX(id) FROM drafts').pluck().get());
    const maxEventId = Number(source.db.prepare('SELECT MAX(id) FROM audit_events').pluck().get());
    expect(before.ledger_parts).toBeGreaterThan(0);
    expect(before.network_accounts).toBe(1);

    const run = await migrate(dataDir, '--to', url, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      to: string;
      tables: Record<string, number>;
      media: { files: number; bytes: number; missing: string[] };
      audit: { before: number; after: number };
    };
    const cards = readdirSync(join(dataDir, 'media')).filter((name) => /^[0-9a-f]{64}\.(png|jpg)$/.test(name));
    expect(cards.length).toBeGreaterThan(0);
    const cardBytes = cards.reduce((sum, name) => sum + readFileSync(join(dataDir, 'media', name)).length, 0);
    expect(report).toEqual({
      ok: true,
      to: url,
      tables: { ...before, media_files: cards.length },
      media: { files: cards.length, bytes: cardBytes, missing: [] },
      audit: { before: before.audit_events, after: before.audit_events },
    });

    const target = openTarget(url);
    try {
      expect(listDrafts(target.db)).toEqual(listDrafts(source.db));
      expect([...iterateEvents(target.db)]).toEqual([...iterateEvents(source.db)]);
      expect(verifyChain(target.db)).toEqual({ ok: true, count: before.audit_events });
      expect(listUsers(target.db)).toEqual(listUsers(source.db));
      expect(listNetworkAccounts(target.db)).toEqual(listNetworkAccounts(source.db));
      for (const table of CONTENT_TABLES.filter((name) => name !== 'media_files')) {
        expect(rowsOf(target, table), table).toEqual(rowsOf(source, table));
      }
      for (const name of cards) {
        const row = target.db.prepare('SELECT sha256, mime, bytes FROM media_files WHERE file = ?').get(name) as {
          sha256: string;
          mime: string;
          bytes: Buffer;
        };
        expect(row.sha256).toBe(name.slice(0, 64));
        expect(row.mime).toBe(name.endsWith('.png') ? 'image/png' : 'image/jpeg');
        expect(Buffer.compare(row.bytes, readFileSync(join(dataDir, 'media', name)))).toBe(0);
      }

      // The next import numbers its rows after the copied ones.
      const next = importDrafts(
        { store: target, now: () => new Date('2026-05-13T20:00:00Z') },
        { update: { ...prepared.update, date: '2026-05-20' }, drafts: prepared.drafts, by: 'Rédaction' },
      );
      expect(Math.min(...next.drafts.map((draft) => draft.id))).toBe(maxDraftId + 1);
      expect(Number(target.db.prepare('SELECT MIN(id) FROM audit_events WHERE id > ?').pluck().get(maxEventId))).toBe(
        maxEventId + 1,
      );
      expect(verifyChain(target.db).ok).toBe(true);
    } finally {
      target.close();
      source.close();
    }
  });

  it('refuses a database that already holds a store, and leaves it as it was', async () => {
    const url = postgresUrlForTest();
    expect((await migrate(dataDir, '--to', url)).code).toBe(0);
    const target = openTarget(url);
    const held = rowCounts(target.db);
    const again = await migrate(dataDir, '--to', url);
    expect(again.code).toBe(2);
    expect(again.out).toContain('contient déjà une base crieur');
    expect(again.out).toContain('already holds a store');
    expect(rowCounts(target.db)).toEqual(held);
    target.close();
  });

  it('refuses a source whose audit chain was tampered with, and writes nothing', async () => {
    const data = copyOfData('tampered');
    const source = openSource(data);
    source.db.exec('DROP TRIGGER IF EXISTS audit_events_no_update');
    source.db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE id = 3").run();
    source.close();
    const url = postgresUrlForTest();
    const run = await migrate(data, '--to', url);
    expect(run.code).toBe(2);
    expect(run.out).toContain('le journal d’audit');
    expect(run.out).toContain('event 3');
    expect(tablesIn(url)).toBe(0);
  });

  it('rolls the whole copy back when the chain does not verify on PostgreSQL, saying so', async () => {
    const url = postgresUrlForTest();
    const attempt = () =>
      migrateStore({
        sqlitePath: storePath(dataDir),
        mediaDir: join(dataDir, 'media'),
        targetUrl: url,
        force: false,
        now: () => new Date(),
        // As if a row had changed on the way: the source verifies, the copy does not.
        verifyChain: (db) =>
          db.dialect === 'sqlite'
            ? verifyChain(db)
            : {
                ok: false,
                count: 2,
                firstBadId: 3,
                reason: 'event 3 was modified (its hash does not match its content)',
              },
      });
    expect(attempt).toThrow(MigrateStoreCheckError);
    expect(attempt).toThrow(/audit chain does not verify on the copy \(event 3: .*\); it was rolled back/);
    const target = openTarget(url);
    expect(Object.values(rowCounts(target.db)).every((count) => count === 0)).toBe(true);
    target.close();
    // Nothing stayed: the same database takes the copy once the chain checks out.
    expect((await migrate(dataDir, '--to', url)).code).toBe(0);
  });

  it('refuses a --to that is not a PostgreSQL URL, or none, without showing a password', async () => {
    for (const to of ['mysql://crieur:hunter2-secret@db/crieur', 'db.example.org hunter2-secret']) {
      const run = await migrate(dataDir, '--to', to);
      expect(run.code).toBe(2);
      expect(run.out).toContain('--to attend une adresse PostgreSQL');
      expect(run.out).not.toContain('hunter2-secret');
    }
    const none = await migrate(dataDir);
    expect(none.code).toBe(2);
    expect(none.out).toContain('--to postgres://… est requis');
  });

  it('refuses a data directory without a store', async () => {
    const run = await migrate(join(dir, 'empty'), '--to', postgresUrlForTest());
    expect(run.code).toBe(2);
    expect(run.out).toContain('aucune base SQLite');
  });

  it('waits for a crieur run seen in the last minute, unless --force', async () => {
    const data = copyOfData('running');
    const source = openSource(data);
    source.db
      .prepare('INSERT INTO instances (id, host, pid, started_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
      .run('i1', 'web-1', 4242, new Date().toISOString(), new Date().toISOString());
    source.close();
    const url = postgresUrlForTest();
    const run = await migrate(data, '--to', url);
    expect(run.code).toBe(2);
    expect(run.out).toContain('web-1 pid 4242');
    expect(tablesIn(url)).toBe(0);
    expect((await migrate(data, '--to', url, '--force')).code).toBe(0);
  });

  it('never shows the password of --to, in the report or in a failure', async () => {
    const url = postgresUrlForTest().replace('postgres://crieur@', 'postgres://crieur:pa55-w0rd@');
    const run = await migrate(dataDir, '--to', url, '--json');
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('pa55-w0rd');
    expect((JSON.parse(run.stdout) as { to: string }).to).toContain('crieur:***@');
    const again = await migrate(dataDir, '--to', url);
    expect(again.code).toBe(2);
    expect(again.out).not.toContain('pa55-w0rd');
    const unreachable = await migrate(dataDir, '--to', 'postgres://crieur:pa55-w0rd@127.0.0.1:1/crieur');
    expect(unreachable.code).toBe(1);
    expect(unreachable.out).toContain('PostgreSQL unreachable');
    expect(unreachable.out).not.toContain('pa55-w0rd');
  });

  it('runs as a command: prints what it copied and the next step', () => {
    const url = postgresUrlForTest();
    const run = spawnSync('node', [join(ROOT, 'bin', 'crieur.js'), 'migrate-store', '--to', url], {
      encoding: 'utf8',
      env: { ...process.env, ...envFor(dataDir) },
      cwd: dir,
    });
    // A stale dist/ is compiled first, and says so on stderr: nothing else may be there.
    expect(run.stderr.replace(/^crieur: compiling.*\n/gm, '')).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('audit_events');
    expect(run.stdout).toMatch(/Cards: \d+ files, \d+ bytes/);
    expect(run.stdout).toContain('set CRIEUR_DATABASE_URL');
    expect(run.stdout).toContain('keep `crieur run` stopped');
  });
});
