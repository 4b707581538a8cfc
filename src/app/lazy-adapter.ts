import type { NetworkId } from '../networks/index.js';
import type { NetworkAdapter, NetworkLimits } from '../publish/port.js';

/**
 * An adapter whose module (and its network SDK) is loaded on first use: a running crieur idles
 * most of the day, and the SDKs are the heaviest part of its memory.
 */
export function lazyAdapter(id: NetworkId, limits: NetworkLimits, load: () => Promise<NetworkAdapter>): NetworkAdapter {
  let loading: Promise<NetworkAdapter> | undefined;
  const adapter = () => {
    loading ??= load();
    return loading;
  };
  return {
    id,
    limits,
    verify: async () => (await adapter()).verify(),
    uploadMedia: async (card) => (await adapter()).uploadMedia(card),
    createPost: async (part, media, replyTo) => (await adapter()).createPost(part, media, replyTo),
    findPost: async (part, since) => (await adapter()).findPost(part, since),
  };
}
