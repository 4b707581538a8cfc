import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { woffToSfnt } from './woff.js';

/** A font as Satori takes it. */
export interface CardFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: 'normal';
}

interface FontFile {
  name: string;
  weight: 400 | 700;
  module: string;
}

/**
 * Inter for the text; DejaVu Sans behind it for what Inter's packaged subsets lack, notably the
 * narrow no-break space (U+202F) that French puts in `22 460` and `74,88 %`: every @fontsource
 * package built from Google Fonts drops that glyph from its subsets, DejaVu Sans's keeps it.
 * One DejaVu weight is enough for a fallback (a space has no ink) and halves its load time.
 */
export const CARD_FONT_FILES: readonly FontFile[] = [
  { name: 'Inter', weight: 400, module: '@fontsource/inter/files/inter-latin-400-normal.woff' },
  { name: 'Inter', weight: 700, module: '@fontsource/inter/files/inter-latin-700-normal.woff' },
  { name: 'DejaVu Sans', weight: 400, module: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff' },
];

/**
 * Reads the card fonts from their npm packages (no network), unwrapped from WOFF once here so
 * that Satori parses plain OpenType (see woffToSfnt). The renderer loads them once per process.
 */
export async function loadCardFonts(files: readonly FontFile[] = CARD_FONT_FILES): Promise<CardFont[]> {
  const require = createRequire(import.meta.url);
  return Promise.all(
    files.map(async (file) => ({
      name: file.name,
      weight: file.weight,
      style: 'normal' as const,
      data: woffToSfnt(await readFile(require.resolve(file.module))),
    })),
  );
}
