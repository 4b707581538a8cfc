import type { NetworkFacts } from './types.js';

/** Public URL of a Page post from its `{page-id}_{post-id}` id. */
export function facebookPostUrl(postId: string): string {
  return `https://www.facebook.com/${postId}`;
}

/**
 * Facebook Page: about 63,206 characters per message, one photo per post (a single photo with its
 * caption), photos up to 4 MB (Graph API Page photos), no threads.
 */
export const FACEBOOK: NetworkFacts = {
  label: 'Facebook',
  limits: {
    countBy: 'chars',
    maxChars: 63_206,
    requiresText: false,
    maxImages: 1,
    maxImageBytes: 4_000_000,
    maxAltChars: 1000,
    imageTypes: ['image/png', 'image/jpeg', 'image/gif'],
    threads: false,
    refusesDuplicates: 'without-media',
  },
  card: { width: 1200, height: 630 },
  linkPreview: 'first',
  correctionImages: false,
  postUrl: facebookPostUrl,
  variables: { credentials: 'FACEBOOK_PAGE_TOKEN', settings: 'FACEBOOK_PAGE_ID, FACEBOOK_GRAPH_VERSION' },
};
