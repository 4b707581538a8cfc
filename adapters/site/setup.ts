import { join } from 'node:path';
import type { LoadedConfig } from '../../src/config/load.js';
import { siteOutputDir } from '../../src/config/site-output.js';
import { ConfigError } from '../../src/errors.js';
import type { SetUpAdapter } from '../setup.js';
import { normaliseBaseUrl } from './base-url.js';

export const setUpSite: SetUpAdapter = ({ loaded }) => {
  const options = {
    outputDir: siteOutputDir(loaded),
    baseUrl: siteBaseUrl(loaded),
    stagingDir: join(loaded.dataDir, 'site-media'),
    title: loaded.config.site.title,
    author: loaded.config.site.author,
    timeZone: loaded.config.timezone,
  };
  return async () => (await import('./index.js')).createSiteAdapter(options);
};

/** SITE_BASE_URL, or the local web server's `/site/` so the website works with no configuration. */
function siteBaseUrl(loaded: LoadedConfig): string {
  const value = loaded.env.SITE_BASE_URL ?? `http://localhost:${loaded.config.web.port}/site/`;
  try {
    return normaliseBaseUrl(value);
  } catch {
    throw new ConfigError(
      'SITE_BASE_URL',
      `"${value}" is not an http(s) address (see .env.example)`,
      `« ${value} » n'est pas une adresse http(s) (voir .env.example)`,
    );
  }
}
