/**
 * Text fitting without measuring glyphs: templates must stay pure functions, so widths are
 * estimated from Inter's average advances (slightly generous, so an estimate that fits really
 * fits). Satori's `lineClamp` is the safety net when even the smallest size is too big.
 */

const graphemes = new Intl.Segmenter('fr', { granularity: 'grapheme' });

/** Advance of one grapheme, in em. */
function advance(grapheme: string, bold: boolean): number {
  const scale = bold ? 1.07 : 1;
  if (/\p{Extended_Pictographic}/u.test(grapheme)) return 1.2;
  if (grapheme === '\u202F') return 0.2;
  if (/\s/.test(grapheme)) return 0.28 * scale;
  if (/[0-9]/.test(grapheme)) return 0.64 * scale;
  if (/[ilIjtf.,;:'’!|()[\]]/.test(grapheme)) return 0.32 * scale;
  if (/[mwMW@%]/.test(grapheme)) return 0.9 * scale;
  if (/\p{Lu}/u.test(grapheme)) return 0.7 * scale;
  return 0.56 * scale;
}

export function estimateWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const { segment } of graphemes.segment(text)) em += advance(segment, bold);
  return em * fontSize;
}

/** Lines a greedy word wrap needs for `text` in `width` px; a word wider than a line breaks. */
export function countLines(text: string, fontSize: number, width: number, bold = false): number {
  const space = estimateWidth(' ', fontSize, bold);
  let lines = 1;
  let used = 0;
  for (const word of text.split(/[ \n\t]+/).filter(Boolean)) {
    const w = estimateWidth(word, fontSize, bold);
    const needed = used === 0 ? w : used + space + w;
    if (needed <= width) {
      used = needed;
      continue;
    }
    if (used > 0) lines++;
    // A word longer than the line wraps onto as many lines as it spans.
    const extra = Math.floor(w / width);
    lines += w > width ? extra : 0;
    used = w > width ? w - extra * width : w;
  }
  return lines;
}

export interface FitRequest {
  text: string;
  /** Candidate sizes in px, largest first. */
  sizes: readonly number[];
  width: number;
  maxLines: number;
  bold?: boolean;
}

export interface Fit {
  fontSize: number;
  lines: number;
  /** True when even the smallest size needs more than `maxLines`: the text will be clamped. */
  clamped: boolean;
}

/** The largest size at which `text` fits in `maxLines` lines of `width` px. */
export function fitText(request: FitRequest): Fit {
  const { text, sizes, width, maxLines, bold = false } = request;
  for (const fontSize of sizes) {
    const lines = countLines(text, fontSize, width, bold);
    if (lines <= maxLines) return { fontSize, lines, clamped: false };
  }
  const smallest = sizes[sizes.length - 1] ?? 16;
  return { fontSize: smallest, lines: maxLines, clamped: true };
}

/** Scales a size given for a 675 px tall card to the actual height, in whole px. */
export function scaled(px: number, height: number): number {
  return Math.round((px * height) / 675);
}
