/** A number as written in French: `22 460`, `74,88 %`, `1790`, `6 708`. Spaces may be normal, no-break or narrow no-break. */
export const FRENCH_NUMBER =
  /(?<![\p{L}\p{N}])(\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d+)(?:,(\d+))?(?:[ \u00A0\u202F]?(%))?/gu;

/** `%` or `$` after a number (`74,88 %`, `30 000 $`). */
export type FigureUnit = '%' | '$' | '';

export function parseFrenchNumber(written: string): { numeric: number; unit: FigureUnit } | undefined {
  const match = /^(\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d+)(?:[,.](\d+))?(?:[ \u00A0\u202F]?(%|\$))?$/u.exec(
    written.trim(),
  );
  if (!match) return undefined;
  const integer = (match[1] ?? '').replace(/[ \u00A0\u202F]/gu, '');
  const numeric = Number(match[2] ? `${integer}.${match[2]}` : integer);
  const unit: FigureUnit = match[3] === '%' || match[3] === '$' ? match[3] : '';
  return Number.isFinite(numeric) ? { numeric, unit } : undefined;
}
