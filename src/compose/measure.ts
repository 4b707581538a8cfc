import type { ParsedTweet } from 'twitter-text';
import parseTweetModule from 'twitter-text/dist/parseTweet.js';
import { NETWORK_FACTS, NETWORKS, type NetworkId, type NetworkLimits } from '../networks/index.js';

/**
 * twitter-text's own counting (its default, version 3 weights), imported alone: the package's entry
 * also loads every auto-link and extraction helper with their polyfills, ~45 ms more at start-up.
 * A static import, so the command-line bundle holds it (and V8's code cache covers it).
 */
const parseTweet: (text: string) => ParsedTweet =
  typeof parseTweetModule === 'function' ? parseTweetModule : parseTweetModule.default;

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

/** Counts text the way a network does, by its counting rule, against its limits. */
export function measureText(text: string, limits: NetworkLimits): Measure {
  const bytes = utf8Bytes(text);
  const filled = !limits.requiresText || text.trim().length > 0;
  switch (limits.countBy) {
    case 'x-weighted': {
      const parsed = parseTweet(text);
      return { length: parsed.weightedLength, limit: limits.maxChars, bytes, valid: parsed.valid && filled };
    }
    case 'graphemes': {
      const length = graphemeLength(text);
      const withinBytes = limits.maxBytes === undefined || bytes <= limits.maxBytes;
      return {
        length,
        limit: limits.maxChars,
        bytes,
        ...(limits.maxBytes === undefined ? {} : { byteLimit: limits.maxBytes }),
        valid: length <= limits.maxChars && withinBytes && filled,
      };
    }
    case 'little-text': {
      const length = escapeLittleText(text).length;
      return { length, limit: limits.maxChars, bytes, valid: length <= limits.maxChars && filled };
    }
    case 'chars':
      return { length: text.length, limit: limits.maxChars, bytes, valid: text.length <= limits.maxChars && filled };
  }
}

export const measureX = (text: string): Measure => measureText(text, NETWORK_FACTS.x.limits);
export const measureBluesky = (text: string): Measure => measureText(text, NETWORK_FACTS.bluesky.limits);
export const measureSite = (text: string): Measure => measureText(text, NETWORK_FACTS.site.limits);

/** Each network's measure, from its counting rule and limits in `src/networks/`. */
export const MEASURES: Record<NetworkId, (text: string) => Measure> = Object.fromEntries(
  NETWORKS.map((network) => [network, (text: string) => measureText(text, NETWORK_FACTS[network].limits)]),
) as Record<NetworkId, (text: string) => Measure>;
