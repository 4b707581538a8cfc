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

const DATE = new RegExp(`(\\d{1,2})(?:er)?[ \\u00A0](${MONTHS.join('|')})(?:[ \\u00A0](\\d{4}))?`, 'iu');
const TIME = /(?<!\p{L})à[ \u00A0](\d{1,2})[ \u00A0]?h[ \u00A0]?(\d{2})?/iu;

/** `2026-05-14` → `14 mai 2026`; the first of the month is `1er`. Throws RangeError on a bad date. */
export function frenchLongDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const name = match ? MONTHS[Number(match[2]) - 1] : undefined;
  const day = Number(match?.[3]);
  if (!match || name === undefined || day < 1 || day > 31) {
    throw new RangeError(`expected an ISO date YYYY-MM-DD, got "${iso}"`);
  }
  return `${day === 1 ? '1er' : day} ${name} ${match[1]}`;
}

export interface FoundDate {
  /** French, e.g. `13 mai 2026` or `13 mai 2026, 14 h 15`. */
  label: string;
  iso: string;
}

/**
 * Finds a French date (`13 mai`, `mardi 12 mai 2026`) in text, with a time when written `à 14h15`.
 * A date without a year takes the update's year.
 */
export function findFrenchDate(text: string, defaultYear: number, withTime: boolean): FoundDate | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const day = Number(match[1]);
  const monthName = (match[2] ?? '').toLowerCase();
  const month = MONTHS.indexOf(monthName as (typeof MONTHS)[number]) + 1;
  const year = match[3] ? Number(match[3]) : defaultYear;
  if (day < 1 || day > 31) return undefined;
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  let label = frenchLongDate(iso);
  if (withTime) {
    const time = TIME.exec(text.slice(match.index));
    if (time) label += `, ${Number(time[1])} h ${time[2] ?? '00'}`;
  }
  return { label, iso };
}
