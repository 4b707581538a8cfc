import type { Connections } from '../connections/connections.js';
import { ACCOUNT_TOKEN_VARIABLE } from '../connections/source.js';
import type { ConnectableNetwork, StoredCredentials } from '../connections/types.js';
import { networkLabel } from '../networks/index.js';
import type { NetworkAdapter, NetworkLimits } from '../publish/port.js';
import { AuthError } from '../publish/port-errors.js';
import { need } from './lazy-adapter.js';

/**
 * An adapter for an account connected in the page. Each call reads the store (so an account
 * connected or renewed while the service runs is used by the next publication, without a restart),
 * builds the network's adapter again only when the tokens changed, and records each successful use.
 */
export function storedAdapter(
  network: ConnectableNetwork,
  limits: NetworkLimits,
  connections: Connections,
  build: (credentials: StoredCredentials) => () => Promise<NetworkAdapter>,
): NetworkAdapter {
  let built: { generation: number; adapter: Promise<NetworkAdapter> } | undefined;
  const current = async (): Promise<NetworkAdapter> => {
    const found = connections.credentials(network);
    if (found === null) {
      built = undefined;
      const label = networkLabel(network);
      throw new AuthError(
        network,
        `${label} is not connected: connect it in the « Comptes » page (or crieur connect ${network}), or set ${ACCOUNT_TOKEN_VARIABLE[network]}`,
        `${label} n’est pas connecté : un administrateur doit le connecter dans la page « Comptes ».`,
      );
    }
    if (built?.generation !== found.generation) {
      built = { generation: found.generation, adapter: build(found.credentials)() };
    }
    return built.adapter;
  };
  const used = <T>(result: T): T => {
    connections.touch(network);
    return result;
  };
  return {
    id: network,
    limits,
    verify: async () => used(await (await current()).verify()),
    uploadMedia: async (card) => used(await (await current()).uploadMedia(card)),
    createPost: async (part, media, replyTo) => used(await (await current()).createPost(part, media, replyTo)),
    findPost: async (part, since) => (await current()).findPost(part, since),
    createCorrection: async (part, media, target, replyTo) =>
      used(await need(network, (await current()).createCorrection)(part, media, target, replyTo)),
    findCorrection: async (part, target, since) => need(network, (await current()).findCorrection)(part, target, since),
    deletePost: async (ref, notice) => used(await need(network, (await current()).deletePost)(ref, notice)),
    postExists: async (ref) => need(network, (await current()).postExists)(ref),
  };
}
