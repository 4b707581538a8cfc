import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export type Db = Database.Database;

export interface Store {
  readonly db: Db;
  /** The SQLite file. */
  readonly path: string;
  /** Content-addressed copies of every rendered card: `<sha256>.<ext>`. */
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
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.now ?? (() => new Date()));
  } catch (error) {
    db.close();
    throw error;
  }
  const mediaDir = join(dirname(path), 'media');
  mkdirSync(mediaDir, { recursive: true });
  return {
    db,
    path,
    mediaDir,
    secrets: [...(options.secrets ?? [])],
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}

/** The store file inside a data directory. */
export function storePath(dataDir: string): string {
  return join(dataDir, 'crieur.sqlite');
}
