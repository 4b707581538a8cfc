import type { NetworkId } from '../networks/index.js';

export const NBSP = '\u00A0';
export const NNBSP = '\u202F';

/**
 * Which no-break spaces a network gets. X weighs U+202F twice, so X gets U+00A0 everywhere;
 * the other networks get the narrow no-break space where French typography wants a thin one.
 */
export type TypographyStyle = 'x' | 'narrow';

/** The team's typography choices (config `typography`), the same for posts, cards, alt text and page. */
export interface TypographyOptions {
  /** The apostrophe written everywhere: `’` (default) or `'`. */
  apostrophe: '’' | "'";
  /**
   * `always` (default): four-digit quantities take a thousands separator too (`1790` → `1 790`), so
   * one update never spaces them in one bullet and not in the next; `asWritten` leaves them.
   * Years, times, phone numbers and the like are never spaced.
   */
  thousands: 'always' | 'asWritten';
}

export const DEFAULT_TYPOGRAPHY: TypographyOptions = { apostrophe: '’', thousands: 'always' };

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
// The rules' patterns, compiled once (String.replace starts a global pattern from the beginning each time).
const TIME_WITH_MINUTES = new RegExp(
  `(?<![\\p{N}\\p{L}])([01]?\\d|2[0-4])${ANY_SPACE}?h${ANY_SPACE}?([0-5]\\d)(?![\\p{N}\\p{L}])`,
  'gu',
);
const TIME_ON_THE_HOUR = new RegExp(`(?<![\\p{N}\\p{L}])([01]?\\d|2[0-4])${ANY_SPACE}?h(?![\\p{N}\\p{L}])`, 'gu');
const GROUPED_THOUSANDS = new RegExp(`(?<![\\p{N},.])\\d{1,3}(?:${ANY_SPACE}\\d{3})+(?![\\p{N}])`, 'gu');
const ANY_SPACE_RUN = new RegExp(ANY_SPACE, 'gu');
const PERCENT = new RegExp(`(\\p{N})${ANY_SPACE}?%`, 'gu');
const AMOUNT = new RegExp(`(\\p{N})${ANY_SPACE}?([MkG]?\\$)`, 'gu');
const EM_DASH = new RegExp(`(\\S)${ANY_SPACE}—${ANY_SPACE}(?=\\S)`, 'gu');
const BEFORE_HIGH_PUNCTUATION = new RegExp(`([^\\s;:!?«(\\[])${ANY_SPACE}?([;!?]+)(?=$|[\\s»)\\]"'’.,…])`, 'gu');
const BEFORE_COLON = new RegExp(`([^\\s;:!?«(\\[])${ANY_SPACE}?:(?=$|\\s)`, 'gu');
const AFTER_OPENING_GUILLEMET = new RegExp(`«${ANY_SPACE}*`, 'gu');
const BEFORE_CLOSING_GUILLEMET = new RegExp(`${ANY_SPACE}*»`, 'gu');
/** A text with none of these characters holds no URL, address, hashtag, mention or placeholder. */
const MAY_HOLD_PROTECTED = /[./@#\uE000-\uF8FF]/u;
/** What the rules about numbers (times, thousands, percent, amounts) need in a text. */
const MAY_HOLD_NUMBER = /\p{N}/u;
const HIGH_PUNCTUATION = /[;!?]/;

/**
 * French typography for a post: `7%` → `7 %`, `14h15` → `14 h 15`, `22460` → `22 460`,
 * `12,5 M$` and `487 500 $` glued to their unit, no-break spaces before `: ; ! ?`, inside « »
 * and around an em dash within a sentence, one apostrophe style, four-digit quantities spaced
 * (`typography.thousands`). Idempotent; URLs, hashtags and mentions are untouched.
 */
export function normalizeTypography(
  text: string,
  style: TypographyStyle,
  options: TypographyOptions = DEFAULT_TYPOGRAPHY,
): string {
  const { thin, word } = spacesFor(style);
  const kept: string[] = [];
  const source = text.normalize('NFC');
  let overflow = false;
  let s = !MAY_HOLD_PROTECTED.test(source)
    ? source
    : source.replace(PROTECTED, (match) => {
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

  // Each rule runs only on a text holding what it is about: most texts hold few of these characters,
  // and the rules' Unicode patterns cost far more than a look for one character (no rule adds any).
  if (MAY_HOLD_NUMBER.test(s)) {
    // Times: 14h15, 14 h 15, 00h00, 9h.
    s = s.replace(TIME_WITH_MINUTES, `$1${word}h${word}$2`);
    s = s.replace(TIME_ON_THE_HOUR, `$1${word}h`);
    // Thousands already grouped with spaces: 22 460, 1 234 567.
    s = s.replace(GROUPED_THOUSANDS, (n) => n.replace(ANY_SPACE_RUN, thin));
    // Five digits or more written without separators: 22460 → 22 460.
    s = s.replace(/(?<![\p{N},.])\d{5,}(?!\p{N})/gu, (n) => groupThousands(n, thin));
    // Four-digit quantities: 1790 → 1 790 (not a year, a time, a phone number, a code…).
    if (options.thousands === 'always') {
      s = s.replace(/(?<![\p{N},.:/\-\p{L}])\d{4}(?![\p{N}/\-:]|[.,]\d|\p{L})/gu, (n, offset: number, all: string) =>
        isQuantity(all, offset, n) ? `${n.slice(0, 1)}${thin}${n.slice(1)}` : n,
      );
    }
    // Percent, and amounts: 12 % , 487 500 $, 12,5 M$, 350 k$.
    if (s.includes('%')) s = s.replace(PERCENT, `$1${thin}%`);
    if (s.includes('$')) s = s.replace(AMOUNT, `$1${thin}$2`);
  }
  // An em dash inside a sentence stays with its words.
  if (s.includes('—')) s = s.replace(EM_DASH, `$1${word}—${word}`);
  // One apostrophe style.
  if (options.apostrophe === '’') {
    if (s.includes("'")) s = s.replace(/(\p{L})'(?=\p{L})/gu, '$1’');
  } else if (s.includes('’')) {
    s = s.replace(/(\p{L})’(?=\p{L})/gu, "$1'");
  }
  // ; ! ? take a thin no-break space; a run such as `?!` is spaced once.
  if (HIGH_PUNCTUATION.test(s)) s = s.replace(BEFORE_HIGH_PUNCTUATION, `$1${thin}$2`);
  // : takes a full no-break space; `14:15` and `http:` are not followed by a space, so stay.
  if (s.includes(':')) s = s.replace(BEFORE_COLON, `$1${word}:`);
  // Inside « ».
  if (s.includes('«')) s = s.replace(AFTER_OPENING_GUILLEMET, `«${word}`);
  if (s.includes('»')) s = s.replace(BEFORE_CLOSING_GUILLEMET, `${word}»`);

  return s.replace(PLACEHOLDER, (char) => kept[char.charCodeAt(0) - PLACEHOLDER_BASE] ?? char);
}

const YEAR_BEFORE =
  /(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|en|depuis|année|an|fin|début|été|hiver|automne|printemps|exercice|version|no|n°|numéro|local|salle|porte|poste|composez|appelez|code)[ \u00A0]*$/iu;

/** A four-digit number that counts something (not a year, a phone extension, a room…). */
function isQuantity(text: string, offset: number, digits: string): boolean {
  const before = text.slice(Math.max(0, offset - 20), offset);
  const after = text.slice(offset + digits.length, offset + digits.length + 3);
  if (YEAR_BEFORE.test(before)) return false;
  // 1900–2099 is read as a year unless a unit follows.
  if (/^(?:19|20)\d\d$/.test(digits) && !/^[ \u00A0\u202F]?[%$]/u.test(after)) return false;
  return true;
}

function groupThousands(digits: string, separator: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return groups.join(separator);
}
