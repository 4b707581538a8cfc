import { setUpBluesky } from '../../adapters/bluesky/setup.js';
import { setUpFacebook } from '../../adapters/facebook/setup.js';
import { setUpLinkedIn } from '../../adapters/linkedin/setup.js';
import type { SetUpAdapter } from '../../adapters/setup.js';
import { setUpSite } from '../../adapters/site/setup.js';
import { setUpX } from '../../adapters/x/setup.js';
import type { LoadedConfig } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { NETWORK_FACTS, type NetworkId } from '../networks/index.js';
import type { DryRunEntry } from '../publish/dry-run-journal.js';
import type { NetworkAdapter } from '../publish/port.js';
import { lazyAdapter } from './lazy-adapter.js';

/**
 * Where each network's adapter comes from: the one place that wires `adapters/` in. Adding a
 * network adds one line here (credentials are read at start-up, the module loads on first use).
 */
const SET_UP: Record<NetworkId, SetUpAdapter> = {
  x: setUpX,
  bluesky: setUpBluesky,
  linkedin: setUpLinkedIn,
  facebook: setUpFacebook,
  site: setUpSite,
};

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
          ? lazyAdapter(network, NETWORK_FACTS[network].limits, async () =>
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
  return lazyAdapter(network, NETWORK_FACTS[network].limits, SET_UP[network]({ loaded, need }));
}
