import { join, resolve } from 'node:path';
import type { LoadedConfig } from '../src/config/load.js';
import { ConfigError } from '../src/errors.js';
import type { NetworkId } from '../src/networks.js';
import { createBlueskyAdapter, fileSessionStore } from './bluesky/index.js';
import { createDryRunAdapter, type DryRunEntry } from './dry-run/index.js';
import { createFacebookAdapter } from './facebook/index.js';
import { createLinkedInAdapter } from './linkedin/index.js';
import { createSiteAdapter, normaliseBaseUrl } from './site/index.js';
import type { NetworkAdapter } from './types.js';
import { createXAdapter } from './x/index.js';

export interface AdapterSet {
  adapters: Map<NetworkId, NetworkAdapter>;
  /** Enabled networks that could not be set up (missing credentials), each naming the variable. */
  problems: Map<NetworkId, ConfigError>;
}

/**
 * The adapters of the enabled networks, built from the environment. With `dryRun`, every network
 * gets the dry-run adapter, which validates like the network and sends nothing: the only place
 * where a rehearsal differs from the real thing.
 */
export function createAdapters(
  loaded: LoadedConfig,
  options: { dryRun: false } | { dryRun: true; record: (entry: DryRunEntry) => void; now?: () => Date },
): AdapterSet {
  const adapters = new Map<NetworkId, NetworkAdapter>();
  const problems = new Map<NetworkId, ConfigError>();
  for (const network of loaded.config.networks) {
    try {
      adapters.set(
        network,
        options.dryRun
          ? createDryRunAdapter(network, { record: options.record, ...(options.now ? { now: options.now } : {}) })
          : realAdapter(network, loaded),
      );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.set(network, error);
    }
  }
  return { adapters, problems };
}

function realAdapter(network: NetworkId, loaded: LoadedConfig): NetworkAdapter {
  const { env } = loaded;
  const need = (key: keyof typeof env): string => {
    const value = env[key];
    if (value === undefined) {
      throw new ConfigError(
        key,
        `${network} is enabled but ${key} is not set (see .env.example)`,
        `${network} est activé, mais la variable ${key} n'est pas définie (voir .env.example)`,
      );
    }
    return value;
  };
  switch (network) {
    case 'x':
      return createXAdapter({
        credentials: {
          appKey: need('X_API_KEY'),
          appSecret: need('X_API_SECRET'),
          accessToken: need('X_ACCESS_TOKEN'),
          accessSecret: need('X_ACCESS_SECRET'),
        },
        ...(env.X_API_URL ? { apiUrl: env.X_API_URL } : {}),
      });
    case 'bluesky':
      return createBlueskyAdapter({
        service: env.BLUESKY_SERVICE ?? 'https://bsky.social',
        handle: need('BLUESKY_HANDLE'),
        appPassword: need('BLUESKY_APP_PASSWORD'),
        sessionStore: fileSessionStore(join(loaded.dataDir, 'sessions', 'bluesky.json')),
      });
    case 'linkedin':
      return createLinkedInAdapter({
        accessToken: need('LINKEDIN_ACCESS_TOKEN'),
        organization: need('LINKEDIN_ORGANIZATION'),
        ...(env.LINKEDIN_VERSION ? { version: env.LINKEDIN_VERSION } : {}),
        ...(env.LINKEDIN_API_URL ? { apiUrl: env.LINKEDIN_API_URL } : {}),
      });
    case 'facebook':
      return createFacebookAdapter({
        pageId: need('FACEBOOK_PAGE_ID'),
        pageToken: need('FACEBOOK_PAGE_TOKEN'),
        ...(env.FACEBOOK_GRAPH_URL ? { graphUrl: env.FACEBOOK_GRAPH_URL } : {}),
        ...(env.FACEBOOK_GRAPH_VERSION ? { graphVersion: env.FACEBOOK_GRAPH_VERSION } : {}),
      });
    case 'site':
      return createSiteAdapter({
        outputDir: siteOutputDir(loaded),
        baseUrl: siteBaseUrl(loaded),
        stagingDir: join(loaded.dataDir, 'site-media'),
        title: loaded.config.site.title,
        author: loaded.config.site.author,
        timeZone: loaded.config.timezone,
      });
  }
}

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

/** Where the website channel writes its pages (SITE_OUTPUT_DIR, else `<dataDir>/site`). */
export function siteOutputDir(loaded: LoadedConfig): string {
  return loaded.env.SITE_OUTPUT_DIR ? resolve(loaded.env.SITE_OUTPUT_DIR) : join(loaded.dataDir, 'site');
}
