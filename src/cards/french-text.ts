/** French typography shared by the card templates and their alt text, so both say the same thing. */

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

/** Narrow no-break space: the Québec/France thousands separator and the space before `%`. */
export const NNBSP = '\u202F';

/** `2026-05-14` → `14 mai 2026`; the first of the month is `1er`. */
export function frenchLongDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`expected an ISO date YYYY-MM-DD, got "${isoDate}"`);
  const [, year, month, day] = match;
  const monthName = MONTHS[Number(month) - 1];
  const dayNumber = Number(day);
  if (monthName === undefined || dayNumber < 1 || dayNumber > 31) {
    throw new RangeError(`expected an ISO date YYYY-MM-DD, got "${isoDate}"`);
  }
  return `${dayNumber === 1 ? '1er' : dayNumber} ${monthName} ${year}`;
}

/**
 * Typesets a figure as written (`22 460`, `22460`, `74,88%`) with narrow no-break spaces: between
 * digit groups and before `%`. Four-digit numbers stay unspaced when written so (`1790`), as the
 * Office québécois de la langue française allows.
 */
export function typesetFigure(value: string): string {
  return value
    .trim()
    .replace(/(\d)[ \u00A0\u202F](?=\d{3}(?!\d))/g, `$1${NNBSP}`)
    .replace(/(\d)[ \u00A0\u202F]?%/g, `$1${NNBSP}%`);
}

/** Typesets a running text (labels, bullets): figures as above, and the typographic apostrophe. */
export function typesetText(text: string): string {
  return text
    .replace(/(\p{L})'(?=\p{L})/gu, '$1’')
    .replace(/(\d)[ \u00A0\u202F](?=\d{3}(?!\d))/g, `$1${NNBSP}`)
    .replace(/(\d)[ \u00A0\u202F]?%/g, `$1${NNBSP}%`)
    .replace(/\s+/g, (space) => (space.includes(NNBSP) ? NNBSP : space.includes('\u00A0') ? '\u00A0' : ' '));
}
