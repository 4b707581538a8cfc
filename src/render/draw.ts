import satori from 'satori';
import type { CardElement, CardSize } from '../../templates/element.js';
import { mapSpecText, specTexts } from '../cards/spec-text.js';
import type { CardSpec } from '../cards/types.js';
import type { Branding } from '../config/schema.js';
import { cardEmoji } from './card-emoji.js';
import { flagsAsLetters, flagsIn } from './flags.js';
import type { CardFont } from './fonts.js';
import type { LaidOutText } from './laid-out-text.js';
import { cardTree } from './templates.js';

export interface DrawOptions {
  fonts: CardFont[];
  /** Returns a Twemoji data URI for an emoji, or null when there is none. */
  loadEmoji: (emoji: string) => Promise<string | null>;
  /**
   * `false` keeps the text as `<text>` elements with their boxes instead of glyph outlines:
   * for inspecting a layout, not for rasterising (the rasteriser would pick system fonts).
   */
  embedFont?: boolean;
  /** How far a key-figures card's tiles are shrunk (0: natural size). */
  shrink?: number;
  /** Clamps a key-figures card's texts (only when even the smallest size does not fit). */
  clamp?: boolean;
  /**
   * Told each element's text and the box Satori laid it out in (the union of its lines), as the
   * layout is drawn: what the card shows can be checked in the same pass that draws it.
   */
  onText?: (run: LaidOutText) => void;
}

export interface DrawnSvg {
  svg: string;
  /** Characters no font could draw: left out of the card, or drawn as their letters for a flag. */
  missing: string[];
}

/**
 * Draws a card as SVG. The card's emoji are handed to Satori up front as images (a third less
 * layout time than answering them one by one when Satori asks). Satori hands
 * `loadAdditionalAsset` every other run of text its fonts cannot draw: an emoji it still asks for
 * is answered with Twemoji, everything else is recorded as missing and left out.
 * A flag Twemoji has no image for (`🇶🇨`) is drawn as its letters (`QC`) and recorded too.
 */
export async function drawCardSvg(
  spec: CardSpec,
  branding: Branding,
  size: CardSize,
  options: DrawOptions,
): Promise<DrawnSvg> {
  const missing = new Set<string>();
  const flags = [...new Set(specTexts(spec).flatMap(flagsIn))];
  const undrawable = new Set<string>();
  for (const flag of flags) if ((await options.loadEmoji(flag)) === null) undrawable.add(flag);
  for (const flag of undrawable) missing.add(flag);
  const drawable = undrawable.size === 0 ? spec : mapSpecText(spec, (text) => flagsAsLetters(text, undrawable));
  const tree: CardElement = cardTree(drawable, branding, size, {
    shrink: options.shrink ?? 0,
    ...(options.clamp ? { clamp: true } : {}),
  });
  const graphemeImages: Record<string, string> = {};
  for (const emoji of cardEmoji(tree)) {
    const uri = await options.loadEmoji(emoji);
    if (uri) graphemeImages[emoji] = uri;
  }
  const svg = await satori(tree as unknown as Parameters<typeof satori>[0], {
    width: size.width,
    height: size.height,
    fonts: options.fonts,
    graphemeImages,
    embedFont: options.embedFont ?? true,
    ...(options.onText === undefined ? {} : { onNodeDetected: textBoxes(options.onText) }),
    loadAdditionalAsset: async (code, segment) => {
      if (code === 'emoji') {
        const uri = await options.loadEmoji(segment);
        if (uri) return uri;
        missing.add(segment);
        return [];
      }
      for (const char of segment) if (char !== ' ' && char !== '\n' && char !== '\t') missing.add(char);
      return [];
    },
  });
  return { svg, missing: [...missing] };
}

/**
 * Satori's node callback, narrowed to elements holding text: each becomes a run shaped like the
 * `<text>` elements of an SVG drawn without embedded fonts (`y` the baseline, about 0.8 of the
 * line box below its top), so one check reads either.
 */
function textBoxes(onText: (run: LaidOutText) => void) {
  return (node: { left: number; top: number; width: number; height: number; textContent?: string }) => {
    if (typeof node.textContent !== 'string' || node.textContent.trim() === '') return;
    onText({
      x: node.left,
      y: node.top + node.height * 0.8,
      width: node.width,
      height: node.height,
      text: node.textContent,
    });
  };
}
