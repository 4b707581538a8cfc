import { AtpAgent, type AtpSessionData, XRPCError } from '@atproto/api';
import { AuthError } from '../../src/publish/port-errors.js';
import { classifyBlueskyError } from './classify.js';
import { jwtExpiry } from './jwt-expiry.js';
import { timedFetch } from './timed-fetch.js';

export interface BlueskyLogin {
  service: string;
  /** Handle or DID. */
  identifier: string;
  appPassword: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export interface BlueskyConnection {
  did: string;
  handle: string;
  session: AtpSessionData;
  /** When the refresh token ends: the session lives until then, and each refresh extends it. */
  refreshExpiresAt: Date | undefined;
}

/** Logs in once (`createSession`) to check the app password at once, and keeps the session it gives. */
export async function loginToBluesky(login: BlueskyLogin): Promise<BlueskyConnection> {
  const agent = new AtpAgent({
    service: login.service,
    fetch: timedFetch(login.fetch ?? globalThis.fetch, login.timeoutMs ?? 30_000),
  });
  try {
    await agent.login({ identifier: login.identifier, password: login.appPassword });
  } catch (error) {
    if (error instanceof XRPCError && (error.status === 401 || error.error === 'AuthenticationRequired')) {
      throw new AuthError(
        'bluesky',
        `Bluesky refused the handle or app password (${error.message})`,
        'Bluesky refuse cet identifiant ou ce mot de passe d’application : vérifiez-les (un mot de passe d’application, pas celui du compte).',
        { status: error.status, cause: error },
      );
    }
    throw classifyBlueskyError(error, 'session', () => Date.now());
  }
  const session = agent.session!;
  return { did: session.did, handle: session.handle, session, refreshExpiresAt: jwtExpiry(session.refreshJwt) };
}

/** Refreshes a kept session (`refreshSession`): a new pair of tokens. */
export async function refreshBlueskySession(
  service: string,
  session: AtpSessionData,
  options: { fetch?: typeof globalThis.fetch; timeoutMs?: number } = {},
): Promise<{ session: AtpSessionData; refreshExpiresAt: Date | undefined }> {
  let saved: AtpSessionData | undefined;
  const agent = new AtpAgent({
    service,
    fetch: timedFetch(options.fetch ?? globalThis.fetch, options.timeoutMs ?? 30_000),
    persistSession: (_event, next) => {
      saved = next;
    },
  });
  agent.sessionManager.session = session;
  try {
    await agent.sessionManager.refreshSession();
  } catch (error) {
    throw classifyBlueskyError(error, 'session', () => Date.now());
  }
  const next = saved ?? agent.session;
  if (next === undefined || next.refreshJwt === session.refreshJwt) {
    throw new AuthError(
      'bluesky',
      'Bluesky did not renew the session',
      'Bluesky n’a pas renouvelé la session : reconnectez le compte.',
    );
  }
  return { session: next, refreshExpiresAt: jwtExpiry(next.refreshJwt) };
}
