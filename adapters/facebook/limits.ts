import type { NetworkLimits } from '../../src/publish/port.js';

export const FACEBOOK_DEFAULT_GRAPH_URL = 'https://graph.facebook.com';
export const FACEBOOK_DEFAULT_GRAPH_VERSION = 'v24.0';

/**
 * Facebook Page limits: about 63,206 characters per message, one photo per post (we publish
 * a single photo with its caption), photos under 4 MB, no threads.
 */
export const FACEBOOK_LIMITS: NetworkLimits = {
  countBy: 'chars',
  maxChars: 63_206,
  maxImages: 1,
  maxImageBytes: 4 * 1000 * 1000,
  maxAltChars: 1000,
  threads: false,
  refusesDuplicates: 'without-media',
};

/** Public URL of a Page post from its `{page-id}_{post-id}` id. */
export function facebookPostUrl(postId: string): string {
  return `https://www.facebook.com/${postId}`;
}
