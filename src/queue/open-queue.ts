import { secretValues } from '../config/env.js';
import type { LoadedConfig } from '../config/load.js';
import { openStore, storePath } from '../store/db.js';
import type { QueueContext } from './context.js';

/** The store of a loaded configuration, with its secrets to redact and its four-eyes rule. */
export function openQueue(loaded: LoadedConfig, now: () => Date = () => new Date()): QueueContext {
  const store = openStore(storePath(loaded.dataDir), { secrets: secretValues(loaded.env), now });
  return { store, now, fourEyes: loaded.config.fourEyes };
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
