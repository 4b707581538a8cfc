import { LIMITS } from '../../src/compose/measure.js';
import type { NetworkLimits } from '../../src/publish/port.js';
import { CARD_FORMATS } from '../../src/render/formats.js';

/** A web page has no real limits; these only stop a runaway draft and match the card format. */
export const SITE_LIMITS: NetworkLimits = {
  countBy: 'chars',
  maxChars: LIMITS.site.chars,
  maxImages: 20,
  maxImageBytes: CARD_FORMATS.site.maxBytes,
  maxAltChars: CARD_FORMATS.site.altMaxChars,
  threads: false,
  // One page per date: publishing again rewrites it.
  refusesDuplicates: 'always',
};
