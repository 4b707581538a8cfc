import { join, resolve } from 'node:path';
import { NETWORK_LIMITS } from '../../adapters/dry-run/network-limits.js';
import { normaliseBaseUrl } from '../../adapters/site/base-url.js';
import type { LoadedConfig } from '../config/load.js';
import { ConfigError } from '../errors.js';
import type { NetworkId } from '../networks/index.js';
import type { DryRunEntry } from '../publish/dry-run-journal.js';
import type { NetworkAdapter } from '../publish/port.js';
import { lazyAdapter } from './lazy-adapter.js';

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
          ? lazyAdapter(network, NETWORK_LIMITS[network], async () =>
              (await import('../../adapters/dry-run/adapter.js')).createDryRunAdapter(network, {
                record: options.record,
                ...(options.now ? { now: options.now } : {}),
              }),
            )
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
    // Credentials are checked now, so a missing one is reported at start-up; the module loads on first use.
    case 'x': {
      const options = {
        credentials: {
          appKey: need('X_API_KEY'),
          appSecret: need('X_API_SECRET'),
          accessToken: need('X_ACCESS_TOKEN'),
          accessSecret: need('X_ACCESS_SECRET'),
        },
        ...(env.X_API_URL ? { apiUrl: env.X_API_URL } : {}),
      };
      return lazyAdapter(network, NETWORK_LIMITS[network], async () =>
        (await import('../../adapters/x/adapter.js')).createXAdapter(options),
      );
    }
    case 'bluesky': {
      const service = env.BLUESKY_SERVICE ?? 'https://bsky.social';
      const handle = need('BLUESKY_HANDLE');
      const appPassword = need('BLUESKY_APP_PASSWORD');
      return lazyAdapter(network, NETWORK_LIMITS[network], async () => {
        const { createBlueskyAdapter, fileSessionStore } = await import('../../adapters/bluesky/index.js');
        const sessionStore = fileSessionStore(join(loaded.dataDir, 'sessions', 'bluesky.json'));
        return createBlueskyAdapter({ service, handle, appPassword, sessionStore });
      });
    }
    case 'linkedin': {
      const options = {
        accessToken: need('LINKEDIN_ACCESS_TOKEN'),
        organization: need('LINKEDIN_ORGANIZATION'),
        ...(env.LINKEDIN_VERSION ? { version: env.LINKEDIN_VERSION } : {}),
        ...(env.LINKEDIN_API_URL ? { apiUrl: env.LINKEDIN_API_URL } : {}),
      };
      return lazyAdapter(network, NETWORK_LIMITS[network], async () =>
        (await import('../../adapters/linkedin/index.js')).createLinkedInAdapter(options),
      );
    }
    case 'facebook': {
      const options = {
        pageId: need('FACEBOOK_PAGE_ID'),
        pageToken: need('FACEBOOK_PAGE_TOKEN'),
        ...(env.FACEBOOK_GRAPH_URL ? { graphUrl: env.FACEBOOK_GRAPH_URL } : {}),
        ...(env.FACEBOOK_GRAPH_VERSION ? { graphVersion: env.FACEBOOK_GRAPH_VERSION } : {}),
      };
      return lazyAdapter(network, NETWORK_LIMITS[network], async () =>
        (await import('../../adapters/facebook/index.js')).createFacebookAdapter(options),
      );
    }
    case 'site': {
      const options = {
        outputDir: siteOutputDir(loaded),
        baseUrl: siteBaseUrl(loaded),
        stagingDir: join(loaded.dataDir, 'site-media'),
        title: loaded.config.site.title,
        author: loaded.config.site.author,
        timeZone: loaded.config.timezone,
      };
      return lazyAdapter(network, NETWORK_LIMITS[network], async () =>
        (await import('../../adapters/site/index.js')).createSiteAdapter(options),
      );
    }
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
