import type { LoadedConfig } from '../config/load.js';
import type { Connections } from '../connections/connections.js';
import { type RenewalResult, renewTokens } from '../connections/renewal.js';
import { credentialSource } from '../connections/source.js';
import type { Logger } from '../log.js';
import { blueskyRefresh, linkedInRenew } from './registry.js';

/**
 * Renews the connected accounts' tokens that are close to their end (only those the store is the
 * source of), and logs each outcome. A failure is left to the expiry warnings, which send a person
 * to the « Comptes » page.
 */
export async function renewConnectedTokens(deps: {
  loaded: LoadedConfig;
  connections: Connections;
  now: () => Date;
  log: Pick<Logger, 'info' | 'warn'>;
}): Promise<RenewalResult[]> {
  const { loaded, log } = deps;
  const usesStore = (network: 'linkedin' | 'bluesky') =>
    loaded.config.networks.includes(network) && credentialSource(loaded.env, network, deps.connections) === 'store';
  if (!deps.connections.hasKey || (!usesStore('linkedin') && !usesStore('bluesky'))) return [];
  const results = await renewTokens({
    connections: deps.connections,
    now: deps.now,
    refreshLinkedIn: (refreshToken, now) => linkedInRenew(loaded.env, refreshToken, now),
    refreshBluesky: async (service, session) => blueskyRefresh(service, session as never),
  });
  for (const result of results) {
    if (result.outcome === 'renewed') {
      log.info({ network: result.network, expiresAt: result.expiresAt?.toISOString() }, 'network token renewed');
    } else {
      log.warn(
        { network: result.network, err: result.error.message },
        'network token could not be renewed: an administrator must reconnect it',
      );
    }
  }
  return results;
}
