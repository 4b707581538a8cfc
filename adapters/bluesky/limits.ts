import type { NetworkLimits } from '../../src/publish/port.js';

/** Bluesky's limits as the PDS enforces them (lexicon `app.bsky.feed.post` and `app.bsky.embed.images`). */
export const BLUESKY_LIMITS: NetworkLimits = {
  countBy: 'graphemes',
  maxChars: 300,
  maxBytes: 3000,
  maxImages: 4,
  // Lexicons since 2025 allow 2 MB, but PDSes still running 0.4 refuse more than 1 000 000 bytes.
  maxImageBytes: 1_000_000,
  // The lexicon sets no maximum; the Bluesky app stops at 2000.
  maxAltChars: 2000,
  threads: true,
  // Record keys make a resend safe, not the text: two posts may say the same.
  refusesDuplicates: 'never',
};
