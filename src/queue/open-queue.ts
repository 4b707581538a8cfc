import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretValues } from '../config/env.js';
import type { LoadedConfig } from '../config/load.js';
import { openStore, storePath } from '../store/db.js';
import type { QueueContext } from './context.js';

/** The store of a loaded configuration, with its secrets to redact and its four-eyes rule. */
export function openQueue(loaded: LoadedConfig, now: () => Date = () => new Date()): QueueContext {
  const store = openStore(storePath(loaded.dataDir), { secrets: secretValues(loaded.env), now });
  return { store, now, fourEyes: loaded.config.fourEyes };
}

/** The queue's file in the data directory; it may not exist yet. */
export function queueFile(loaded: LoadedConfig): string {
  return storePath(loaded.dataDir);
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
    try {
      await real.store.db.backup(copyPath);
    } finally {
      real.store.close();
    }
    const store = { ...openStore(copyPath, { secrets: secretValues(loaded.env) }), mediaDir: real.store.mediaDir };
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
