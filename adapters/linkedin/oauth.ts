import { ConnectError } from '../../src/connections/errors.js';
import { oauthRequest } from '../oauth-http.js';
import { LINKEDIN_DEFAULT_API_URL, LINKEDIN_DEFAULT_VERSION, organizationId } from './defaults.js';

/** The LinkedIn app (Community Management API) and where its endpoints are. */
export interface LinkedInApp {
  clientId: string;
  clientSecret: string;
  /** Origin of the authorization and token endpoints (default https://www.linkedin.com). */
  oauthUrl?: string | undefined;
  apiUrl?: string | undefined;
  version?: string | undefined;
  fetch?: typeof fetch;
}

/** Posting, reading and deleting as the organisation; `organizationAcls` and statistics. */
export const LINKEDIN_SCOPES = ['w_organization_social', 'r_organization_social', 'rw_organization_admin'];

export interface LinkedInTokens {
  accessToken: string;
  expiresAt: Date;
  refreshToken?: string;
  refreshExpiresAt?: Date;
}

const oauthOrigin = (app: LinkedInApp) => (app.oauthUrl ?? 'https://www.linkedin.com').replace(/\/+$/, '');

/** Step 1: where to send the member (all the scopes or none). */
export function linkedInAuthorizationUrl(app: LinkedInApp, redirectUri: string, state: string): string {
  const url = new URL(`${oauthOrigin(app)}/oauth/v2/authorization`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('scope', LINKEDIN_SCOPES.join(' '));
  return url.toString();
}

/** Step 2: the code for tokens (a 60-day access token, and a refresh token when the app has them). */
export async function linkedInExchangeCode(
  app: LinkedInApp,
  code: string,
  redirectUri: string,
  now: Date,
): Promise<LinkedInTokens> {
  return tokenRequest(app, { grant_type: 'authorization_code', code, redirect_uri: redirectUri }, now);
}

/** A new access token from the refresh token (whose own end does not move). */
export async function linkedInRefresh(app: LinkedInApp, refreshToken: string, now: Date): Promise<LinkedInTokens> {
  return tokenRequest(app, { grant_type: 'refresh_token', refresh_token: refreshToken }, now);
}

async function tokenRequest(app: LinkedInApp, fields: Record<string, string>, now: Date): Promise<LinkedInTokens> {
  const body = new URLSearchParams({ ...fields, client_id: app.clientId, client_secret: app.clientSecret });
  const reply = await oauthRequest('LinkedIn', app.fetch ?? fetch, `${oauthOrigin(app)}/oauth/v2/accessToken`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  const accessToken = reply.access_token;
  const expiresIn = Number(reply.expires_in);
  if (typeof accessToken !== 'string' || !Number.isFinite(expiresIn)) {
    throw new ConnectError('LinkedIn answered without an access token', 'LinkedIn n’a pas donné de jeton d’accès');
  }
  const tokens: LinkedInTokens = { accessToken, expiresAt: new Date(now.getTime() + expiresIn * 1000) };
  if (typeof reply.refresh_token === 'string') {
    tokens.refreshToken = reply.refresh_token;
    const refreshIn = Number(reply.refresh_token_expires_in);
    if (Number.isFinite(refreshIn)) tokens.refreshExpiresAt = new Date(now.getTime() + refreshIn * 1000);
  }
  return tokens;
}

/** The organisations the member administers (APPROVED ADMINISTRATOR roles), with their names. */
export async function linkedInAdministeredOrganizations(
  app: LinkedInApp,
  accessToken: string,
): Promise<Array<{ id: string; name: string }>> {
  const api = (app.apiUrl ?? LINKEDIN_DEFAULT_API_URL).replace(/\/+$/, '');
  const headers = {
    Authorization: `Bearer ${accessToken}`,
    'LinkedIn-Version': app.version ?? LINKEDIN_DEFAULT_VERSION,
    'X-Restli-Protocol-Version': '2.0.0',
  };
  const fetchFn = app.fetch ?? fetch;
  const acls = await oauthRequest(
    'LinkedIn',
    fetchFn,
    `${api}/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`,
    { method: 'GET', headers },
  );
  const elements = Array.isArray(acls.elements) ? (acls.elements as Array<Record<string, unknown>>) : [];
  const ids = [
    ...new Set(
      elements
        .filter((element) => element.role === 'ADMINISTRATOR' && element.state === 'APPROVED')
        .map((element) => element.organization)
        .filter((urn): urn is string => typeof urn === 'string' && /^urn:li:organization:\d+$/.test(urn))
        .map(organizationId),
    ),
  ];
  const organizations: Array<{ id: string; name: string }> = [];
  for (const id of ids) {
    const org = await oauthRequest('LinkedIn', fetchFn, `${api}/rest/organizations/${id}`, { method: 'GET', headers });
    organizations.push({ id, name: typeof org.localizedName === 'string' ? org.localizedName : `Organisation ${id}` });
  }
  return organizations;
}
