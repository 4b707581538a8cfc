/** French typography shared by the card templates and their alt text: the same rule set as the posts. */

import { DEFAULT_TYPOGRAPHY, normalizeTypography, type TypographyOptions } from '../compose/typography.js';

export { frenchLongDate } from '../update/french-dates.js';

/** Narrow no-break space: the Québec/France thousands separator and the space before `%` and `$`. */
export const NNBSP = '\u202F';

/**
 * Typesets a figure as written (`22 460`, `22460`, `74,88%`, `30 000$`, `12,5 M$`) with narrow
 * no-break spaces between digit groups and before its unit; four-digit quantities are spaced
 * unless `typography.thousands` is `asWritten`.
 */
export function typesetFigure(value: string, options: TypographyOptions = DEFAULT_TYPOGRAPHY): string {
  return normalizeTypography(value.trim(), 'narrow', options);
}

/** The space between a number and the word after it: `2 heures`, `1 106 prélèvements`, `13 mai` (not `COVID-19 cas`). */
const NUMBER_THEN_WORD = /(?<=(?:^|[\s(«])[\p{N}\u202F,.]*\p{N}) (?=\p{L})/gu;

/** Typesets a running text (labels, bullets, titles) by the posts' rules, spaces collapsed. */
export function typesetText(text: string, options: TypographyOptions = DEFAULT_TYPOGRAPHY): string {
  return normalizeTypography(text.replace(/[ \t\n]+/g, ' ').trim(), 'narrow', options);
}

/**
 * A running text as a card draws it: typeset, and a number kept on the line of the word it counts
 * (a no-break space), so a tile never wraps `2` / `heures`.
 */
export function typesetCardText(text: string, options: TypographyOptions = DEFAULT_TYPOGRAPHY): string {
  return typesetText(text, options).replace(NUMBER_THEN_WORD, '\u00A0');
}

/**
 * Expands each acronym of the glossary the first time it appears (`DSN` → `Dossier santé
 * numérique (DSN)`), for alt text read aloud; later mentions stay short.
 */
export function expandAcronyms(text: string, glossary: Readonly<Record<string, string>>): string {
  let result = text;
  for (const [acronym, meaning] of Object.entries(glossary)) {
    const escaped = acronym.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u');
    const match = pattern.exec(result);
    if (!match) continue;
    // Already written out next to it (`Dossier santé numérique (DSN)`): nothing to add.
    if (result.toLowerCase().includes(meaning.toLowerCase())) continue;
    result = `${result.slice(0, match.index)}${meaning} (${acronym})${result.slice(match.index + acronym.length)}`;
  }
  return result;
}
