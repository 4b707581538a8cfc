import { join } from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import { type CardCache, diskCardCache } from '../render/card-cache.js';

/**
 * The rendered cards kept between runs, in the data directory (`cache/cards`, safe to delete):
 * a second preview of an update, or its import after a preview, draws nothing again.
 */
export function cardCacheFor(loaded: LoadedConfig): CardCache {
  return diskCardCache(join(loaded.dataDir, 'cache', 'cards'));
}
