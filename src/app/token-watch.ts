import type { LoadedConfig } from '../config/load.js';
import { type ExpiryState, expiryState, tokenExpiry } from '../config/token-expiry.js';
import type { Connections } from '../connections/connections.js';
import { ACCOUNT_TOKEN_VARIABLE, credentialSource } from '../connections/source.js';
import { isConnectable } from '../connections/types.js';
import { CrieurError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Notification, TokenExpiringNotification } from '../notify/types.js';
import { zonedDate } from '../time/zoned-time.js';

export interface TokenWatchDeps {
  loaded: LoadedConfig;
  now: () => Date;
  log: Pick<Logger, 'warn' | 'error'>;
  notify: (notification: Notification) => Promise<unknown>;
  /** The accounts connected in the page: their expiry is known without any variable. */
  connections?: Connections;
}

/** The « Comptes » page's address, for messages that send an administrator there. */
export function accountsPageUrl(loaded: LoadedConfig): string {
  const origin = loaded.env.CRIEUR_WEB_URL ?? `http://localhost:${loaded.config.web.port}`;
  return `${origin.replace(/\/+$/, '')}/comptes`;
}

/**
 * Warns the team (notification) and the operator (log) about every enabled network whose token
 * expires within the warning period or has expired. Returns what was sent.
 */
export async function checkTokenExpiries(deps: TokenWatchDeps): Promise<TokenExpiringNotification[]> {
  const { loaded, log } = deps;
  const now = deps.now();
  const sent: TokenExpiringNotification[] = [];
  for (const network of loaded.config.networks) {
    const stored =
      deps.connections && isConnectable(network) && credentialSource(loaded.env, network, deps.connections) === 'store'
        ? deps.connections.get(network)
        : null;
    if (stored !== null && isConnectable(network)) {
      if (stored.expiresAt === null) continue;
      const state = expiryState(stored.expiresAt, now);
      if (state.state === 'ok') continue;
      const notification: TokenExpiringNotification = {
        kind: 'token-expiring',
        date: zonedDate(now, loaded.config.timezone),
        network,
        tokenVariable: ACCOUNT_TOKEN_VARIABLE[network],
        expiryVariable: '',
        expiresAt: stored.expiresAt,
        daysLeft: state.daysLeft,
        expired: state.state === 'expired',
        accountsPage: accountsPageUrl(loaded),
      };
      log.warn(
        {
          network,
          expiresAt: stored.expiresAt.toISOString(),
          daysLeft: state.daysLeft,
          page: notification.accountsPage,
        },
        state.state === 'expired'
          ? 'connected account has expired: an administrator must reconnect it in the accounts page'
          : 'connected account expires soon: an administrator must reconnect it in the accounts page',
      );
      await deps.notify(notification);
      sent.push(notification);
      continue;
    }
    let known: ReturnType<typeof tokenExpiry>;
    try {
      known = tokenExpiry(loaded.env, network, loaded.config.timezone);
    } catch (error) {
      if (!(error instanceof CrieurError)) throw error;
      log.error({ network }, error.message);
      continue;
    }
    if (!known) continue;
    const state: ExpiryState = expiryState(known.expiresAt, now);
    if (state.state === 'ok') continue;
    const notification: TokenExpiringNotification = {
      kind: 'token-expiring',
      date: zonedDate(now, loaded.config.timezone),
      network,
      tokenVariable: known.tokenVariable,
      expiryVariable: known.expiryVariable,
      expiresAt: known.expiresAt,
      dateOnly: known.dateOnly,
      daysLeft: state.daysLeft,
      expired: state.state === 'expired',
    };
    log.warn(
      { network, expiresAt: known.expiresAt.toISOString(), daysLeft: state.daysLeft, variable: known.tokenVariable },
      state.state === 'expired' ? 'network token has expired: renew it' : 'network token expires soon: renew it',
    );
    await deps.notify(notification);
    sent.push(notification);
  }
  return sent;
}
