/** A number as written in French: `22 460`, `74,88 %`, `1790`, `6 708`. Spaces may be normal, no-break or narrow no-break. */
export const FRENCH_NUMBER =
  /(?<![\p{L}\p{N}])(\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d+)(?:,(\d+))?(?:[ \u00A0\u202F]?(%))?/gu;

/**
 * The unit a figure's value carries (`74,88 %`, `30 000 $`, `12,5 M$`, `450 k$`, `12 h`, `3 jours`):
 * it belongs to the value, never to the label.
 */
export type FigureUnit =
  | '%'
  | '$'
  | 'M$'
  | 'k$'
  | 'G$'
  | 'h'
  | 'min'
  | 'jours'
  | 'semaines'
  | 'millions'
  | 'milliards'
  | '°C'
  | '';

/**
 * Units as written after a number, longest first; `jour`/`heure`/`minute` are read as
 * `jours`/`h`/`min`, `million`/`milliard` as `millions`/`milliards` (`2,3 millions de doses`: the
 * value is `2,3 millions`), and `34 °C` keeps its degrees.
 */
export const UNIT_PATTERN = String.raw`(?:%|M\$|k\$|G\$|\$|millions?|milliards?|jours?|semaines?|heures?|minutes?|min|h|°C)(?![\p{L}\p{N}$])`;

const WRITTEN = new RegExp(
  String.raw`^(\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d+)(?:[,.](\d+))?(?:[ \u00A0\u202F]?(${UNIT_PATTERN}))?$`,
  'u',
);

export function parseFrenchNumber(written: string): { numeric: number; unit: FigureUnit } | undefined {
  const match = WRITTEN.exec(written.trim());
  if (!match) return undefined;
  const integer = (match[1] ?? '').replace(/[ \u00A0\u202F]/gu, '');
  const numeric = Number(match[2] ? `${integer}.${match[2]}` : integer);
  return Number.isFinite(numeric) ? { numeric, unit: canonicalUnit(match[3]) } : undefined;
}

function canonicalUnit(written: string | undefined): FigureUnit {
  if (written === undefined) return '';
  if (/^jours?$/u.test(written)) return 'jours';
  if (/^semaines?$/u.test(written)) return 'semaines';
  if (/^heures?$/u.test(written)) return 'h';
  if (/^minutes?$/u.test(written)) return 'min';
  if (/^millions?$/u.test(written)) return 'millions';
  if (/^milliards?$/u.test(written)) return 'milliards';
  return written as FigureUnit;
}
