import type { NetworkFacts } from './types.js';

/** X: weighted length by twitter-text, 4 images of 5 MB, 1000-character alt text (POST /2/media/metadata). */
/** Public URL of a post; `i/web/status` works without knowing the handle. */
export function xPostUrl(id: string): string {
  return `https://x.com/i/web/status/${id}`;
}

export const X: NetworkFacts = {
  label: 'X',
  limits: {
    countBy: 'x-weighted',
    maxChars: 280,
    requiresText: true,
    maxImages: 4,
    maxImageBytes: 5 * 1024 * 1024,
    maxAltChars: 1000,
    imageTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
    threads: true,
    refusesDuplicates: 'always',
  },
  // 16:9
  card: { width: 1200, height: 675 },
  linkPreview: 'last',
  correctionImages: true,
  postUrl: xPostUrl,
  variables: { credentials: 'X_ACCESS_TOKEN et X_ACCESS_SECRET', settings: 'X_API_KEY, X_API_SECRET, X_API_URL' },
};
