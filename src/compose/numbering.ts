export type NumberingStyle = 'n/N' | '(n/N)' | 'off';

/** What ends post `index` (1-based) of `total`: a blank line then `2/7` or `(2/7)`, or nothing. */
export function numberingSuffix(style: NumberingStyle, index: number, total: number): string {
  if (style === 'off' || total <= 1) return '';
  const label = `${index}/${total}`;
  return style === 'n/N' ? `\n\n${label}` : `\n\n(${label})`;
}

/** The widest suffix any post of a thread of `digits`-digit length can get, to reserve it while packing. */
export function widestNumberingSuffix(style: NumberingStyle, digits: number): string {
  const widest = 10 ** digits - 1;
  return numberingSuffix(style, widest, widest);
}

export function digitCount(n: number): number {
  return String(Math.max(1, Math.trunc(n))).length;
}
