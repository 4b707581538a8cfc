import fc from 'fast-check';

/**
 * Characters that break naive text handling: C0/C1 controls, NUL, DEL, bidi embeddings and
 * overrides (U+202A–U+202E, U+2066–U+2069), zero-width and joiners, line/paragraph separators,
 * BOM and non-characters, lone surrogates, private-use code points, combining marks, soft hyphen.
 */
export const HOSTILE_CHARS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\v',
  '\f',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u202f',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ufeff',
  '\ufffd',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udfff',
  '\ue000',
  '\ue001',
  '\uf8ff',
  '\u0301',
  '\u0336',
  '\u{10ffff}',
];

/** Emoji that are several code points: ZWJ sequences, flags, skin tones, keycaps, variation selectors. */
export const EMOJI = ['🩺', '👩‍⚕️', '🇨🇦', '🏳️‍🌈', '❤️', '👍🏽', '1️⃣', '🧑🏿‍🤝‍🧑🏻', '📊'];

/** Pieces the composer treats specially: French punctuation, numbers, URLs, hashtags, Markdown marks. */
const SPECIAL = [
  'santé',
  'données',
  'hôpital',
  'e\u0301',
  '«',
  '»',
  ' : ',
  ' ;',
  '!',
  '?',
  '7%',
  '22 460',
  '14h15',
  'https://www.exemple.qc.ca/bilan?jour=2026-05-14&h=14:15',
  'quebec.ca',
  '#DSN',
  '@compte',
  'nom@exemple.qc.ca',
  '*',
  '_',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '&',
  '\\',
  '`',
  '|',
  '~',
  '{',
  '}',
  '• ',
  '◦',
  '–',
  '…',
  'ﷺ',
  'ↈ',
  'ǅ',
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_CHARS) },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 4, arbitrary: fc.constantFrom(' ', ' ', ' ', '\n') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

/** Text made of hostile pieces; may be empty or only whitespace. */
export function hostileText(maxPieces = 40): fc.Arbitrary<string> {
  return fc.array(piece, { maxLength: maxPieces }).map((pieces) => pieces.join(''));
}

/** Hostile text that still has at least one visible letter, as a heading or title must. */
export function hostileLine(maxPieces = 20): fc.Arbitrary<string> {
  return hostileText(maxPieces).map((text) => `a${text}z`);
}

/** One emoji repeated: 10 000 of them is about 20 000 UTF-16 units, 40 000 UTF-8 bytes. */
export function emojiRun(count: number, emoji = '🩺'): string {
  return emoji.repeat(count);
}
