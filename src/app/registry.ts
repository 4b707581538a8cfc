import type { AtpSessionData } from '@atproto/api';
import { jwtExpiry } from '../../adapters/bluesky/jwt-expiry.js';
import type { SessionStore } from '../../adapters/bluesky/session-store.js';
import { setUpBluesky } from '../../adapters/bluesky/setup.js';
import { setUpFacebook } from '../../adapters/facebook/setup.js';
import { setUpLinkedIn } from '../../adapters/linkedin/setup.js';
import type { SetUpAdapter } from '../../adapters/setup.js';
import { setUpSite } from '../../adapters/site/setup.js';
import { setUpX } from '../../adapters/x/setup.js';
import type { LoadedConfig } from '../config/load.js';
import type { Connections } from '../connections/connections.js';
import { credentialSource, envWith } from '../connections/source.js';
import { type ConnectableNetwork, isConnectable, type StoredCredentials } from '../connections/types.js';
import { ConfigError } from '../errors.js';
import { NETWORK_FACTS, type NetworkId } from '../networks/index.js';
import type { DryRunEntry } from '../publish/dry-run-journal.js';
import type { NetworkAdapter } from '../publish/port.js';
import { lazyAdapter } from './lazy-adapter.js';
import { storedAdapter } from './stored-adapter.js';

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
  options:
    | { dryRun: false; connections?: Connections }
    | { dryRun: true; record: (entry: DryRunEntry) => void; now?: () => Date },
): AdapterSet {
  const adapters = new Map<NetworkId, NetworkAdapter>();
  const problems = new Map<NetworkId, ConfigError>();
  const connections = options.dryRun ? undefined : options.connections;
  const fromStore = new Set<NetworkId>();
  for (const network of loaded.config.networks) {
    if (connections && credentialSource(loaded.env, network, undefined) !== 'env') {
      fromStore.add(network);
      const missing = missingVariable(network, loaded);
      if (missing && connections.get(network as ConnectableNetwork) === null) {
        problems.set(
          network,
          new ConfigError(
            missing.key,
            `${network} is enabled but not connected: connect it in the « Comptes » page (or crieur connect ${network}), or set ${missing.key} and the other variables of .env.example`,
            `${network} est activé, mais n’est pas connecté : un administrateur doit le connecter dans la page « Comptes » (ou définir ${missing.key}, voir .env.example)`,
          ),
        );
      }
    }
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
          : realAdapter(network, loaded, options.connections),
      );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.set(network, error);
    }
  }
  if (connections === undefined || fromStore.size === 0) return { adapters, problems };
  // A network connected in the page has an adapter only while an account is connected: until then
  // its drafts are not sent (and stay approved), and the next tick after a connection sends them.
  return {
    adapters: new LiveAdapters(
      adapters,
      (network) => !fromStore.has(network) || connections.get(network as ConnectableNetwork) !== null,
    ),
    problems,
  };
}

/** The adapters, those of the networks connected in the page present only while an account is. */
class LiveAdapters extends Map<NetworkId, NetworkAdapter> {
  readonly #available: (network: NetworkId) => boolean;
  constructor(adapters: Map<NetworkId, NetworkAdapter>, available: (network: NetworkId) => boolean) {
    super(adapters);
    this.#available = available;
  }
  override get(network: NetworkId): NetworkAdapter | undefined {
    return this.#available(network) ? super.get(network) : undefined;
  }
  override has(network: NetworkId): boolean {
    return this.#available(network) && super.has(network);
  }
}

