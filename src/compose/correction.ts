import { NETWORK_FACTS, type NetworkId } from '../networks/index.js';
import { MEASURES } from './measure.js';
import { splitSentences } from './split-text.js';
import { normalizeTypography, typographyStyleFor } from './typography.js';

/** Every correction starts so, on every network. */
export const CORRECTION_PREFIX = 'Correctif :';

export type ComposedCorrection = { ok: true; posts: string[] } | { ok: false; length: number; limit: number };

/**
 * A correction's text for one network, counted like a post there: French typography, « Correctif : »
 * first, one post when it fits; on a network with threads, sentences packed into as few replies as
 * fit; elsewhere (a comment, the website's box) a text too long is refused with its count.
 */
export function composeCorrection(text: string, network: NetworkId): ComposedCorrection {
  const body = text.normalize('NFC').trim();
  const prefixed = /^correctif\s*:/iu.test(body)
    ? body.replace(/^correctif\s*:\s*/iu, `${CORRECTION_PREFIX} `)
    : `${CORRECTION_PREFIX} ${body}`;
  const typeset = normalizeTypography(prefixed, typographyStyleFor(network));
  const measure = MEASURES[network];
  const whole = measure(typeset);
  if (whole.valid) return { ok: true, posts: [typeset] };
  if (!NETWORK_FACTS[network].limits.threads) return { ok: false, length: whole.length, limit: whole.limit };
  const fits = (candidate: string) => measure(candidate).valid;
  const { units } = splitSentences(typeset, fits);
  const posts: string[] = [];
  for (const unit of units) {
    const last = posts.at(-1);
    if (last !== undefined && fits(`${last} ${unit}`)) posts[posts.length - 1] = `${last} ${unit}`;
    else posts.push(unit);
  }
  return { ok: true, posts };
}
