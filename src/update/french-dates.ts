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
  /** Written after « depuis » (`depuis le 1er octobre`): a start, not the day the text is about. */
  since?: true;
}

/** A numeric date: ISO `2026-05-31` or French order `31/05/2026`. */
const NUMERIC_DATE = /(?<![\d/-])(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\/(\d{1,2})\/(\d{4}))(?![\d/-])/u;

/**
 * Finds a date in text: French (`13 mai`, `mardi 12 mai 2026`) or numeric (`2026-05-13`,
 * `13/05/2026`), with a time when written `à 14h15`. A date without a year takes the year that
 * puts it closest to `reference` (the update's ISO date), so `31 décembre` in a January update
 * is the previous year's; after « depuis » it is never later than `reference`. A date that does
 * not exist (`31 juin`) is not a date.
 */
export function findFrenchDate(text: string, reference: string, withTime: boolean): FoundDate | undefined {
  const found = dateIn(text, reference);
  if (!found) return undefined;
  let label = frenchLongDate(found.iso);
  if (withTime) {
    const time = TIME.exec(text.slice(found.index));
    if (time) label += `, ${Number(time[1])} h ${time[2] ?? '00'}`;
  }
  const since = SINCE.test(text.slice(0, found.index));
  return { label, iso: found.iso, ...(since ? { since: true as const } : {}) };
}

/** Just before a date: « depuis le ». */
const SINCE = /\bdepuis\s+(?:le\s+|l['’]\s*)?$/iu;

/** The date found in `text` as findFrenchDate reads it, the year said or else the one closest to `reference`. */
function dateIn(text: string, reference: string): { iso: string; index: number } | undefined {
  const found: { iso: string; index: number; yearInferred?: boolean } | undefined =
    frenchDate(text, reference) ?? numericDate(text);
  if (!found?.yearInferred || found.iso <= reference) return found;
  // « depuis le 1er octobre » written in June: last October, the start of what is counted.
  if (!SINCE.test(text.slice(0, found.index))) return found;
  const earlier = isoDate(
    Number(found.iso.slice(0, 4)) - 1,
    Number(found.iso.slice(5, 7)),
    Number(found.iso.slice(8, 10)),
  );
  return earlier === undefined ? found : { ...found, iso: earlier };
}

function frenchDate(
  text: string,
  reference: string,
): { iso: string; index: number; yearInferred?: boolean } | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const day = Number(match[1]);
  const month = MONTHS.indexOf((match[2] ?? '').toLowerCase() as (typeof MONTHS)[number]) + 1;
  const iso = match[3] ? isoDate(Number(match[3]), month, day) : closestYear(month, day, reference);
  return iso === undefined ? undefined : { iso, index: match.index, yearInferred: !match[3] };
}

function numericDate(text: string): { iso: string; index: number } | undefined {
  const match = NUMERIC_DATE.exec(text);
  if (!match) return undefined;
  const iso = match[1]
    ? isoDate(Number(match[1]), Number(match[2]), Number(match[3]))
    : isoDate(Number(match[6]), Number(match[5]), Number(match[4]));
  return iso === undefined ? undefined : { iso, index: match.index };
}

/** `YYYY-MM-DD` when the day exists. */
function isoDate(year: number, month: number, day: number): string | undefined {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

function closestYear(month: number, day: number, reference: string): string | undefined {
  const year = Number(reference.slice(0, 4));
  const at = Date.parse(`${reference}T00:00:00Z`);
  let best: string | undefined;
  for (const candidate of [year, year - 1, year + 1]) {
    const iso = isoDate(candidate, month, day);
    if (iso === undefined) continue;
    if (
      best === undefined ||
      Math.abs(Date.parse(`${iso}T00:00:00Z`) - at) < Math.abs(Date.parse(`${best}T00:00:00Z`) - at)
    )
      best = iso;
  }
  return best;
}
