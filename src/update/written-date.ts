/** Dates as a person writes them at the top of an update: `14 mai 2026`, `2026-05-14`, `14/05/2026`. */

const MONTHS =
  'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre';
const MONTH_NUMBER: Record<string, number> = {
  janvier: 1,
  février: 2,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  août: 8,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  décembre: 12,
  decembre: 12,
};
const WEEKDAY = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)';
const SPACE = '[ \\u00A0\\u202F]+';
const DATE_FORMS = `(?:(\\d{1,2})(?:er)?${SPACE}(${MONTHS})${SPACE}(\\d{4})|(\\d{4})-(\\d{2})-(\\d{2})|(\\d{1,2})\\/(\\d{1,2})\\/(\\d{4}))`;
/** A date with its year, optionally after a weekday (`jeudi 14 mai 2026`). */
const WRITTEN = new RegExp(
  `(?<![\\p{L}\\p{N}/-])(?:${WEEKDAY}${SPACE}(?:le${SPACE})?)?${DATE_FORMS}(?![\\p{N}/-])`,
  'iu',
);
const SEPARATORS = /^[\s\u00A0\u202F–—\-,:|·•]+|[\s\u00A0\u202F–—\-,:|·•]+$/gu;

export interface WrittenDate {
  iso: string;
  /** The text without the date and the dashes or commas around it. */
  rest: string;
}

/** The first real date with a year in `text`, and what is left around it. */
export function findWrittenDate(text: string): WrittenDate | undefined {
  const match = WRITTEN.exec(text);
  if (!match) return undefined;
  const [, day, month, year, isoYear, isoMonth, isoDay, numDay, numMonth, numYear] = match;
  const iso =
    year !== undefined
      ? isoDate(Number(year), MONTH_NUMBER[month!.toLowerCase()] ?? 0, Number(day))
      : isoYear !== undefined
        ? isoDate(Number(isoYear), Number(isoMonth), Number(isoDay))
        : isoDate(Number(numYear), Number(numMonth), Number(numDay));
  if (iso === undefined) return undefined;
  const before = text.slice(0, match.index).replace(SEPARATORS, '');
  const after = text.slice(match.index + match[0].length).replace(SEPARATORS, '');
  const rest = [before, after].filter((part) => part !== '').join(' – ');
  return { iso, rest };
}

/** A line that is only a date (`Jeudi 14 mai 2026`, `14/05/2026`), possibly ending with `:` or `.`. */
export function dateLine(text: string): string | undefined {
  const found = findWrittenDate(text);
  if (!found) return undefined;
  return found.rest.replace(/[.:\s]+$/u, '') === '' ? found.iso : undefined;
}

/** `2026-05-14-dsn.docx`, `maj_2026-05-14.txt` → `2026-05-14`. */
export function dateInFileName(name: string): string | undefined {
  const match = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/.exec(name);
  return match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}

export function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return undefined;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}
