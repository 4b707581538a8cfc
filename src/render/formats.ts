import { NETWORK_FACTS, NETWORKS, type NetworkId } from '../networks/index.js';

/** Image size, byte budget and alt-text limit of a card for one network. */
export interface CardFormat {
  width: number;
  height: number;
  /** Largest file the network accepts, in bytes. */
  maxBytes: number;
  /** Longest alt text, in characters. */
  altMaxChars: number;
}

/** Each network's card format, read from its facts in `src/networks/`. */
export const CARD_FORMATS: Readonly<Record<NetworkId, CardFormat>> = Object.fromEntries(
  NETWORKS.map((network) => {
    const { card, limits } = NETWORK_FACTS[network];
    return [network, { ...card, maxBytes: limits.maxImageBytes, altMaxChars: limits.maxAltChars }];
  }),
) as Record<NetworkId, CardFormat>;
