import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvent } from '../../src/audit/journal.js';
import { verifyChain } from '../../src/audit/verify.js';
import { approve } from '../../src/queue/approve.js';
import { importDrafts } from '../../src/queue/import.js';
import { openPostgresStore, type Store } from '../../src/store/db.js';
import { listDrafts } from '../../src/store/drafts-repo.js';
import { localMediaFile } from '../../src/store/media-rows.js';
import { DatabaseUnavailableError, WRITE_LOCK } from '../../src/store/postgres-db.js';
import { toPostgres } from '../../src/store/postgres-sql.js';
import { makeCard, makeUpdate, tempDir } from '../queue/fixtures.js';
import { postgresUrlForTest } from '../support/postgres.js';
import { withConnection } from '../support/postgres-schema.js';

/**
 * What only PostgreSQL has to prove: the schema's guards, two machines sharing nothing but the
 * database (cards included), a connection that drops, and writers that take turns across processes.
 */

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function machine(url: string, name: string, now = () => new Date('2026-05-14T12:00:00Z')): Store {
  const dir = tempDir(`crieur-pg-${name}-`);
  const store = openPostgresStore(url, join(dir.path, 'media-cache'), { now });
  cleanups.push(() => {
    store.close();
    dir.remove();
  });
  return store;
}

describe('the store on PostgreSQL', () => {
  it('has every migration, an append-only audit log and the same constraints as SQLite', () => {
    const store = machine(postgresUrlForTest(), 'schema');
    const versions = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    appendEvent(store.db, { at: new Date(), actor: 'ana', action: 'approve', subject: 'd1', data: {} });
    expect(() => store.db.exec("UPDATE audit_events SET actor = 'bob'")).toThrow(/append-only/);
    expect(() => store.db.exec('DELETE FROM audit_events')).toThrow(/append-only/);
    expect(() => store.db.exec('TRUNCATE audit_events')).toThrow(/append-only/);
    expect(verifyChain(store.db)).toEqual({ ok: true, count: 1 });
    expect(() =>
      store.db
        .prepare(
          `INSERT INTO drafts (update_id, date, network, status, version, content_hash, created_at, updated_at)
           VALUES (1, '2026-05-14', 'myspace', 'approved', 1, 'h', 'a', 'a')`,
        )
        .run(),
    ).toThrow(/drafts_network_check|foreign key/);
    expect(() => store.db.prepare("INSERT INTO draft_versions VALUES (99, 1, '{}', 'h', 'x', 'a')").run()).toThrow(
      /foreign key/,
    );
  });

  it('lets a second machine approve cards the first one made: the cards come from the database', async () => {
    const url = postgresUrlForTest();
    const first = machine(url, 'first');
    const second = machine(url, 'second');
    const dir = tempDir('crieur-pg-cards-');
    cleanups.push(dir.remove);
    const card = await makeCard(dir.path, 'figures', '#0b4f8a', 'Chiffres clés : 22 460 utilisateurs connectés.');
    const context = { store: first, now: () => new Date('2026-05-14T12:00:00Z'), fourEyes: true };
    const { drafts } = importDrafts(context, {
      update: makeUpdate(),
      drafts: [{ network: 'x', posts: [{ text: 'Mise à jour du 14 mai', media: [card] }], warnings: [] }],
      by: 'redaction',
    });
    const approved = approve({ ...context, store: second }, { draftId: drafts[0]!.id, by: 'approbation' });
    expect(approved.status).toBe('approved');
    const media = approved.content.posts[0]!.media[0]!;
    expect(readFileSync(localMediaFile(second, media.file))).toEqual(readFileSync(card.path));
    expect(listDrafts(second.db)).toEqual(listDrafts(first.db));
  });

  it('reports a dropped connection as unavailable, writes nothing of the failed statement, and reconnects', () => {
    const url = postgresUrlForTest();
    const store = machine(url, 'dropped');
    const pid = store.db.prepare('SELECT pg_backend_pid() AS pid').pluck().get() as number;
    withConnection(url, (client) => client.querySync('SELECT pg_terminate_backend($1)', [pid]));
    expect(() =>
      store.transaction(() =>
        appendEvent(store.db, { at: new Date(), actor: 'ana', action: 'approve', subject: 'd1', data: {} }),
      ),
    ).toThrow(DatabaseUnavailableError);
    expect(store.db.prepare('SELECT pg_backend_pid() AS pid').pluck().get()).not.toBe(pid);
    expect(verifyChain(store.db)).toEqual({ ok: true, count: 0 });
    appendEvent(store.db, { at: new Date(), actor: 'ana', action: 'approve', subject: 'd1', data: {} });
    expect(verifyChain(store.db)).toEqual({ ok: true, count: 1 });
  });

  it('makes a writer wait for another process’s write transaction, then see what it committed', async () => {
    const url = postgresUrlForTest();
    const store = machine(url, 'turns');
    store.db.exec('CREATE TABLE turns (who TEXT NOT NULL)');
    // Another process takes the write lock, says so, holds it a moment, writes its row and commits.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const C = require('pg-native'); const c = new C(); c.connectSync(process.argv[1]);
         c.querySync('BEGIN'); c.querySync('SELECT pg_advisory_xact_lock(${WRITE_LOCK})');
         process.stdout.write('locked\\n');
         setTimeout(() => { c.querySync("INSERT INTO turns VALUES ('other')"); c.querySync('COMMIT'); c.end(); }, 800);`,
        url,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const seen = store.transaction(() => {
      const before = store.db.prepare('SELECT who FROM turns').pluck().all();
      store.db.prepare("INSERT INTO turns VALUES ('store')").run();
      return before;
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(seen).toEqual(['other']);
    expect(store.db.prepare('SELECT who FROM turns ORDER BY who').pluck().all()).toEqual(['other', 'store']);
  });
});

describe('SQL written for both databases, as PostgreSQL runs it', () => {
  it('numbers placeholders, leaves quoted text alone, quotes camelCase aliases and matches any case', () => {
    expect(
      toPostgres("SELECT d.id AS draftId, '?' AS mark FROM drafts d WHERE actor LIKE ? AND id = ?", ['%a%', 3]),
    ).toEqual({
      text: `SELECT d.id AS "draftId", '?' AS mark FROM drafts d WHERE actor ILIKE $1 AND id = $2`,
      values: ['%a%', 3],
    });
    expect(
      toPostgres('UPDATE leases SET renewed_at = @at, expires_at = @at WHERE name = @name', [{ at: 't', name: 'n' }]),
    ).toEqual({ text: 'UPDATE leases SET renewed_at = $1, expires_at = $1 WHERE name = $2', values: ['t', 'n'] });
    expect(() => toPostgres('SELECT @missing', [{}])).toThrow(/@missing/);
  });
});
