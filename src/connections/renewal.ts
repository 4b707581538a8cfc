import type { Connections } from './connections.js';
import type { CredentialsOf } from './types.js';

/** A renewable token is renewed this long before it ends. */
export const RENEW_AHEAD_MS: Record<'linkedin' | 'bluesky', number> = {
  // LinkedIn's access token lasts 60 days: renewed a day before the 14-day warning, which then only
  // reaches people when renewal failed.
  linkedin: 15 * 24 * 3600 * 1000,
  // Bluesky's refresh token lasts 90 days and is renewed on use; this only matters with no publication for 2 months.
  bluesky: 30 * 24 * 3600 * 1000,
};

export interface RenewalDeps {
  connections: Connections;
  now: () => Date;
  /** LinkedIn's refresh call (the app's credentials are the caller's business). */
  refreshLinkedIn(
    refreshToken: string,
    now: Date,
  ): Promise<{ accessToken: string; expiresAt: Date; refreshToken?: string; refreshExpiresAt?: Date }>;
  /** Bluesky's `refreshSession`. */
  refreshBluesky(service: string, session: unknown): Promise<{ session: unknown; refreshExpiresAt: Date | undefined }>;
}

export type RenewalResult =
  | { network: 'linkedin' | 'bluesky'; outcome: 'renewed'; expiresAt: Date | null }
  | { network: 'linkedin' | 'bluesky'; outcome: 'failed'; error: Error };

/**
 * Renews the connected tokens the network lets crieur renew, when they end within RENEW_AHEAD_MS:
 * LinkedIn's access token with its refresh token (the refresh token's own end does not move), the
 * Bluesky session. What is renewed is stored (and audited) before the next publication reads it.
 */
export async function renewTokens(deps: RenewalDeps): Promise<RenewalResult[]> {
  const results: RenewalResult[] = [];
  const now = deps.now();
  const due = (network: 'linkedin' | 'bluesky') => {
    const account = deps.connections.get(network);
    if (!account?.renewable || account.expiresAt === null) return false;
    return account.expiresAt.getTime() - now.getTime() <= RENEW_AHEAD_MS[network];
  };
  if (due('linkedin')) {
    const found = deps.connections.credentials('linkedin');
    const credentials: CredentialsOf<'linkedin'> | undefined = found?.credentials;
    const stillValid =
      credentials?.refreshToken !== undefined &&
      (credentials.refreshExpiresAt === undefined || Date.parse(credentials.refreshExpiresAt) > now.getTime());
    if (credentials && stillValid) {
      try {
        const tokens = await deps.refreshLinkedIn(credentials.refreshToken!, now);
        const refreshExpiresAt = tokens.refreshExpiresAt?.toISOString() ?? credentials.refreshExpiresAt;
        deps.connections.update(
          'linkedin',
          {
            ...credentials,
            accessToken: tokens.accessToken,
            refreshToken: tokens.refreshToken ?? credentials.refreshToken!,
            ...(refreshExpiresAt ? { refreshExpiresAt } : {}),
          },
          tokens.expiresAt,
          { by: 'crieur' },
        );
        results.push({ network: 'linkedin', outcome: 'renewed', expiresAt: tokens.expiresAt });
      } catch (error) {
        results.push({ network: 'linkedin', outcome: 'failed', error: error as Error });
      }
    } else if (credentials) {
      results.push({
        network: 'linkedin',
        outcome: 'failed',
        error: new Error('the LinkedIn refresh token has ended: the page must be connected again'),
      });
    }
  }
  if (due('bluesky')) {
    const found = deps.connections.credentials('bluesky');
    if (found?.credentials.session !== undefined) {
      try {
        const renewed = await deps.refreshBluesky(found.credentials.service, found.credentials.session);
        deps.connections.update(
          'bluesky',
          { ...found.credentials, session: renewed.session },
          renewed.refreshExpiresAt ?? null,
          { by: 'crieur' },
        );
        results.push({ network: 'bluesky', outcome: 'renewed', expiresAt: renewed.refreshExpiresAt ?? null });
      } catch (error) {
        results.push({ network: 'bluesky', outcome: 'failed', error: error as Error });
      }
    }
  }
  return results;
}
