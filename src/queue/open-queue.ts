import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretValues } from '../config/env.js';
import type { LoadedConfig } from '../config/load.js';
import { copyStoreRows } from '../store/copy-store.js';
import { openPostgresStore, openStore, type Store, storePath } from '../store/db.js';
import { localMediaFile } from '../store/media-rows.js';
import { redactedUrl } from '../store/postgres-db.js';
import type { QueueContext } from './context.js';

/**
 * The store of a loaded configuration, with its secrets to redact and its four-eyes rule: PostgreSQL
 * when `CRIEUR_DATABASE_URL` is set, else the SQLite file in the data directory.
 */
export function openQueue(loaded: LoadedConfig, now: () => Date = () => new Date()): QueueContext {
  const url = databaseUrl(loaded);
  const options = { secrets: secretValues(loaded.env), now };
  const store =
    url === undefined
      ? openStore(storePath(loaded.dataDir), options)
      : openPostgresStore(url, mediaDirOf(loaded), options);
  return { store, now, fourEyes: loaded.config.fourEyes };
}

/** Where the cards of drafts are on this machine: the store's files, or on PostgreSQL its cache of them. */
export function mediaDirOf(loaded: LoadedConfig): string {
  return join(loaded.dataDir, databaseUrl(loaded) === undefined ? 'media' : 'media-cache');
}

/** The PostgreSQL database the configuration names, if any. */
export function databaseUrl(loaded: LoadedConfig): string | undefined {
  const url = loaded.env.CRIEUR_DATABASE_URL?.trim();
  return url === undefined || url === '' ? undefined : url;
}

/** Whether there is a store to open: the SQLite file exists, or a PostgreSQL database is named. */
export function hasStore(loaded: LoadedConfig): boolean {
  return databaseUrl(loaded) !== undefined || existsSync(storePath(loaded.dataDir));
}

/** The queue's file in the data directory (it may not exist yet), or the database's URL without password. */
export function queueFile(loaded: LoadedConfig): string {
  const url = databaseUrl(loaded);
  return url === undefined ? storePath(loaded.dataDir) : redactedUrl(url);
}

/** Runs `fn` with the queue open, and closes the store after, whatever happens. */
export async function withQueue<T>(loaded: LoadedConfig, fn: (context: QueueContext) => T | Promise<T>): Promise<T> {
  const context = openQueue(loaded);
  try {
    return await fn(context);
  } finally {
    context.store.close();
  }
}

/**
 * A copy of the queue in a temporary folder, reading the real media files (which are never written):
 * what `publish --dry-run` changes. `remove` deletes the copy.
 */
export async function copyOfQueue(loaded: LoadedConfig): Promise<{ queue: QueueContext; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'crieur-dry-run-'));
  try {
    const real = openQueue(loaded);
    const copyPath = join(dir, 'crieur.sqlite');
    let store: Store;
    try {
      if (real.store.dialect === 'sqlite') {
        real.store.db.prepare('VACUUM INTO ?').run(copyPath);
        store = { ...openStore(copyPath, { secrets: secretValues(loaded.env) }), mediaDir: real.store.mediaDir };
      } else {
        // A rehearsal on PostgreSQL copies the store into a SQLite file, cards included.
        store = openStore(copyPath, { secrets: secretValues(loaded.env) });
        copyStoreRows(real.store.db, store.db);
        for (const row of store.db.prepare('SELECT file FROM media_files').all() as { file: string }[]) {
          localMediaFile({ ...real.store, mediaDir: store.mediaDir }, row.file);
        }
      }
    } finally {
      real.store.close();
    }
    return {
      queue: { store, now: () => new Date(), fourEyes: loaded.config.fourEyes },
      remove: () => {
        store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
