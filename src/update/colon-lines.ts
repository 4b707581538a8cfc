import { findFrenchDate } from './french-dates.js';

/**
 * Lines the team ends with « : » outside a list (`Faits saillants :`, `Mardi 12 mai 2026 :`, `Voici
 * les prochaines étapes pour les équipes de soir :`). What a communications team means by them:
 *
 * - A short line, written after a section's content, starts the next section at the same level: it
 *   is a heading written as text, not a part of the section above. Its figures do not take the place
 *   of a regional heading above (`Faits saillants :` after the Mauricie bullets is not about Mauricie).
 * - A short line that is a date starts a sub-section of the section above (its figures take that
 *   date, and the place of the heading above), unless the section above is itself dated.
 * - A short line right under a heading stays where it is, as the first line of that section.
 * - A longer line (a sentence) introduces the bullets that follow it: they stay under it, in order.
 */

/** Longest text, in characters and words, a line ending with « : » may have to be read as a heading. */
const MAX_LABEL_CHARS = 80;
const MAX_LABEL_WORDS = 10;

const COLON_END = /[ \u00A0\u202F]*[:：]$/u;

/** The text of a line that ends with « : », without it; undefined for any other line. */
export function beforeColon(text: string): string | undefined {
  const trimmed = text.trim();
  if (!COLON_END.test(trimmed)) return undefined;
  const rest = trimmed.replace(COLON_END, '').trim();
  return /\p{L}/u.test(rest) ? rest : undefined;
}

/**
 * The heading a line ending with « : » stands for (`Faits saillants :` → `Faits saillants`), when it
 * is short enough to be one: not a sentence, no link; undefined otherwise.
 */
export function labelHeading(text: string): string | undefined {
  const rest = beforeColon(text);
  if (rest === undefined) return undefined;
  if (rest.length > MAX_LABEL_CHARS || rest.split(/\s+/u).length > MAX_LABEL_WORDS) return undefined;
  if (/[.!?…;][ \u00A0]/u.test(rest) || /[.!?…;]$/u.test(rest) || /https?:\/\//u.test(rest)) return undefined;
  return rest;
}

/** A heading that names a day (`Mardi 12 mai 2026`, `données du 12 mai`). */
export function isDatedHeading(text: string, reference: string): boolean {
  return findFrenchDate(text, reference, false) !== undefined;
}

/** The section a heading line ending with « : » is read in, as far as its level goes. */
export interface OpenSection {
  level: 1 | 2 | 3;
  heading: string;
  hasContent: boolean;
}

/**
 * The level of the section a short line ending with « : » starts, or undefined when it stays a line
 * of the section it is in (right under a heading, or a sub-section deeper than `###`).
 */
export function labelSectionLevel(
  current: OpenSection | undefined,
  heading: string,
  reference: string,
): 1 | 2 | 3 | undefined {
  if (current === undefined) return 1;
  if (!current.hasContent) return undefined;
  if (isDatedHeading(heading, reference) && !isDatedHeading(current.heading, reference)) {
    return current.level < 3 ? ((current.level + 1) as 2 | 3) : current.level;
  }
  return current.level;
}
