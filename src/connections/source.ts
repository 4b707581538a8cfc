import type { Env, EnvKey } from '../config/env.js';
import type { NetworkId } from '../networks/index.js';
import type { Connections } from './connections.js';
import { type ConnectableNetwork, isConnectable, type StoredCredentials } from './types.js';

/** The variable holding each network's account token: when set, the environment is the source. */
export const ACCOUNT_TOKEN_VARIABLE: Record<ConnectableNetwork, EnvKey> = {
  x: 'X_ACCESS_TOKEN',
  bluesky: 'BLUESKY_APP_PASSWORD',
  linkedin: 'LINKEDIN_ACCESS_TOKEN',
  facebook: 'FACEBOOK_PAGE_TOKEN',
};

export type CredentialSourceName = 'env' | 'store' | 'none';

/**
 * Where `network`'s credentials come from: the environment when its token variable is set (existing
 * installs keep working, and the variables win), else the account connected in the page.
 */
export function credentialSource(
  env: Env,
  network: NetworkId,
  connections: Connections | undefined,
): CredentialSourceName {
  if (!isConnectable(network)) return 'env';
  if (env[ACCOUNT_TOKEN_VARIABLE[network]] !== undefined) return 'env';
  return connections?.get(network) ? 'store' : 'none';
}

/**
 * The stored tokens written as the variables an adapter's setup reads, over the environment (which
 * keeps the app credentials and API origins).
 */
export function envWith(env: Env, credentials: StoredCredentials): Env {
  switch (credentials.network) {
    case 'x':
      return { ...env, X_ACCESS_TOKEN: credentials.accessToken, X_ACCESS_SECRET: credentials.accessSecret };
    case 'bluesky':
      return {
        ...env,
        BLUESKY_SERVICE: credentials.service,
        BLUESKY_HANDLE: credentials.did,
        BLUESKY_APP_PASSWORD: credentials.appPassword,
      };
    case 'linkedin':
      return {
        ...env,
        LINKEDIN_ACCESS_TOKEN: credentials.accessToken,
        LINKEDIN_ORGANIZATION: credentials.organization,
      };
    case 'facebook':
      return { ...env, FACEBOOK_PAGE_ID: credentials.pageId, FACEBOOK_PAGE_TOKEN: credentials.pageToken };
  }
}

/** The tokens of stored credentials, to scrub from logs and messages. */
export function storedSecrets(credentials: StoredCredentials): string[] {
  switch (credentials.network) {
    case 'x':
      return [credentials.accessToken, credentials.accessSecret];
    case 'bluesky': {
      const session = credentials.session as { accessJwt?: unknown; refreshJwt?: unknown } | undefined;
      return [credentials.appPassword, session?.accessJwt, session?.refreshJwt].filter(
        (value): value is string => typeof value === 'string',
      );
    }
    case 'linkedin':
      return [credentials.accessToken, credentials.refreshToken].filter(
        (value): value is string => value !== undefined,
      );
    case 'facebook':
      return [credentials.pageToken];
  }
}
