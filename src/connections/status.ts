import type { Env } from '../config/env.js';
import type { NetworkId } from '../networks/index.js';
import type { Connections } from './connections.js';
import { ACCOUNT_TOKEN_VARIABLE, type CredentialSourceName, credentialSource } from './source.js';
import { isConnectable } from './types.js';

/** One network's line in `crieur accounts` and its card in the « Comptes » page. */
export interface AccountStatus {
  network: NetworkId;
  source: CredentialSourceName;
  /** The variable that holds the token, when the source is the environment. */
  variable?: string;
  account?: string;
  name?: string;
  expiresAt?: string;
  renewable?: boolean;
  lastUsedAt?: string;
  connectedBy?: string;
  connectedAt?: string;
  /** A connected account the environment overrides (its variable is set). */
  overridden?: boolean;
}

/** Per enabled network (the website aside): where its credentials come from and what is known of them. */
export function accountStatuses(env: Env, networks: readonly NetworkId[], connections: Connections): AccountStatus[] {
  const statuses: AccountStatus[] = [];
  for (const network of networks) {
    if (!isConnectable(network)) continue;
    const source = credentialSource(env, network, connections);
    const stored = connections.get(network);
    if (source === 'env') {
      statuses.push({
        network,
        source,
        variable: ACCOUNT_TOKEN_VARIABLE[network],
        ...(stored ? { overridden: true, account: stored.handle } : {}),
      });
      continue;
    }
    if (stored === null) {
      statuses.push({ network, source });
      continue;
    }
    statuses.push({
      network,
      source,
      account: stored.handle,
      name: stored.name,
      ...(stored.expiresAt ? { expiresAt: stored.expiresAt.toISOString() } : {}),
      renewable: stored.renewable,
      ...(stored.lastUsedAt ? { lastUsedAt: stored.lastUsedAt.toISOString() } : {}),
      connectedBy: stored.connectedBy,
      connectedAt: stored.connectedAt.toISOString(),
    });
  }
  return statuses;
}
