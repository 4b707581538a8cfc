import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { consentPage, formBody, redirect } from './oauth-consent.js';

/**
 * LinkedIn's 3-legged OAuth 2.0 (platforms-wave2.md §3.4) on the fake server: the authorization
 * page (consent), `POST /oauth/v2/accessToken` for a code or a refresh token, and
 * `GET /rest/organizationAcls?q=roleAssignee` for the pages the member administers. Codes live
 * 30 minutes and are good once; a refresh token can be revoked.
 */
export interface LinkedInOAuthOptions {
  clientId?: string;
  clientSecret?: string;
  /** Only Marketing Developer Platform partners get refresh tokens (default true). */
  refreshTokens?: boolean;
  /** Other organisations the member administers, besides the server's own. */
  otherOrganizations?: Array<{ id: string; name: string }>;
  now: () => Date;
}

export interface LinkedInOAuth {
  clientId: string;
  clientSecret: string;
  /** Access tokens issued, newest last. */
  issued: string[];
  refreshTokens: Set<string>;
  /** Makes every code issued so far expired (as after 30 minutes). */
  expireCodes(): void;
  revokeRefreshToken(token: string): void;
  /** Serves the request when it is an OAuth one; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, method: string, url: URL, body: Buffer): boolean;
}

const CODE_TTL_MS = 30 * 60 * 1000;
const ACCESS_TTL_S = 5_184_000;
const REFRESH_TTL_S = 31_536_000;

export function createLinkedInOAuth(
  accepted: Set<string>,
  organization: { id: string; name: string },
  options: LinkedInOAuthOptions,
): LinkedInOAuth {
  const clientId = options.clientId ?? 'li-client-id';
  const clientSecret = options.clientSecret ?? 'li-client-secret';
  const codes = new Map<string, { redirectUri: string; issuedAt: number }>();
  const refreshTokens = new Set<string>();
  const issued: string[] = [];
  const organizations = [organization, ...(options.otherOrganizations ?? [])];

  const tokenError = (res: ServerResponse, status: number, error: string, description: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error, error_description: description }));
  };
  const issue = () => {
    const access = `li-access-${randomBytes(12).toString('hex')}`;
    accepted.add(access);
    issued.push(access);
    return access;
  };

  return {
    clientId,
    clientSecret,
    issued,
    refreshTokens,
    expireCodes() {
      for (const code of codes.values()) code.issuedAt = 0;
    },
    revokeRefreshToken(token) {
      refreshTokens.delete(token);
    },
    handle(req, res, method, url, body) {
      const path = url.pathname;
      if (method === 'GET' && path === '/oauth/v2/authorization') {
        const query = url.searchParams;
        const redirectUri = query.get('redirect_uri') ?? '';
        const state = query.get('state') ?? '';
        if (query.get('response_type') !== 'code' || query.get('client_id') !== clientId || !redirectUri) {
          tokenError(res, 400, 'invalid_request', 'response_type, client_id and redirect_uri are required');
          return true;
        }
        const code = randomBytes(16).toString('base64url');
        codes.set(code, { redirectUri, issuedAt: options.now().getTime() });
        const back = new URL(redirectUri);
        const allow = new URL(back);
        allow.searchParams.set('code', code);
        allow.searchParams.set('state', state);
        const deny = new URL(back);
        deny.searchParams.set('error', 'user_cancelled_authorize');
        deny.searchParams.set('error_description', 'The user cancelled the authorization');
        deny.searchParams.set('state', state);
        consentPage(res, {
          network: 'LinkedIn',
          app: 'crieur',
          scopes: (query.get('scope') ?? '').split(/[ ,]+/),
          allow: allow.toString(),
          deny: deny.toString(),
        });
        return true;
      }
      if (method === 'POST' && path === '/oauth/v2/accessToken') {
        if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
          tokenError(res, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
          return true;
        }
        const form = formBody(body);
        if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
          tokenError(res, 401, 'invalid_client', 'Client authentication failed');
          return true;
        }
        const grant = form.get('grant_type');
        if (grant === 'authorization_code') {
          const code = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          if (!code || options.now().getTime() - code.issuedAt > CODE_TTL_MS) {
            tokenError(
              res,
              400,
              'invalid_grant',
              'The provided authorization grant or refresh token is invalid, expired or revoked',
            );
            return true;
          }
          if (form.get('redirect_uri') !== code.redirectUri) {
            tokenError(
              res,
              400,
              'invalid_redirect_uri',
              'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code',
            );
            return true;
          }
        } else if (grant === 'refresh_token') {
          const token = form.get('refresh_token') ?? '';
          if (!refreshTokens.has(token)) {
            tokenError(
              res,
              400,
              'invalid_grant',
              'The provided authorization grant or refresh token is invalid, expired or revoked',
            );
            return true;
          }
        } else {
          tokenError(res, 400, 'unsupported_grant_type', `grant_type ${grant ?? '(none)'} is not supported`);
          return true;
        }
        const reply: Record<string, unknown> = {
          access_token: issue(),
          expires_in: ACCESS_TTL_S,
          scope: 'r_organization_social,rw_organization_admin,w_organization_social',
        };
        if (options.refreshTokens ?? true) {
          const refresh =
            grant === 'refresh_token' ? form.get('refresh_token')! : `li-refresh-${randomBytes(12).toString('hex')}`;
          refreshTokens.add(refresh);
          reply.refresh_token = refresh;
          reply.refresh_token_expires_in = REFRESH_TTL_S;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply));
        return true;
      }
      if (method === 'GET' && path === '/rest/organizationAcls' && url.searchParams.get('q') === 'roleAssignee') {
        const role = url.searchParams.get('role');
        const elements = organizations
          .map((org) => ({
            organization: `urn:li:organization:${org.id}`,
            roleAssignee: 'urn:li:person:fake-member',
            role: 'ADMINISTRATOR',
            state: 'APPROVED',
            created: { actor: 'urn:li:person:fake-member', time: 1_700_000_000_000 },
            lastModified: { actor: 'urn:li:person:fake-member', time: 1_700_000_000_000 },
          }))
          .filter((element) => role === null || element.role === role);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ paging: { start: 0, count: 10, links: [] }, elements }));
        return true;
      }
      const other = /^\/rest\/organizations\/(\d+)$/.exec(path);
      const named = other ? organizations.find((org) => org.id === other[1] && org.id !== organization.id) : undefined;
      if (method === 'GET' && named) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: Number(named.id), localizedName: named.name, vanityName: 'autre' }));
        return true;
      }
      return false;
    },
  };
}

export { redirect };
