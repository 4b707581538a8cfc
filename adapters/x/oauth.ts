import { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import { ConnectError } from '../../src/connections/errors.js';
import type { OAuthProvider } from '../../src/connections/oauth-flow.js';
import { LoopbackAgent } from './loopback-agent.js';

export interface XApp {
  /** X_API_KEY, X_API_SECRET: the app's consumer key and secret. */
  appKey: string;
  appSecret: string;
  /** X_API_URL: another server for the API and its authorize page (tests). */
  apiUrl?: string | undefined;
}

const X_ORIGIN = 'https://api.x.com';

/**
 * X's OAuth 1.0a three-legged flow through twitter-api-v2: a request token (callback confirmed),
 * the authorize page (which always asks), then the access token for the verifier. The tokens do
 * not expire; they end when the account revokes the app.
 */
export function xOAuthProvider(app: XApp): OAuthProvider {
  const settings = app.apiUrl ? { httpAgent: new LoopbackAgent(app.apiUrl), compression: 'identity' as const } : {};
  const refused = (error: unknown): never => {
    const detail = error instanceof ApiResponseError ? `HTTP ${error.code}` : (error as Error).message;
    throw new ConnectError(
      `X refused the authorisation (${detail})`,
      'X refuse l’autorisation : recommencez la connexion',
      {
        cause: error,
      },
    );
  };
  return {
    async start(redirectUri) {
      const client = new TwitterApi({ appKey: app.appKey, appSecret: app.appSecret }, settings);
      const link = await client
        .generateAuthLink(redirectUri, { linkMode: 'authorize', authAccessType: 'write' })
        .catch(refused);
      if (String(link.oauth_callback_confirmed) !== 'true') {
        throw new ConnectError('X did not confirm the return address', 'X n’a pas confirmé l’adresse de retour');
      }
      const url = app.apiUrl ? link.url.replace(X_ORIGIN, app.apiUrl.replace(/\/+$/, '')) : link.url;
      return { url, pending: { oauthToken: link.oauth_token, oauthTokenSecret: link.oauth_token_secret } };
    },
    async finish(query, pending) {
      // From the command line (`--code`), only the verifier is given.
      if (query.oauth_token !== undefined && query.oauth_token !== pending.oauthToken) {
        throw new ConnectError(
          'X called back for another request token',
          'X a répondu pour une autre demande : recommencez la connexion',
        );
      }
      const client = new TwitterApi(
        {
          appKey: app.appKey,
          appSecret: app.appSecret,
          accessToken: pending.oauthToken ?? '',
          accessSecret: pending.oauthTokenSecret ?? '',
        },
        settings,
      );
      const login = await client.login(query.oauth_verifier ?? '').catch(refused);
      return {
        kind: 'connect',
        connection: {
          credentials: {
            network: 'x',
            accessToken: login.accessToken,
            accessSecret: login.accessSecret,
            userId: login.userId,
            screenName: login.screenName,
          },
          account: { id: login.userId, handle: `@${login.screenName}`, name: login.screenName },
          expiresAt: null,
          renewable: false,
        },
      };
    },
    choose() {
      throw new ConnectError('X has nothing to choose', 'X ne propose aucun choix');
    },
  };
}
