import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';
import { postgresDb, redactedUrl } from './postgres-db.js';
import type { Db, Dialect } from './sql.js';
import { sqliteDb } from './sqlite-db.js';

export type { Db, Dialect } from './sql.js';

export interface Store {
  readonly db: Db;
  readonly dialect: Dialect;
  /** The SQLite file, or the PostgreSQL URL without its password: what messages name. */
  readonly path: string;
  /**
   * Content-addressed copies of every rendered card: `<sha256>.<ext>`. On SQLite, the files themselves;
   * on PostgreSQL the cards live in the database and this folder is this machine's cache of them.
   */
  readonly mediaDir: string;
  /** Secret values scrubbed from every audit event before it is written. */
  readonly secrets: readonly string[];
  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE): all of it is written, or none. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  /** Secret values (see `secretValues` in the config) that must never be written to the audit log. */
  secrets?: readonly string[];
  now?: () => Date;
  /** How long a writer waits for another process's lock before failing. */
  busyTimeoutMs?: number;
}

/**
 * Opens (and creates on first use) the store: one SQLite file, with a `media/` directory beside it.
 * Pending migrations are applied before it is returned.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  mkdirSync(dirname(path), { recursive: true });
  const raw = new Database(path);
  const db = sqliteDb(raw);
  try {
    raw.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    migrate(db, options.now ?? (() => new Date()));
  } catch (error) {
    raw.close();
    throw error;
  }
  const mediaDir = join(dirname(path), 'media');
  mkdirSync(mediaDir, { recursive: true });
  return storeOn(db, path, mediaDir, options);
}

/**
 * Opens the store in a PostgreSQL database (`postgres://…`), applying pending migrations. Cards are
 * kept in the database; `mediaCacheDir` holds this machine's copies of them, made again when missing.
 */
export function openPostgresStore(url: string, mediaCacheDir: string, options: OpenStoreOptions = {}): Store {
  const db = postgresDb(url);
  try {
    migrate(db, options.now ?? (() => new Date()));
  } catch (error) {
    db.close();
    throw error;
  }
  mkdirSync(mediaCacheDir, { recursive: true });
  return storeOn(db, redactedUrl(url), mediaCacheDir, options);
}

function storeOn(db: Db, path: string, mediaDir: string, options: OpenStoreOptions): Store {
  return {
    db,
    dialect: db.dialect,
    path,
    mediaDir,
    secrets: [...(options.secrets ?? [])],
    transaction: <T>(fn: () => T): T => db.transaction(fn),
    close: () => db.close(),
  };
}

/** The store file inside a data directory. */
export function storePath(dataDir: string): string {
  return join(dataDir, 'crieur.sqlite');
}
