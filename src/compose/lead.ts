import { firstSentence } from '../cards/plan.js';
import type { Block } from './content.js';

const CORRECTION = /^\s*correctif\b/iu;

/** A correction notice: a section whose heading, or a bullet or paragraph whose text, starts with « Correctif ». */
export function isCorrection(b: Block): boolean {
  return CORRECTION.test(b.text) || (b.kind !== 'heading' && CORRECTION.test(b.section));
}

/** At least this many words, and not an introduction ending with a colon. */
const MIN_WORDS = 4;

/**
 * The digest's lead: the front matter's `summary` (typography applied) when given, else the first
 * sentence of the first paragraph or bullet that says something: at least four words, not a line
 * introducing a list (`Voici les faits :`), not a correction (that has its own line). A heading
 * alone is never a lead. `whole` is that paragraph or bullet in full when it says more than its
 * first sentence (the digest takes it where it fits). Undefined when the update has no such sentence.
 */
export function leadOf(
  blocks: readonly Block[],
  summary: string | undefined,
): { text: string; block?: Block; whole?: string } | undefined {
  if (summary) return { text: summary };
  // A sentence carrying a key figure is already written out below the lead: one without comes first.
  for (const allowFigures of [false, true]) {
    for (const b of blocks) {
      if (b.kind !== 'paragraph' && b.kind !== 'bullet') continue;
      if (isCorrection(b) || (b.figure && !allowFigures)) continue;
      const sentence = firstSentence(b.text);
      const words = sentence.split(/\s+/u).filter((w) => /\p{L}/u.test(w));
      if (words.length < MIN_WORDS || /[:：]\s*$/u.test(sentence)) continue;
      return { text: sentence, block: b, ...(sentence === b.text ? {} : { whole: b.text }) };
    }
  }
  return undefined;
}
