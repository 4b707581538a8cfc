import type { Connections } from './connections.js';
import { ConnectError } from './errors.js';
import type { ConnectedAccount } from './types.js';

export const DEFAULT_BLUESKY_SERVICE = 'https://bsky.social';

export interface BlueskyLoginResult {
  did: string;
  handle: string;
  session: unknown;
  refreshExpiresAt: Date | undefined;
}

export type BlueskyLoginFn = (login: {
  service: string;
  identifier: string;
  appPassword: string;
}) => Promise<BlueskyLoginResult>;

/**
 * Connects a Bluesky account: the app password is checked at once against the PDS (createSession),
 * then the account, its app password and its session are stored encrypted.
 */
export async function connectBluesky(
  connections: Connections,
  input: { service?: string | undefined; handle: string; appPassword: string; by: string },
  login: BlueskyLoginFn,
): Promise<ConnectedAccount> {
  const identifier = input.handle.trim().replace(/^@/, '');
  const appPassword = input.appPassword.trim();
  if (identifier === '' || appPassword === '') {
    throw new ConnectError(
      'a Bluesky handle and an app password are both needed',
      'il faut l’identifiant Bluesky et un mot de passe d’application',
    );
  }
  const service = normaliseService(input.service ?? DEFAULT_BLUESKY_SERVICE);
  // Checked before anything is stored: without a key nothing is sent either.
  connections.requireKey();
  let result: BlueskyLoginResult;
  try {
    result = await login({ service, identifier, appPassword });
  } catch (error) {
    // The network's refusal (a PublishError) is told to the person as a connection refused.
    const messageFr = (error as { messageFr?: unknown }).messageFr;
    if (typeof messageFr !== 'string' || error instanceof ConnectError) throw error;
    throw new ConnectError((error as Error).message, messageFr, { cause: error });
  }
  connections.connect(
    {
      credentials: {
        network: 'bluesky',
        service,
        handle: result.handle,
        did: result.did,
        appPassword,
        session: result.session,
      },
      account: { id: result.did, handle: `@${result.handle}`, name: result.handle },
      expiresAt: result.refreshExpiresAt ?? null,
      renewable: true,
    },
    input.by,
  );
  return connections.get('bluesky')!;
}

function normaliseService(value: string): string {
  const trimmed = value.trim();
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new ConnectError(`"${value}" is not a server address`, `« ${value} » n’est pas une adresse de serveur`);
  }
  return url.origin;
}
