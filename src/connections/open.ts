import type { LoadedConfig } from '../config/load.js';
import type { QueueContext } from '../queue/context.js';
import { type Connections, openConnections } from './connections.js';
import { readSecretKey } from './secret-key.js';

/**
 * The connected accounts of a loaded configuration's store, with the key from CRIEUR_SECRET_KEY or
 * CRIEUR_SECRET_KEY_FILE (relative to `cwd`). A malformed or wrong key throws a SecretKeyError.
 */
export function connectionsFor(loaded: LoadedConfig, queue: QueueContext, cwd: string = process.cwd()): Connections {
  return openConnections(queue, readSecretKey(loaded.env, cwd));
}
