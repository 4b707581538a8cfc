import twitterText from 'twitter-text';
import type { NetworkId } from '../networks.js';

/** How long a text is for one network, and whether it fits. */
export interface Measure {
  /** The figure the network compares to its limit (weighted length, graphemes, escaped chars, chars). */
  length: number;
  limit: number;
  /** UTF-8 bytes (Bluesky also caps bytes). */
  bytes: number;
  byteLimit?: number;
  valid: boolean;
}

export const LIMITS = {
  x: { chars: 280 },
  bluesky: { graphemes: 300, bytes: 3000 },
  linkedin: { chars: 3000 },
  facebook: { chars: 63_206 },
  // The website has no real limit; this only catches a runaway draft.
  site: { chars: 200_000 },
} as const;

const graphemes = new Intl.Segmenter('fr', { granularity: 'grapheme' });

/**
 * Characters that are each a grapheme of their own and never join a neighbour: printable ASCII,
 * tab and line feed (not CR, which joins a following LF), Latin-1 and Latin Extended letters,
 * spacing modifiers, and the dashes, quotes, spaces and symbols of general punctuation (not the
 * zero-width joiners and format characters). French text is almost always only these.
 */
const SINGLE_GRAPHEMES = /^[\t\n\x20-\x7e\u00a0-\u02ff\u2010-\u2027\u202f-\u205f\u20a0-\u20c0]*$/;

export function graphemeLength(text: string): number {
  // The segmenter costs ~100× a length: most posts need none of it.
  if (SINGLE_GRAPHEMES.test(text)) return text.length;
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Characters LinkedIn's "little text" format reserves; they must be backslash-escaped in `commentary`. */
const LITTLE_TEXT_RESERVED = /[\\|{}@[\]()<>#*_~]/g;

/**
 * Escapes text for LinkedIn's little-text `commentary`. Hashtags (`#mot`) stay unescaped so they
 * remain hashtags; every other reserved character gets a backslash.
 */
export function escapeLittleText(text: string): string {
  return text.replace(LITTLE_TEXT_RESERVED, (char, offset: number, whole: string) => {
    if (char === '#' && isHashtagStart(whole, offset)) return char;
    return `\\${char}`;
  });
}

function isHashtagStart(text: string, offset: number): boolean {
  const before = offset === 0 ? ' ' : text[offset - 1];
  const after = text[offset + 1] ?? '';
  return (before === undefined || /[\s(]/u.test(before)) && /[\p{L}\p{N}_]/u.test(after);
}

export function measureX(text: string): Measure {
  const parsed = twitterText.parseTweet(text);
  return {
    length: parsed.weightedLength,
    limit: LIMITS.x.chars,
    bytes: utf8Bytes(text),
    valid: parsed.valid,
  };
}

export function measureBluesky(text: string): Measure {
  const length = graphemeLength(text);
  const bytes = utf8Bytes(text);
  return {
    length,
    limit: LIMITS.bluesky.graphemes,
    bytes,
    byteLimit: LIMITS.bluesky.bytes,
    valid: length <= LIMITS.bluesky.graphemes && bytes <= LIMITS.bluesky.bytes && text.trim().length > 0,
  };
}

export function measureLinkedIn(text: string): Measure {
  const length = escapeLittleText(text).length;
  return { length, limit: LIMITS.linkedin.chars, bytes: utf8Bytes(text), valid: length <= LIMITS.linkedin.chars };
}

export function measureFacebook(text: string): Measure {
  const length = text.length;
  return { length, limit: LIMITS.facebook.chars, bytes: utf8Bytes(text), valid: length <= LIMITS.facebook.chars };
}

export function measureSite(text: string): Measure {
  const length = text.length;
  return {
    length,
    limit: LIMITS.site.chars,
    bytes: utf8Bytes(text),
    valid: length <= LIMITS.site.chars && text.trim().length > 0,
  };
}

export const MEASURES: Record<NetworkId, (text: string) => Measure> = {
  x: measureX,
  bluesky: measureBluesky,
  linkedin: measureLinkedIn,
  facebook: measureFacebook,
  site: measureSite,
};
