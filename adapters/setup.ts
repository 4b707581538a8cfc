import type { EnvKey } from '../src/config/env.js';
import type { LoadedConfig } from '../src/config/load.js';
import type { NetworkAdapter } from '../src/publish/port.js';
import type { SessionStore } from './bluesky/session-store.js';

/** What an adapter is built from: the loaded configuration, and a reader of required variables. */
export interface AdapterSetup {
  loaded: LoadedConfig;
  /** The variable's value; throws a ConfigError naming it when it is not set. */
  need(key: EnvKey): string;
  /** Where a network session is kept (Bluesky), when not in the data directory's session file. */
  sessionStore?: SessionStore;
}

/**
 * Reads a network's settings now (so a missing credential is reported at start-up) and returns
 * the loader of its adapter, whose module loads on first use.
 */
export type SetUpAdapter = (setup: AdapterSetup) => () => Promise<NetworkAdapter>;
