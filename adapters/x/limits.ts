import type { NetworkLimits } from '../../src/publish/port.js';

/** X's posting limits (weighted length by twitter-text, 4 images, 5 MB per image, 1000-char alt text). */
export const X_LIMITS: NetworkLimits = {
  countBy: 'x-weighted',
  maxChars: 280,
  maxImages: 4,
  maxImageBytes: 5 * 1024 * 1024,
  maxAltChars: 1000,
  threads: true,
  refusesDuplicates: 'always',
};

/** Public URL of a post; `i/web/status` works without knowing the handle. */
export function xPostUrl(id: string): string {
  return `https://x.com/i/web/status/${id}`;
}
