import type { OAuthProvider } from '../../src/connections/oauth-flow.js';
import {
  type LinkedInApp,
  linkedInAdministeredOrganizations,
  linkedInAuthorizationUrl,
  linkedInExchangeCode,
} from './oauth.js';

/** LinkedIn: authorization code, then the organisation among those the member administers. */
export function linkedInOAuthProvider(app: LinkedInApp, now: () => Date): OAuthProvider {
  return {
    async start(redirectUri, state) {
      return { url: linkedInAuthorizationUrl(app, redirectUri, state), pending: {} };
    },
    async finish(query, pending) {
      const tokens = await linkedInExchangeCode(app, query.code ?? '', pending.redirectUri ?? '', now());
      const organizations = await linkedInAdministeredOrganizations(app, tokens.accessToken);
      return {
        kind: 'choose',
        choices: organizations,
        hold: {
          accessToken: tokens.accessToken,
          expiresAt: tokens.expiresAt.toISOString(),
          ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
          ...(tokens.refreshExpiresAt ? { refreshExpiresAt: tokens.refreshExpiresAt.toISOString() } : {}),
          organizations: JSON.stringify(organizations),
        },
      };
    },
    choose(hold, id) {
      const organizations = JSON.parse(hold.organizations ?? '[]') as Array<{ id: string; name: string }>;
      const name = organizations.find((org) => org.id === id)?.name ?? id;
      return {
        credentials: {
          network: 'linkedin',
          accessToken: hold.accessToken ?? '',
          organization: id,
          ...(hold.refreshToken ? { refreshToken: hold.refreshToken } : {}),
          ...(hold.refreshExpiresAt ? { refreshExpiresAt: hold.refreshExpiresAt } : {}),
        },
        account: { id: `urn:li:organization:${id}`, handle: name, name },
        expiresAt: hold.expiresAt ? new Date(hold.expiresAt) : null,
        renewable: hold.refreshToken !== undefined,
      };
    },
  };
}