/** The environment's error for the first variable `network` misses, when it misses one. */
function missingVariable(network: NetworkId, loaded: LoadedConfig): ConfigError | undefined {
  try {
    setUpFromEnv(network, loaded);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

/**
 * The network's adapter from its environment variables; when its token variable is not set and
 * `connections` is given, from the account connected in the page instead.
 */
function realAdapter(network: NetworkId, loaded: LoadedConfig, connections?: Connections): NetworkAdapter {
  if (connections && isConnectable(network) && credentialSource(loaded.env, network, undefined) !== 'env') {
    return storedAdapter(network, NETWORK_FACTS[network].limits, connections, (credentials) =>
      setUpFromEnv(
        network,
        { ...loaded, env: envWith(loaded.env, credentials) },
        keptSession(connections, credentials),
      ),
    );
  }
  return lazyAdapter(network, NETWORK_FACTS[network].limits, setUpFromEnv(network, loaded));
}

/** A Bluesky session kept encrypted with the connected account, instead of in a session file. */
function keptSession(connections: Connections, credentials: StoredCredentials): SessionStore | undefined {
  if (credentials.network !== 'bluesky') return undefined;
  return {
    async load() {
      const found = connections.credentials('bluesky');
      return found?.credentials.did === credentials.did
        ? (found.credentials.session as AtpSessionData | undefined)
        : undefined;
    },
    async save(session) {
      const found = connections.credentials('bluesky');
      if (found === null || found.credentials.did !== credentials.did) return;
      const { session: _old, ...rest } = found.credentials;
      const expiresAt = session ? (jwtExpiry(session.refreshJwt) ?? null) : null;
      connections.update('bluesky', session ? { ...rest, session } : rest, expiresAt);
    },
  };
}

function setUpFromEnv(
  network: NetworkId,
  loaded: LoadedConfig,
  sessionStore?: SessionStore,
): () => Promise<NetworkAdapter> {
  const { env } = loaded;
  const need = (key: keyof typeof env): string => {
    const value = env[key];
    if (value === undefined) {
      throw new ConfigError(
        key,
        `${network} is enabled but ${key} is not set (see .env.example)`,
        `${network} est activé, mais la variable ${key} n’est pas définie (voir .env.example)`,
      );
    }
    return value;
  };
  return SET_UP[network]({ loaded, need, ...(sessionStore ? { sessionStore } : {}) });
}

/** The website channel's page renderer, for the review page's preview of a website draft. */
export { readSiteText } from '../../adapters/site/document.js';
export { articleBody, type PageImage, pageHtml } from '../../adapters/site/page.js';
export { SITE_CSS } from '../../adapters/site/style.js';

/** Checks a Bluesky app password at once (`createSession`) and returns the session it opens. */
export async function blueskyLogin(
  login: import('../../adapters/bluesky/connect.js').BlueskyLogin,
): Promise<import('../../adapters/bluesky/connect.js').BlueskyConnection> {
  return (await import('../../adapters/bluesky/connect.js')).loginToBluesky(login);
}

/** Renews a kept Bluesky session (`refreshSession`). */
export async function blueskyRefresh(
  service: string,
  session: AtpSessionData,
): Promise<{ session: AtpSessionData; refreshExpiresAt: Date | undefined }> {
  return (await import('../../adapters/bluesky/connect.js')).refreshBlueskySession(service, session);
}

/**
 * The authorisation flow of `network` with the app credentials of the environment, or a
 * ConfigError naming the missing variable.
 */
export async function oauthProvider(
  network: import('../connections/oauth-flow.js').OAuthNetwork,
  env: LoadedConfig['env'],
  now: () => Date,
): Promise<import('../connections/oauth-flow.js').OAuthProvider> {
  const need = (key: keyof typeof env): string => {
    const value = env[key];
    if (value === undefined) {
      throw new ConfigError(
        key,
        `connecting ${network} needs the app's ${key} in the environment (see .env.example)`,
        `pour connecter ${network}, la variable ${key} de l’application doit être définie (voir .env.example)`,
      );
    }
    return value;
  };
  if (network === 'linkedin') {
    const app = {
      clientId: need('LINKEDIN_CLIENT_ID'),
      clientSecret: need('LINKEDIN_CLIENT_SECRET'),
      oauthUrl: env.LINKEDIN_OAUTH_URL,
      apiUrl: env.LINKEDIN_API_URL,
      version: env.LINKEDIN_VERSION,
    };
    return (await import('../../adapters/linkedin/oauth-provider.js')).linkedInOAuthProvider(app, now);
  }
  if (network === 'facebook') {
    const app = {
      appId: need('FACEBOOK_APP_ID'),
      appSecret: need('FACEBOOK_APP_SECRET'),
      dialogUrl: env.FACEBOOK_DIALOG_URL,
      graphUrl: env.FACEBOOK_GRAPH_URL,
      graphVersion: env.FACEBOOK_GRAPH_VERSION,
    };
    return (await import('../../adapters/facebook/oauth.js')).facebookOAuthProvider(app);
  }
  const app = { appKey: need('X_API_KEY'), appSecret: need('X_API_SECRET'), apiUrl: env.X_API_URL };
  return (await import('../../adapters/x/oauth.js')).xOAuthProvider(app);
}

/** Renews a LinkedIn access token with its refresh token. */
export async function linkedInRenew(
  env: LoadedConfig['env'],
  refreshToken: string,
  now: Date,
): Promise<import('../../adapters/linkedin/oauth.js').LinkedInTokens> {
  const { LINKEDIN_CLIENT_ID: clientId, LINKEDIN_CLIENT_SECRET: clientSecret } = env;
  if (clientId === undefined || clientSecret === undefined) {
    throw new ConfigError(
      'LINKEDIN_CLIENT_ID',
      'renewing the LinkedIn token needs LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET',
      'le renouvellement du jeton LinkedIn demande LINKEDIN_CLIENT_ID et LINKEDIN_CLIENT_SECRET',
    );
  }
  const { linkedInRefresh } = await import('../../adapters/linkedin/oauth.js');
  return linkedInRefresh({ clientId, clientSecret, oauthUrl: env.LINKEDIN_OAUTH_URL }, refreshToken, now);
}
