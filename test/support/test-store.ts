import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { inject } from 'vitest';
import { type Db, type OpenStoreOptions, openPostgresStore, openStore, type Store } from '../../src/store/db.js';
import { postgresDb } from '../../src/store/postgres-db.js';
import { sqliteDb } from '../../src/store/sqlite-db.js';
import { withConnection } from './postgres-schema.js';

/** Which database the store tests run on: the `postgres` project of the test configuration sets it. */
export function testDialect(): 'sqlite' | 'postgres' {
  return process.env.CRIEUR_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * The store a test asks for at `sqlitePath`: that SQLite file, or, in the PostgreSQL run, a schema of
 * the run's cluster named after the path (opening the same path again opens the same store), with
 * its card cache in the folder the SQLite file would be in.
 */
export function openTestStore(sqlitePath: string, options: OpenStoreOptions = {}): Store {
  if (sqlitePath.startsWith('postgres')) return openPostgresStore(sqlitePath, cacheDirOf(sqlitePath), options);
  if (testDialect() === 'sqlite') return openStore(sqlitePath, options);
  // The same card cache as `openQueue` uses for that data directory, so both see the same files.
  return openPostgresStore(postgresUrlForPath(sqlitePath), join(dirname(sqlitePath), 'media-cache'), options);
}

/** The URL of the PostgreSQL schema that stands for the SQLite file at `sqlitePath` (made on first use). */
export function postgresUrlForPath(sqlitePath: string): string {
  const base = inject('postgresUrl');
  if (!base) throw new Error(`The test PostgreSQL cluster did not start: ${inject('postgresClusterError')}`);
  const digest = createHash('sha256').update(sqlitePath).digest();
  const schema = `t_${Array.from(digest.subarray(0, 16), (byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;
  withConnection(base, (client) => {
    client.querySync('SET client_min_messages = warning');
    client.querySync(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  });
  return `${base}${base.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
}

/** A second connection to a store, by its `path` (a SQLite file, read-only, or a PostgreSQL URL): what others see committed. */
export function openTestReader(path: string): Db {
  return path.startsWith('postgres') ? postgresDb(path) : sqliteDb(new Database(path, { readonly: true }));
}

/** A store opened again by its URL keeps a card cache of its own. */
function cacheDirOf(url: string): string {
  return join(tmpdir(), `crieur-media-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`);
}

/** What someone with write access to the database would do before editing the audit log: lift its guard. */
export function liftAuditGuard(store: Store): void {
  store.db.exec(
    store.dialect === 'postgres'
      ? 'ALTER TABLE audit_events DISABLE TRIGGER USER'
      : 'DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;',
  );
}

/** What a CLI run in a test adds to its environment so that it opens the store `openTestStore` opens. */
export function testStoreEnv(dataDir: string): { CRIEUR_DATABASE_URL?: string } {
  return testDialect() === 'postgres'
    ? { CRIEUR_DATABASE_URL: postgresUrlForPath(join(dataDir, 'crieur.sqlite')) }
    : {};
}
