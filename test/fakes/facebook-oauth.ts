import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { consentPage } from './oauth-consent.js';

/**
 * Facebook Login for a Page (platforms-wave2.md §4.4) on the fake Graph server: the login dialog
 * (consent), `GET /oauth/access_token` for a code (a 1-hour user token) or `fb_exchange_token` (a
 * 60-day one), and `GET /me/accounts` with each Page's token, which does not expire when the user
 * token was long-lived. Errors have Graph's `{"error":{…}}` shape.
 */
export interface FacebookOAuthOptions {
  appId?: string;
  appSecret?: string;
  /** Other Pages the person manages, besides the server's own. */
  otherPages?: Array<{ id: string; name: string }>;
  now: () => Date;
}

export interface FacebookOAuth {
  appId: string;
  appSecret: string;
  /** Page tokens handed out, newest last. */
  pageTokens: string[];
  expireCodes(): void;
  handle(res: ServerResponse, method: string, url: URL): boolean;
}

const CODE_TTL_MS = 10 * 60 * 1000;

export function createFacebookOAuth(
  acceptedPageTokens: Set<string>,
  page: { id: string; name: string },
  options: FacebookOAuthOptions,
): FacebookOAuth {
  const appId = options.appId ?? 'fb-app-id';
  const appSecret = options.appSecret ?? 'fb-app-secret';
  const codes = new Map<string, { redirectUri: string; issuedAt: number }>();
  const shortTokens = new Set<string>();
  const longTokens = new Set<string>();
  const pageTokens: string[] = [];
  const pages = [page, ...(options.otherPages ?? [])];

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const graphError = (res: ServerResponse, message: string, code: number, subcode?: number) =>
    json(res, 400, {
      error: {
        message,
        type: 'OAuthException',
        code,
        ...(subcode === undefined ? {} : { error_subcode: subcode }),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    });

  return {
    appId,
    appSecret,
    pageTokens,
    expireCodes() {
      for (const code of codes.values()) code.issuedAt = 0;
    },
    handle(res, method, url) {
      const segments = url.pathname.split('/').filter(Boolean);
      const [version, ...rest] = segments;
      if (!version || !/^v\d+\.\d+$/.test(version) || method !== 'GET') return false;
      const path = rest.join('/');
      const query = url.searchParams;
      if (path === 'dialog/oauth') {
        const redirectUri = query.get('redirect_uri') ?? '';
        const state = query.get('state') ?? '';
        if (query.get('client_id') !== appId || !redirectUri) {
          graphError(res, 'Invalid App ID', 101);
          return true;
        }
        const code = `fb-code-${randomBytes(12).toString('hex')}`;
        codes.set(code, { redirectUri, issuedAt: options.now().getTime() });
        const allow = new URL(redirectUri);
        allow.searchParams.set('code', code);
        allow.searchParams.set('state', state);
        const deny = new URL(redirectUri);
        deny.searchParams.set('error', 'access_denied');
        deny.searchParams.set('error_code', '200');
        deny.searchParams.set('error_description', 'Permissions error');
        deny.searchParams.set('error_reason', 'user_denied');
        deny.searchParams.set('state', state);
        consentPage(res, {
          network: 'Facebook',
          app: 'crieur',
          scopes: (query.get('scope') ?? '').split(','),
          allow: allow.toString(),
          deny: deny.toString(),
        });
        return true;
      }
      if (path === 'oauth/access_token') {
        if (query.get('client_id') !== appId || query.get('client_secret') !== appSecret) {
          graphError(res, 'Error validating client secret.', 1, 463);
          return true;
        }
        if (query.get('grant_type') === 'fb_exchange_token') {
          const short = query.get('fb_exchange_token') ?? '';
          if (!shortTokens.has(short)) {
            graphError(res, 'Error validating access token: Session has expired.', 190, 463);
            return true;
          }
          const long = `fb-user-long-${randomBytes(12).toString('hex')}`;
          longTokens.add(long);
          json(res, 200, { access_token: long, token_type: 'bearer', expires_in: 5_183_944 });
          return true;
        }
        const code = codes.get(query.get('code') ?? '');
        codes.delete(query.get('code') ?? '');
        if (!code || options.now().getTime() - code.issuedAt > CODE_TTL_MS) {
          graphError(res, 'This authorization code has expired.', 100, 36007);
          return true;
        }
        if (query.get('redirect_uri') !== code.redirectUri) {
          graphError(
            res,
            'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
            100,
            36008,
          );
          return true;
        }
        const short = `fb-user-short-${randomBytes(12).toString('hex')}`;
        shortTokens.add(short);
        json(res, 200, { access_token: short, token_type: 'bearer', expires_in: 3600 });
        return true;
      }
      if (path === 'me/accounts') {
        const token = query.get('access_token') ?? '';
        if (!longTokens.has(token) && !shortTokens.has(token)) {
          graphError(res, 'Invalid OAuth access token - Cannot parse access token', 190);
          return true;
        }
        const data = pages.map((item) => {
          const pageToken = `fb-page-${randomBytes(12).toString('hex')}`;
          acceptedPageTokens.add(pageToken);
          pageTokens.push(pageToken);
          return { id: item.id, name: item.name, access_token: pageToken, category: 'Government organization' };
        });
        json(res, 200, { data, paging: { cursors: { before: 'b', after: 'a' } } });
        return true;
      }
      return false;
    },
  };
}
