import { join, resolve } from 'node:path';
import type { LoadedConfig } from './load.js';

/** Where the website channel writes its pages (SITE_OUTPUT_DIR, else `<dataDir>/site`). */
export function siteOutputDir(loaded: LoadedConfig): string {
  return loaded.env.SITE_OUTPUT_DIR ? resolve(loaded.env.SITE_OUTPUT_DIR) : join(loaded.dataDir, 'site');
}
