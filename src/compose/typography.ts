import type { NetworkId } from '../networks/index.js';

export const NBSP = '\u00A0';
export const NNBSP = '\u202F';

/**
 * Which no-break spaces a network gets. X weighs U+202F twice, so X gets U+00A0 everywhere;
 * the other networks get the narrow no-break space where French typography wants a thin one.
 */
export type TypographyStyle = 'x' | 'narrow';

export function typographyStyleFor(network: NetworkId): TypographyStyle {
  return network === 'x' ? 'x' : 'narrow';
}

interface Spaces {
  /** Thousands separator, before `; ! ? %`. */
  thin: string;
  /** Before `:`, inside « », around the `h` of a time. */
  word: string;
}

function spacesFor(style: TypographyStyle): Spaces {
  return style === 'x' ? { thin: NBSP, word: NBSP } : { thin: NNBSP, word: NBSP };
}

/**
 * URLs, bare domains, e-mail addresses, hashtags and mentions are left exactly as written; so is
 * any private-use character already in the text, which would otherwise be read as a placeholder.
 */
const PROTECTED =
  /[\uE000-\uF8FF]|https?:\/\/\S+|www\.\S+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|(?<![\p{L}\p{N}_])[#@][\p{L}\p{M}\p{N}_]+|(?<![\p{L}\p{N}@.-])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])(?:\/\S*)?/gu;
/** Punctuation that ends a sentence around a URL rather than belonging to it. */
const TRAILING_PUNCTUATION = /[.,;:!?)»\]'"…]+$/u;
/** One private-use character stands for each protected span while the rules run. */
const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDER = /[\uE000-\uF8FF]/gu;
const PLACEHOLDER_COUNT = 0xf8ff - PLACEHOLDER_BASE + 1;

const ANY_SPACE = '[ \\u00A0\\u202F]';

/**
 * French typography for a post: `7%` → `7 %`, `14h15` → `14 h 15`, `22460` → `22 460`,
 * no-break spaces before `: ; ! ?` and inside « ». Four-digit numbers (`1790`) stay as written.
 * Idempotent; URLs, hashtags and mentions are untouched.
 */
export function normalizeTypography(text: string, style: TypographyStyle): string {
  const { thin, word } = spacesFor(style);
  const kept: string[] = [];
  const source = text.normalize('NFC');
  let overflow = false;
  let s = source.replace(PROTECTED, (match) => {
    if (kept.length >= PLACEHOLDER_COUNT) {
      overflow = true;
      return match;
    }
    const trailing = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
    const core = match.slice(0, match.length - trailing.length);
    if (core.length === 0) return match;
    kept.push(core);
    return String.fromCharCode(PLACEHOLDER_BASE + kept.length - 1) + trailing;
  });
  // More protected spans than placeholders: leaving the text as written is safer than garbling it.
  if (overflow) return source;

  // Times: 14h15, 14 h 15, 00h00, 9h.
  s = s.replace(
    new RegExp(`(?<![\\p{N}\\p{L}])([01]?\\d|2[0-4])${ANY_SPACE}?h${ANY_SPACE}?([0-5]\\d)(?![\\p{N}\\p{L}])`, 'gu'),
    `$1${word}h${word}$2`,
  );
  s = s.replace(new RegExp(`(?<![\\p{N}\\p{L}])([01]?\\d|2[0-4])${ANY_SPACE}?h(?![\\p{N}\\p{L}])`, 'gu'), `$1${word}h`);
  // Thousands already grouped with spaces: 22 460, 1 234 567.
  s = s.replace(new RegExp(`(?<![\\p{N},.])\\d{1,3}(?:${ANY_SPACE}\\d{3})+(?![\\p{N}])`, 'gu'), (n) =>
    n.replace(new RegExp(ANY_SPACE, 'gu'), thin),
  );
  // Five digits or more written without separators: 22460 → 22 460.
  s = s.replace(/(?<![\p{N},.])\d{5,}(?!\p{N})/gu, (n) => groupThousands(n, thin));
  // Percent.
  s = s.replace(new RegExp(`(\\p{N})${ANY_SPACE}?%`, 'gu'), `$1${thin}%`);
  // ; ! ? take a thin no-break space; a run such as `?!` is spaced once.
  s = s.replace(new RegExp(`([^\\s;:!?«(\\[])${ANY_SPACE}?([;!?]+)(?=$|[\\s»)\\]"'’.,…])`, 'gu'), `$1${thin}$2`);
  // : takes a full no-break space; `14:15` and `http:` are not followed by a space, so stay.
  s = s.replace(new RegExp(`([^\\s;:!?«(\\[])${ANY_SPACE}?:(?=$|\\s)`, 'gu'), `$1${word}:`);
  // Inside « ».
  s = s.replace(new RegExp(`«${ANY_SPACE}*`, 'gu'), `«${word}`);
  s = s.replace(new RegExp(`${ANY_SPACE}*»`, 'gu'), `${word}»`);

  return s.replace(PLACEHOLDER, (char) => kept[char.charCodeAt(0) - PLACEHOLDER_BASE] ?? char);
}

function groupThousands(digits: string, separator: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return groups.join(separator);
}
