import type { CardSize } from '../../templates/element.js';
import { DEFAULT_BRANDING } from '../../templates/frame.js';
import type { CardSpec } from '../cards/types.js';
import { drawCardSvg } from './draw.js';
import { createEmojiLoader } from './emoji.js';
import { loadCardFonts } from './fonts.js';

/**
 * Characters of these cards that no card font can draw, found by laying the cards out as
 * `preview` does (without rasterising), so `check` warns about exactly what `preview` warns about.
 */
export async function missingOnCards(cards: readonly CardSpec[], size: CardSize = { width: 1200, height: 675 }) {
  const fonts = await loadCardFonts();
  const loadEmoji = createEmojiLoader();
  const missing = new Set<string>();
  for (const card of cards) {
    const drawn = await drawCardSvg(card, DEFAULT_BRANDING, size, { fonts, loadEmoji, embedFont: false });
    for (const char of drawn.missing) missing.add(char);
  }
  return [...missing];
}
