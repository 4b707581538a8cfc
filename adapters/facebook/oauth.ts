import { ConnectError } from '../../src/connections/errors.js';
import type { OAuthProvider } from '../../src/connections/oauth-flow.js';
import { oauthRequest } from '../oauth-http.js';
import { FACEBOOK_DEFAULT_GRAPH_URL, FACEBOOK_DEFAULT_GRAPH_VERSION } from './defaults.js';

/** The Facebook app (Facebook Login for Business) and where its endpoints are. */
export interface FacebookApp {
  appId: string;
  appSecret: string;
  /** Origin of the login dialog (default https://www.facebook.com). */
  dialogUrl?: string | undefined;
  graphUrl?: string | undefined;
  graphVersion?: string | undefined;
  fetch?: typeof fetch;
}

/** Listing the Pages, reading them and posting as them. */
export const FACEBOOK_SCOPES = ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts'];

/**
 * Facebook Login for a Page: the dialog, the code for a 1-hour user token, that token for a 60-day
 * one (server side: it carries the app secret), then the Page chosen among `/me/accounts`, whose
 * token obtained this way does not expire.
 */
export function facebookOAuthProvider(app: FacebookApp): OAuthProvider {
  const version = app.graphVersion ?? FACEBOOK_DEFAULT_GRAPH_VERSION;
  const graph = `${(app.graphUrl ?? FACEBOOK_DEFAULT_GRAPH_URL).replace(/\/+$/, '')}/${version}`;
  const fetchFn = app.fetch ?? fetch;
  const get = (path: string, query: Record<string, string>) =>
    oauthRequest('Facebook', fetchFn, `${graph}/${path}?${new URLSearchParams(query).toString()}`, { method: 'GET' });
  return {
    async start(redirectUri, state) {
      const url = new URL(
        `${(app.dialogUrl ?? 'https://www.facebook.com').replace(/\/+$/, '')}/${version}/dialog/oauth`,
      );
      url.searchParams.set('client_id', app.appId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('state', state);
      url.searchParams.set('scope', FACEBOOK_SCOPES.join(','));
      return { url: url.toString(), pending: {} };
    },
    async finish(query, pending) {
      const short = await get('oauth/access_token', {
        client_id: app.appId,
        redirect_uri: pending.redirectUri ?? '',
        client_secret: app.appSecret,
        code: query.code ?? '',
      });
      const long = await get('oauth/access_token', {
        grant_type: 'fb_exchange_token',
        client_id: app.appId,
        client_secret: app.appSecret,
        fb_exchange_token: String(short.access_token ?? ''),
      });
      if (typeof long.access_token !== 'string') {
        throw new ConnectError('Facebook gave no long-lived token', 'Facebook n’a pas donné de jeton longue durée');
      }
      const accounts = await get('me/accounts', { fields: 'id,name,access_token', access_token: long.access_token });
      const data = Array.isArray(accounts.data) ? (accounts.data as Array<Record<string, unknown>>) : [];
      const pages = data
        .filter((page) => typeof page.id === 'string' && typeof page.access_token === 'string')
        .map((page) => ({ id: String(page.id), name: String(page.name ?? page.id), token: String(page.access_token) }));
      return {
        kind: 'choose',
        choices: pages.map(({ id, name }) => ({ id, name })),
        hold: { pages: JSON.stringify(pages) },
      };
    },
    choose(hold, id) {
      const pages = JSON.parse(hold.pages ?? '[]') as Array<{ id: string; name: string; token: string }>;
      const page = pages.find((item) => item.id === id);
      if (page === undefined)
        throw new ConnectError('that Page was not offered', 'cette Page ne faisait pas partie du choix');
      return {
        credentials: { network: 'facebook', pageId: page.id, pageToken: page.token },
        account: { id: page.id, handle: page.name, name: page.name },
        // A Page token from a long-lived user token has no expiration date.
        expiresAt: null,
        renewable: false,
      };
    },
  };
}
