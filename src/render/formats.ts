import type { NetworkId } from '../networks/index.js';

/** Image size, byte budget and alt-text limit per network. */
export interface CardFormat {
  width: number;
  height: number;
  /** Largest file the network accepts, in bytes. */
  maxBytes: number;
  /** Longest alt text, in characters. */
  altMaxChars: number;
}

export const CARD_FORMATS: Readonly<Record<NetworkId, CardFormat>> = {
  // 16:9; alt text ≤ 1000 (POST /2/media/metadata); 5 MB for images.
  x: { width: 1200, height: 675, maxBytes: 5_000_000, altMaxChars: 1000 },
  // The PDS in use rejects blobs over 1 000 000 bytes; alt has no documented maximum.
  bluesky: { width: 1200, height: 675, maxBytes: 1_000_000, altMaxChars: 2000 },
  // No byte limit documented (only < 36 152 320 pixels): 5 MB, and a conservative alt length.
  linkedin: { width: 1200, height: 627, maxBytes: 5_000_000, altMaxChars: 1000 },
  facebook: { width: 1200, height: 630, maxBytes: 5_000_000, altMaxChars: 1000 },
  // The size link previews use when the news page is shared; the web has no byte or alt limit of its own.
  site: { width: 1200, height: 630, maxBytes: 5_000_000, altMaxChars: 1000 },
};
