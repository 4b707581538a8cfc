/** Tells whether a piece of text fits in a post on its own. */
export type Fits = (piece: string) => boolean;

export interface SplitResult {
  /** In order; joining them with single spaces gives the text back (unless a word had to be cut). */
  units: string[];
  /** Words that alone exceed the limit and were cut mid-word. */
  cutWords: string[];
}

/**
 * Finer and finer places to break, tried in order. A break is always at a plain space (U+0020):
 * no-break spaces, put in by the typography step, glue numbers (`22 460`, `74,88 %`), times and
 * the punctuation that French spaces (`:` `;` `!` `?` `»`) to their neighbours.
 */
type Level = 'sentence' | 'clause' | 'word' | 'word-in-quotes' | 'word-after-number';
const LEVELS: readonly Level[] = ['sentence', 'clause', 'word', 'word-in-quotes', 'word-after-number'];

const sentences = new Intl.Segmenter('fr', { granularity: 'sentence' });
const graphemes = new Intl.Segmenter('fr', { granularity: 'grapheme' });

/** Never start a piece with what belongs to the previous word. */
const CANNOT_START = /^[:;!?%»)\]…,.]/u;
const CLAUSE_END = /[,;:)»]$/u;
const CLAUSE_START = /^[–—] /u;

/**
 * Splits `text` into the largest units that each fit: the whole text if it fits, otherwise its
 * sentences, a sentence too long is cut at clauses, then words, and a single word longer than a
 * post is cut between graphemes (reported in `cutWords`). Units are not packed together: the
 * caller packs them so a post can be topped up with the next sentence.
 */
export function splitUnits(text: string, fits: Fits): SplitResult {
  const cutWords: string[] = [];
  const units = split(text, fits, 0, cutWords, false);
  return { units, cutWords };
}

/** The text's sentences, even when the whole text would fit (each sentence still cut to fit). */
export function splitSentences(text: string, fits: Fits): SplitResult {
  const cutWords: string[] = [];
  const units = split(text, fits, 0, cutWords, true);
  return { units, cutWords };
}

function split(text: string, fits: Fits, levelIndex: number, cutWords: string[], force = false): string[] {
  if (!force && fits(text)) return [text];
  const level = LEVELS[levelIndex];
  if (level === undefined) {
    cutWords.push(text);
    return hardCut(text, fits);
  }
  const parts = cutAt(text, breakPoints(text, level));
  if (parts.length <= 1) return split(text, fits, levelIndex + 1, cutWords);
  if (level === 'sentence') {
    return parts.flatMap((part) => split(part, fits, levelIndex + 1, cutWords));
  }
  // Below the sentence, pack the fragments back together so a long sentence is cut as few times as possible.
  const out: string[] = [];
  let current = '';
  for (const part of parts) {
    const candidate = current ? `${current} ${part}` : part;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current) out.push(current);
    if (fits(part)) {
      current = part;
    } else {
      const finer = split(part, fits, levelIndex + 1, cutWords);
      out.push(...finer.slice(0, -1));
      current = finer.at(-1) ?? '';
    }
  }
  if (current) out.push(current);
  return out;
}

function cutAt(text: string, points: number[]): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const point of points) {
    parts.push(text.slice(start, point).trim());
    start = point;
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part.length > 0);
}

/** Indexes where a new piece may start, for one level. */
function breakPoints(text: string, level: Level): number[] {
  const candidates =
    level === 'sentence'
      ? [...sentences.segment(text)].map((segment) => segment.index).filter((index) => index > 0)
      : spaceEnds(text);
  const depth = quoteDepths(text);
  return candidates.filter((index) => {
    if (text[index - 1] !== ' ') return false;
    const rest = text.slice(index);
    if (CANNOT_START.test(rest)) return false;
    if (splitsNumber(text, index)) return false;
    // Last resort before cutting a word: a number may end a piece (`22 460 | bbbb`).
    if (level !== 'word-after-number' && followsNumber(text, index)) return false;
    if (level !== 'word-in-quotes' && level !== 'word-after-number' && (depth[index] ?? 0) > 0) return false;
    if (level === 'clause') return CLAUSE_END.test(text.slice(0, index).trimEnd()) || CLAUSE_START.test(rest);
    return true;
  });
}

function spaceEnds(text: string): number[] {
  const points: number[] = [];
  for (let i = 1; i < text.length; i++) {
    if (text[i - 1] === ' ' && text[i] !== ' ') points.push(i);
  }
  return points;
}

/** A plain space between digit groups (`22 460` typed with a plain space) is not a break. */
function splitsNumber(text: string, index: number): boolean {
  return /\d $/u.test(text.slice(0, index)) && /^\d{3}(?!\d)/u.test(text.slice(index));
}

/**
 * A number keeps what follows it (`30 000 $`, `12 km`, `1 106 prélèvements`), so no post ends on
 * a bare number whose unit opens the next one; broken only when nothing else fits.
 */
function followsNumber(text: string, index: number): boolean {
  return /\p{N} $/u.test(text.slice(0, index));
}

/** For each index, how many « are open before it. */
function quoteDepths(text: string): number[] {
  const depths: number[] = [];
  let depth = 0;
  for (let i = 0; i <= text.length; i++) {
    depths.push(depth);
    const char = text[i];
    if (char === '«') depth++;
    else if (char === '»') depth = Math.max(0, depth - 1);
  }
  return depths;
}

/** Last resort for a word longer than a post: the longest prefix that fits, again and again. */
function hardCut(text: string, fits: Fits): string[] {
  const pieces: string[] = [];
  let rest = [...graphemes.segment(text)].map((segment) => segment.segment);
  while (rest.length > 0) {
    let low = 1;
    let high = rest.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(rest.slice(0, mid).join(''))) low = mid;
      else high = mid - 1;
    }
    let take = low;
    while (take > 1 && !fits(rest.slice(0, take).join(''))) take--;
    pieces.push(rest.slice(0, take).join(''));
    rest = rest.slice(take);
  }
  return pieces;
}
