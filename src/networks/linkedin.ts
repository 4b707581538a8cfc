import type { NetworkFacts } from './types.js';

/** Public URL of a post from its share or ugcPost URN. */
export function linkedInPostUrl(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}

/**
 * LinkedIn organisation post: 3000 characters of escaped little text, one image (`content.media`,
 * JPG, GIF or PNG, alt text up to 4086 characters), no threads. LinkedIn publishes no byte cap for
 * images (only 36,152,320 pixels), so the image budget is a conservative one.
 */
export const LINKEDIN: NetworkFacts = {
  label: 'LinkedIn',
  limits: {
    countBy: 'little-text',
    maxChars: 3000,
    requiresText: false,
    maxImages: 1,
    maxImageBytes: 5 * 1024 * 1024,
    maxAltChars: 4086,
    imageTypes: ['image/png', 'image/jpeg', 'image/gif'],
    threads: false,
    refusesDuplicates: 'always',
  },
  card: { width: 1200, height: 627 },
  linkPreview: 'none',
  correctionImages: false,
  postUrl: linkedInPostUrl,
  variables: { credentials: 'LINKEDIN_ACCESS_TOKEN', settings: 'LINKEDIN_ORGANIZATION, LINKEDIN_VERSION' },
};
