import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { consentPage, redirect } from './oauth-consent.js';
import { oauthSignature, signaturesEqual } from './x-oauth1.js';

/**
 * X's OAuth 1.0a three-legged flow (platforms-wave2.md §1.4) on the fake API: `POST
 * /oauth/request_token` signed with the consumer key only (`oauth_callback` required), the
 * authorize page (consent; a refusal calls back with `denied`), and `POST /oauth/access_token`
 * signed with the request token's secret, with the verifier. Answers are form-encoded.
 */
export interface XOAuthFlow {
  /** Makes every request token issued so far unknown (as once used or expired). */
  expireRequestTokens(): void;
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): boolean;
}

export function createXOAuthFlow(
  credentials: { consumerKey: string; consumerSecret: string; accessToken: string; accessSecret: string },
  user: { id: string; username: string },
): XOAuthFlow {
  const requestTokens = new Map<string, { secret: string; callback: string; verifier?: string }>();

  const form = (res: ServerResponse, status: number, fields: Record<string, string>) => {
    res.writeHead(status, { 'content-type': status < 400 ? 'text/html; charset=utf-8' : 'application/json' });
    res.end(status < 400 ? new URLSearchParams(fields).toString() : JSON.stringify({ errors: [fields] }));
  };

  /** The OAuth parameters of the header, body and query, and whether the signature holds. */
  function signed(
    req: IncomingMessage,
    url: URL,
    body: Buffer,
    tokenSecret: (token: string | undefined) => string | undefined,
  ) {
    const header = /^OAuth\s+(.*)$/s.exec((req.headers.authorization ?? '').trim());
    if (!header) return undefined;
    const oauth: Record<string, string> = {};
    for (const item of header[1]!.split(',')) {
      const pair = /^\s*([A-Za-z0-9_%.-]+)="([^"]*)"\s*$/.exec(item);
      if (pair) oauth[decodeURIComponent(pair[1]!)] = decodeURIComponent(pair[2]!);
    }
    const params: Array<[string, string]> = Object.entries(oauth).filter(([key]) => key !== 'oauth_signature');
    for (const entry of url.searchParams) params.push(entry);
    if (/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
      // twitter-api-v2 sends oauth_token and oauth_verifier both in the header and the body, and signs them once.
      for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
        if (oauth[key] !== value) params.push([key, value]);
      }
    }
    const secret = tokenSecret(oauth.oauth_token);
    if (oauth.oauth_consumer_key !== credentials.consumerKey || secret === undefined || !oauth.oauth_signature) {
      return undefined;
    }
    const expected = oauthSignature({
      method: req.method ?? 'POST',
      baseUrl: `https://api.x.com${url.pathname}`,
      params,
      consumerSecret: credentials.consumerSecret,
      tokenSecret: secret,
    });
    if (!signaturesEqual(expected, oauth.oauth_signature)) return undefined;
    return new Map(params);
  }

  return {
    expireRequestTokens() {
      requestTokens.clear();
    },
    handle(req, res, url, body) {
      const method = req.method ?? 'GET';
      if (method === 'POST' && url.pathname === '/oauth/request_token') {
        const params = signed(req, url, body, (token) => (token === undefined ? '' : undefined));
        if (!params) {
          form(res, 401, { code: '32', message: 'Could not authenticate you.' });
          return true;
        }
        const callback = params.get('oauth_callback');
        if (!callback) {
          form(res, 400, { code: '417', message: "Desktop applications only support the oauth_callback value 'oob'" });
          return true;
        }
        const token = `x-request-${randomBytes(10).toString('hex')}`;
        const secret = randomBytes(16).toString('hex');
        requestTokens.set(token, { secret, callback });
        form(res, 200, { oauth_token: token, oauth_token_secret: secret, oauth_callback_confirmed: 'true' });
        return true;
      }
      if (method === 'GET' && (url.pathname === '/oauth/authorize' || url.pathname === '/oauth/authenticate')) {
        const token = url.searchParams.get('oauth_token') ?? '';
        const pending = requestTokens.get(token);
        if (!pending) {
          form(res, 400, { code: '89', message: 'Invalid or expired token.' });
          return true;
        }
        pending.verifier = randomBytes(12).toString('hex');
        const allow = new URL(pending.callback);
        allow.searchParams.set('oauth_token', token);
        allow.searchParams.set('oauth_verifier', pending.verifier);
        const deny = new URL(pending.callback);
        deny.searchParams.set('denied', token);
        consentPage(res, {
          network: 'X',
          app: 'crieur',
          scopes: ['lire et publier'],
          allow: allow.toString(),
          deny: deny.toString(),
        });
        return true;
      }
      if (method === 'POST' && url.pathname === '/oauth/access_token') {
        const params = signed(req, url, body, (token) =>
          token === undefined ? undefined : requestTokens.get(token)?.secret,
        );
        const token = params?.get('oauth_token');
        const pending = token === undefined ? undefined : requestTokens.get(token);
        if (!params || !pending?.verifier || params.get('oauth_verifier') !== pending.verifier) {
          form(res, 401, { code: '89', message: 'Invalid or expired token.' });
          return true;
        }
        requestTokens.delete(token!);
        form(res, 200, {
          oauth_token: credentials.accessToken,
          oauth_token_secret: credentials.accessSecret,
          user_id: user.id,
          screen_name: user.username,
        });
        return true;
      }
      return false;
    },
  };
}

export { redirect };
