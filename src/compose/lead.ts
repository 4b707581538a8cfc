import { firstSentence } from '../cards/plan.js';
import type { Block } from './content.js';

const CORRECTION = /^\s*correctif\b/iu;

/** A correction notice: a section whose heading, or a bullet or paragraph whose text, starts with « Correctif ». */
export function isCorrection(b: Block): boolean {
  return CORRECTION.test(b.text) || (b.kind !== 'heading' && CORRECTION.test(b.section));
}

/** At least this many words, and not an introduction ending with a colon. */
const MIN_WORDS = 4;

/** A sentence that sends the reader elsewhere (« Voir … », « Pour en savoir plus … », « Source : … »). */
const POINTER =
  /^\s*(?:voir|voyez|consultez|consulter|lire|lisez|cliquez|source|sources|référence|références|lien|liens|renseignements|information|informations|pour (?:en savoir plus|plus d['’]informations?|plus de (?:détails|renseignements|précisions))|plus de (?:détails|renseignements))\b/iu;
const LINK = /\bhttps?:\/\/\S+|\bwww\.\S+/iu;

/**
 * A sentence that points to something else instead of saying something: it opens with « Voir »,
 * « Consultez », « Pour en savoir plus »…, or holds a link and, without it, too few words.
 */
function isPointer(sentence: string): boolean {
  if (POINTER.test(sentence)) return true;
  if (!LINK.test(sentence)) return false;
  return wordsOf(sentence.replaceAll(new RegExp(LINK, 'giu'), ' ')).length < MIN_WORDS;
}

/**
 * A bullet a key figure was read from carries it; a paragraph does when the figure is in the
 * sentence that would lead (« La campagne avance bien. Au total, **412 318 doses**… » leads with its
 * first sentence, which has none).
 */
function carriesFigure(b: Block, sentence: string, figureValues: readonly string[]): boolean {
  if (!b.figure) return false;
  if (b.kind !== 'paragraph') return true;
  const spaced = (text: string) => text.replace(/[\s\u00A0\u202F]+/gu, ' ');
  return figureValues.some((value) => spaced(sentence).includes(spaced(value)));
}

function wordsOf(text: string): string[] {
  return text.split(/\s+/u).filter((w) => /\p{L}/u.test(w));
}

/**
 * The digest's lead: the front matter's `summary` (typography applied) when given, else the first
 * sentence of the first paragraph or bullet that says something: at least four words, not a line
 * introducing a list (`Voici les faits :`), not a correction (that has its own line). A heading
 * alone is never a lead. A sentence sending the reader elsewhere (« Voir https://… pour les
 * détails. ») is one only when nothing else is: the digest gives the update's link anyway. `whole` is that paragraph or bullet in full when it says more than its
 * first sentence (the digest takes it where it fits). Undefined when the update has no such sentence.
 */
export function leadOf(
  blocks: readonly Block[],
  summary: string | undefined,
  figureValues: readonly string[] = [],
): { text: string; block?: Block; whole?: string } | undefined {
  if (summary) return { text: summary };
  // A sentence carrying a key figure is already written out below the lead: one without comes first.
  // A pointer comes last of all.
  const passes = [
    { figures: false, pointers: false },
    { figures: true, pointers: false },
    { figures: true, pointers: true },
  ];
  for (const pass of passes) {
    for (const b of blocks) {
      if (b.kind !== 'paragraph' && b.kind !== 'bullet') continue;
      if (isCorrection(b)) continue;
      const sentence = firstSentence(b.text);
      if (!pass.figures && carriesFigure(b, sentence, figureValues)) continue;
      if (wordsOf(sentence).length < MIN_WORDS || /[:：]\s*$/u.test(sentence)) continue;
      if (!pass.pointers && isPointer(sentence)) continue;
      // The rest of a paragraph holding a key figure is not offered: the figure is written out below.
      const restHasFigure = b.kind === 'paragraph' && carriesFigure(b, b.text, figureValues);
      const whole = sentence === b.text || restHasFigure ? {} : { whole: b.text };
      return { text: sentence, block: b, ...whole };
    }
  }
  return undefined;
}
