import type { NetworkFacts } from './types.js';

/** Public URL of a post from its at-uri (`at://<did>/app.bsky.feed.post/<rkey>`) and the account's handle. */
export function blueskyPostUrl(uri: string, handle: string): string {
  return `https://bsky.app/profile/${handle}/post/${uri.split('/').pop() ?? ''}`;
}

/** Bluesky, as the PDS enforces it (lexicons `app.bsky.feed.post` and `app.bsky.embed.images`). */
export const BLUESKY: NetworkFacts = {
  label: 'Bluesky',
  limits: {
    countBy: 'graphemes',
    maxChars: 300,
    maxBytes: 3000,
    requiresText: true,
    maxImages: 4,
    // Lexicons since 2025 allow 2 MB, but PDSes still running 0.4 refuse more than 1 000 000 bytes.
    maxImageBytes: 1_000_000,
    // The lexicon sets no maximum; the Bluesky app stops at 2000.
    maxAltChars: 2000,
    imageTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
    threads: true,
    // Record keys make a resend safe, not the text: two posts may say the same.
    refusesDuplicates: 'never',
  },
  card: { width: 1200, height: 675 },
  linkPreview: 'none',
  correctionImages: true,
  postUrl: blueskyPostUrl,
  variables: { credentials: 'BLUESKY_APP_PASSWORD', settings: 'BLUESKY_SERVICE, BLUESKY_HANDLE' },
};
