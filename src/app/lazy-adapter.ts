import type { NetworkId } from '../networks/index.js';
import type { NetworkAdapter, NetworkLimits } from '../publish/port.js';
import { ContentRejectedError } from '../publish/port-errors.js';

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
    createCorrection: async (part, media, target, replyTo) =>
      need(id, (await adapter()).createCorrection)(part, media, target, replyTo),
    findCorrection: async (part, target, since) => need(id, (await adapter()).findCorrection)(part, target, since),
    deletePost: async (ref, notice) => need(id, (await adapter()).deletePost)(ref, notice),
    postExists: async (ref) => need(id, (await adapter()).postExists)(ref),
  };
}

/** A correction operation of the loaded adapter, or a refusal when that network has none. */
export function need<F>(network: NetworkId, operation: F | undefined): F {
  if (operation !== undefined) return operation;
  throw new ContentRejectedError(
    network,
    `the ${network} adapter has no corrections or deletes`,
    'Ce réseau ne permet pas de publier un correctif ni de supprimer une publication depuis crieur.',
  );
}
