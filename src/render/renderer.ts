import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CardSize } from '../../templates/element.js';
import { altText } from '../cards/alt-text.js';
import { checkBrandingContrast } from '../cards/contrast.js';
import type { CardSpec, RenderedCard } from '../cards/types.js';
import type { Branding } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { NetworkId } from '../networks/index.js';
import { drawCardSvg } from './draw.js';
import { createEmojiLoader } from './emoji.js';
import { type EncodedImage, encodePng, encodeWithin } from './encode.js';
import { CardTooLargeError, MissingGlyphsError } from './errors.js';
import { type CardFont, loadCardFonts } from './fonts.js';
import { CARD_FORMATS, type CardFormat } from './formats.js';

export interface CardRendererOptions {
  branding: Branding;
  /** Directory a relative `branding.logo` path is resolved against (the config file's). */
  baseDir?: string;
  formats?: Readonly<Record<NetworkId, CardFormat>>;
  /**
   * A character no bundled font can draw: `'throw'` (default) refuses the card with a
   * MissingGlyphsError; a function is told and the card is rendered anyway.
   */
  onMissingGlyphs?: 'throw' | ((error: MissingGlyphsError) => void);
  /** Fonts, for tests that need a font without some glyph. Defaults to the bundled fonts. */
  fonts?: () => Promise<CardFont[]>;
}

export interface CardRenderer {
  /** Renders `spec` for `network` into `outDir` (created if needed); identical cards are rendered once. */
  render(spec: CardSpec, network: NetworkId, outDir: string): Promise<RenderedCard>;
  /** The SVG Satori draws for a card at a size (what the PNG is made from). */
  svg(spec: CardSpec, size: CardSize): Promise<string>;
  /** How many distinct images were drawn, and how many `render` calls reused one. */
  stats(): { drawn: number; reused: number };
}

interface Drawn {
  svg: string;
  png: Promise<EncodedImage>;
}

/**
 * Creates a renderer: checks the branding's contrast, loads fonts once, and caches every drawn
 * card by (template, data, size) so X and Bluesky (both 1200 × 675) share one image.
 */
export function createCardRenderer(options: CardRendererOptions): CardRenderer {
  checkBrandingContrast(options.branding);
  const formats = options.formats ?? CARD_FORMATS;
  const onMissing = options.onMissingGlyphs ?? 'throw';
  const loadEmoji = createEmojiLoader();
  let fonts: Promise<CardFont[]> | undefined;
  let branding: Promise<Branding> | undefined;
  const drawings = new Map<string, Promise<Drawn>>();
  const encodings = new Map<string, Promise<EncodedImage>>();
  const written = new Map<string, Promise<void>>();
  let drawn = 0;
  let reused = 0;

  const getFonts = () => {
    fonts ??= (options.fonts ?? loadCardFonts)();
    return fonts;
  };
  const getBranding = () => {
    branding ??= withLogoDataUri(options.branding, options.baseDir ?? process.cwd());
    return branding;
  };

  async function toSvg(spec: CardSpec, size: CardSize): Promise<string> {
    const { svg, missing } = await drawCardSvg(spec, await getBranding(), size, { fonts: await getFonts(), loadEmoji });
    if (missing.length > 0) {
      const error = new MissingGlyphsError(spec.template, missing);
      if (onMissing === 'throw') throw error;
      onMissing(error);
    }
    return svg;
  }

  function draw(spec: CardSpec, size: CardSize): { key: string; drawing: Promise<Drawn> } {
    const key = drawingKey(spec, size);
    let drawing = drawings.get(key);
    if (drawing) {
      reused++;
    } else {
      drawn++;
      drawing = (async () => {
        const svg = await toSvg(spec, size);
        const png = encodePng(svg);
        png.catch(() => undefined);
        return { svg, png };
      })();
      drawing.catch(() => drawings.delete(key));
      drawings.set(key, drawing);
    }
    return { key, drawing };
  }

  async function encodeFor(key: string, drawing: Drawn, spec: CardSpec, maxBytes: number): Promise<EncodedImage> {
    const png = await drawing.png;
    if (png.data.length <= maxBytes) return png;
    const budgetKey = `${key}|${maxBytes}`;
    let encoded = encodings.get(budgetKey);
    if (!encoded) {
      encoded = encodeWithin(drawing.svg, maxBytes, drawing.png).then((result) => {
        if ('tooLarge' in result) throw new CardTooLargeError(spec.template, result.tooLarge, maxBytes);
        return result;
      });
      encodings.set(budgetKey, encoded);
    }
    return encoded;
  }

  function writeOnce(file: string, data: Buffer): Promise<void> {
    let done = written.get(file);
    if (!done) {
      done = mkdir(path.dirname(file), { recursive: true }).then(() => writeFile(file, data));
      done.catch(() => written.delete(file));
      written.set(file, done);
    }
    return done;
  }

  return {
    async render(spec, network, outDir) {
      const format = formats[network];
      const size = { width: format.width, height: format.height };
      const { key, drawing } = draw(spec, size);
      const image = await encodeFor(key, await drawing, spec, format.maxBytes);
      const sha256 = createHash('sha256').update(image.data).digest('hex');
      const file = path.join(
        outDir,
        `${spec.template}-${size.width}x${size.height}-${sha256.slice(0, 8)}.${image.ext}`,
      );
      await writeOnce(path.resolve(file), image.data);
      return {
        spec,
        path: file,
        alt: altText(spec, format.altMaxChars),
        mime: image.mime,
        width: size.width,
        height: size.height,
        bytes: image.data.length,
        sha256,
      };
    },
    async svg(spec, size) {
      return (await draw(spec, size).drawing).svg;
    },
    stats: () => ({ drawn, reused }),
  };
}

/** What a card looks like depends on its template, data and size, not on where it is attached. */
function drawingKey(spec: CardSpec, size: CardSize): string {
  const { anchor: _anchor, ...data } = spec;
  return createHash('sha256')
    .update(JSON.stringify([data, size.width, size.height]))
    .digest('hex');
}

const LOGO_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

async function withLogoDataUri(branding: Branding, baseDir: string): Promise<Branding> {
  if (!branding.logo || /^data:/.test(branding.logo)) return branding;
  const file = path.resolve(baseDir, branding.logo);
  const type = LOGO_TYPES[path.extname(file).toLowerCase()];
  if (!type) {
    throw new ConfigError(
      'branding.logo',
      `expected a PNG, JPEG or SVG file, got ${branding.logo}`,
      `un fichier PNG, JPEG ou SVG est attendu (${branding.logo})`,
    );
  }
  const data = await readFile(file).catch((cause: unknown) => {
    throw new ConfigError(
      'branding.logo',
      `cannot read ${branding.logo}: ${String(cause)}`,
      `impossible de lire ${branding.logo}`,
    );
  });
  return { ...branding, logo: `data:${type};base64,${data.toString('base64')}` };
}
