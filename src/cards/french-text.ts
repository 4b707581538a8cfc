/** French typography shared by the card templates and their alt text, so both say the same thing. */

export { frenchLongDate } from '../update/french-dates.js';

/** Narrow no-break space: the Québec/France thousands separator and the space before `%` and `$`. */
export const NNBSP = '\u202F';

/**
 * Typesets a figure as written (`22 460`, `22460`, `74,88%`, `30 000$`) with narrow no-break
 * spaces: between digit groups and before `%` or `$`. Four-digit numbers stay unspaced when written so (`1790`), as the
 * Office québécois de la langue française allows.
 */
export function typesetFigure(value: string): string {
  return value
    .trim()
    .replace(/(\d)[ \u00A0\u202F](?=\d{3}(?!\d))/g, `$1${NNBSP}`)
    .replace(/(\d)[ \u00A0\u202F]?([%$])/g, `$1${NNBSP}$2`);
}

/** Typesets a running text (labels, bullets): figures as above, and the typographic apostrophe. */
export function typesetText(text: string): string {
  return text
    .replace(/(\p{L})'(?=\p{L})/gu, '$1’')
    .replace(/(\d)[ \u00A0\u202F](?=\d{3}(?!\d))/g, `$1${NNBSP}`)
    .replace(/(\d)[ \u00A0\u202F]?%/g, `$1${NNBSP}%`)
    .replace(/\s+/g, (space) => (space.includes(NNBSP) ? NNBSP : space.includes('\u00A0') ? '\u00A0' : ' '));
}
