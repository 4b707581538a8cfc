import type { NetworkFacts } from './types.js';

/** The organisation's website: a web page has no real limits; these only stop a runaway draft. */
export const SITE: NetworkFacts = {
  label: 'Site Web',
  limits: {
    countBy: 'chars',
    maxChars: 200_000,
    requiresText: true,
    maxImages: 20,
    maxImageBytes: 5_000_000,
    maxAltChars: 1000,
    imageTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
    threads: false,
    // One page per date: publishing again rewrites it.
    refusesDuplicates: 'always',
  },
  // The size link previews use when the news page is shared.
  card: { width: 1200, height: 630 },
  linkPreview: 'none',
  correctionImages: true,
  // The website has no token; only the output folder's permissions can fail this way.
  variables: { credentials: 'SITE_OUTPUT_DIR', settings: 'SITE_OUTPUT_DIR, SITE_BASE_URL' },
};
