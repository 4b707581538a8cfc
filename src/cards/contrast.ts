import type { Branding } from '../config/schema.js';
import { ConfigError } from '../errors.js';

/** WCAG 2.x level AA minimum for body text. Card text is small on a phone, so every pair needs it. */
export const MIN_CONTRAST = 4.5;

type ColourKey = 'background' | 'foreground' | 'accent' | 'onAccent' | 'muted';

/** Every text colour / background colour pair the card templates draw. */
export const TEXT_PAIRS: ReadonlyArray<readonly [text: ColourKey, background: ColourKey]> = [
  ['foreground', 'background'],
  ['muted', 'background'],
  ['accent', 'background'],
  ['onAccent', 'accent'],
];

/** Relative luminance of an sRGB colour `#rrggbb` (WCAG 2.x definition). */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`expected a colour like #1b1b1b, got "${hex}"`);
  const [r, g, b] = match.slice(1).map((part) => {
    const channel = Number.parseInt(part, 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Refuses a branding whose text would be hard to read: throws a ConfigError naming the first
 * failing pair (and listing the others) when any pair is below 4.5:1.
 */
export function checkBrandingContrast(branding: Pick<Branding, ColourKey>): void {
  const failures = TEXT_PAIRS.map(([text, background]) => ({
    pair: `branding.${text}/branding.${background}`,
    ratio: contrastRatio(branding[text], branding[background]),
  })).filter((f) => f.ratio < MIN_CONTRAST);
  const first = failures[0];
  if (!first) return;
  const list = failures.map((f) => `${f.pair} ${f.ratio.toFixed(2)}:1`).join(', ');
  throw new ConfigError(
    first.pair,
    `text contrast below ${MIN_CONTRAST}:1 (WCAG AA): ${list}`,
    `contraste du texte inférieur à 4,5:1 (WCAG AA) : ${list.replace(/(\d)\.(\d)/g, '$1,$2')}`,
  );
}
