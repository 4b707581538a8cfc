import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CardSize } from '../../templates/element.js';
import { MAX_SHRINK } from '../../templates/key-figures.js';
import { altText } from '../cards/alt-text.js';
import { checkBrandingContrast } from '../cards/contrast.js';
import type { CardSpec, RenderedCard } from '../cards/types.js';
import type { Branding } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { NetworkId } from '../networks/index.js';
import { type CachedCard, type CardCache, rendererSignature } from './card-cache.js';
import { type CutFigure, cutFigures } from './check-layout.js';
import type { DrawnSvg, DrawOptions } from './draw.js';
import { createEmojiLoader } from './emoji.js';
import type { EncodedImage } from './encode.js';
import { CardTooLargeError, MissingGlyphsError } from './errors.js';
import { type CardFont, loadCardFonts } from './fonts.js';
import { CARD_FORMATS, type CardFormat } from './formats.js';
import { type LaidOutText, laidOutText } from './laid-out-text.js';

export interface CardRendererOptions {
  branding: Branding;
  /** Directory a relative `branding.logo` path is resolved against (the config file's). */
  baseDir?: string;
  formats?: Readonly<Record<NetworkId, CardFormat>>;
  /**
   * A character no bundled font can draw: by default (`'report'`) the card is rendered without it
   * and the rendered card lists it in `missing`; `'throw'` refuses the card with a
   * MissingGlyphsError; a function is told as well.
   */
  onMissingGlyphs?: 'report' | 'throw' | ((error: MissingGlyphsError) => void);
  /** Fonts, for tests that need a font without some glyph. Defaults to the bundled fonts. */
  fonts?: () => Promise<CardFont[]>;
  /**
   * Cards rendered by earlier runs (the same data, size, budget, branding and drawing code): a hit
   * is the exact image bytes, with neither Satori nor Skia nor sharp loaded.
   */
  cache?: CardCache;
}

export interface CardRenderer {
  /** Renders `spec` for `network` into `outDir` (created if needed); identical cards are rendered once. */
  render(spec: CardSpec, network: NetworkId, outDir: string): Promise<RenderedCard>;
  /** The SVG Satori draws for a card at a size (what the PNG is made from). */
  svg(spec: CardSpec, size: CardSize): Promise<string>;
  /** The text runs of the card as laid out at a size (the same layout as `svg`, fonts not embedded). */
  layout(spec: CardSpec, size: CardSize): Promise<{ shrink: number; cut: CutFigure[]; svg: string }>;
  /** How many distinct images were drawn, and how many `render` calls reused one. */
  stats(): { drawn: number; reused: number };
}

interface Drawn {
  svg: string;
  missing: string[];
  cut: CutFigure[];
  png: Promise<EncodedImage>;
}

/**
 * Creates a renderer: checks the branding's contrast, loads fonts once, and caches every drawn
 * card by (template, data, size) so X and Bluesky (both 1200 × 675) share one image.
 */
export function createCardRenderer(options: CardRendererOptions): CardRenderer {
  checkBrandingContrast(options.branding);
  const formats = options.formats ?? CARD_FORMATS;
  const onMissing = options.onMissingGlyphs ?? 'report';
  const loadEmoji = createEmojiLoader();
  let fonts: Promise<CardFont[]> | undefined;
  let branding: Promise<Branding> | undefined;
  const drawings = new Map<string, Promise<Drawn>>();
  const encodings = new Map<string, Promise<EncodedImage>>();
  const written = new Map<string, Promise<void>>();
  const directories = new Map<string, Promise<unknown>>();
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
  let signature: Promise<string> | undefined;
  /** What keys a card in the cache: the drawing code and the branding it is drawn with. */
  const getSignature = () => {
    signature ??= Promise.all([rendererSignature(), getBranding()]).then(([code, brand]) =>
      createHash('sha256').update(code).update(JSON.stringify(brand)).digest('hex'),
    );
    return signature;
  };
  // Satori, Skia and sharp are loaded on the first card actually drawn: a run whose cards all come
  // from the cache never loads them. Each module is imported once per renderer, not once per
  // card (a dynamic import goes through the module loader every time it is called).
  let drawModule: Promise<typeof import('./draw.js')> | undefined;
  let encodeModule: Promise<typeof import('./encode.js')> | undefined;
  const draws = () => (drawModule ??= import('./draw.js'));
  const encoders = () => (encodeModule ??= import('./encode.js'));
  const drawCardSvg = async (
    spec: CardSpec,
    brand: Branding,
    size: CardSize,
    drawOptions: DrawOptions,
  ): Promise<DrawnSvg> => (await draws()).drawCardSvg(spec, brand, size, drawOptions);
  const encodePng = async (svg: string): Promise<EncodedImage> => (await encoders()).encodePng(svg);
  const encodeWithin = async (svg: string, maxBytes: number, png: Promise<EncodedImage>) =>
    (await encoders()).encodeWithin(svg, maxBytes, png);

  /**
   * A key-figures card is laid out, then what was laid out is checked: every figure's value, total,
   * label and place whole in its tile. Until it is, the tiles' text shrinks, down to a floor; a card
   * still cut at the floor is drawn at the floor and its cut figures are reported.
   */
  async function fitting(
    spec: CardSpec,
    size: CardSize,
  ): Promise<{ shrink: number; clamp?: boolean; cut: CutFigure[] }> {
    if (spec.template !== 'key-figures') return { shrink: 0, cut: [] };
    const deps = { fonts: await getFonts(), loadEmoji, embedFont: false };
    let cut: CutFigure[] = [];
    for (let shrink = 0; shrink <= MAX_SHRINK; shrink++) {
      const { svg } = await drawCardSvg(spec, await getBranding(), size, { ...deps, shrink });
      cut = cutFigures(spec, size, laidOutText(svg));
      if (cut.length === 0) return { shrink, cut };
    }
    return { shrink: MAX_SHRINK, clamp: true, cut };
  }

  /**
   * A key-figures card that plainly fits is drawn in one pass: drawn at its natural size while
   * Satori reports each text's box, and kept when every figure's box, widened by a tenth of its
   * height above and below, lies whole in its tile. That test is stricter than `fitting`'s (whose
   * line box sits within that margin of the reported one), so it never keeps a card `fitting`
   * would shrink; anything closer goes through `fitting` as before, and the image is the same.
   */
  async function plainlyFitting(spec: CardSpec, size: CardSize): Promise<DrawnSvg | undefined> {
    if (spec.template !== 'key-figures') return undefined;
    const boxes: LaidOutText[] = [];
    const drawn = await drawCardSvg(spec, await getBranding(), size, {
      fonts: await getFonts(),
      loadEmoji,
      shrink: 0,
      onText: (run) => boxes.push(widened(run)),
    });
    return cutFigures(spec, size, boxes).length === 0 ? drawn : undefined;
  }

  async function toSvg(spec: CardSpec, size: CardSize): Promise<{ svg: string; missing: string[]; cut: CutFigure[] }> {
    const plain = await plainlyFitting(spec, size);
    if (plain !== undefined) {
      reportMissing(spec, plain.missing);
      return { ...plain, cut: [] };
    }
    const { shrink, clamp, cut } = await fitting(spec, size);
    const { svg, missing } = await drawCardSvg(spec, await getBranding(), size, {
      fonts: await getFonts(),
      loadEmoji,
      shrink,
      ...(clamp ? { clamp } : {}),
    });
    reportMissing(spec, missing);
    return { svg, missing, cut };
  }

  function reportMissing(spec: CardSpec, missing: string[]): void {
    if (missing.length === 0) return;
    const error = new MissingGlyphsError(spec.template, missing);
    if (onMissing === 'throw') throw error;
    if (typeof onMissing === 'function') onMissing(error);
  }

  function draw(spec: CardSpec, size: CardSize): { key: string; drawing: Promise<Drawn> } {
    const key = drawingKey(spec, size);
    let drawing = drawings.get(key);
    if (drawing) {
      reused++;
    } else {
      drawn++;
      drawing = (async () => {
        const { svg, missing, cut } = await toSvg(spec, size);
        const png = encodePng(svg);
        png.catch(() => undefined);
        return { svg, missing, cut, png };
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

  /** Each output directory is created once, not before every card. */
  function directory(dir: string): Promise<unknown> {
    let made = directories.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true });
      made.catch(() => directories.delete(dir));
      directories.set(dir, made);
    }
    return made;
  }

  function writeOnce(file: string, data: Buffer): Promise<void> {
    let done = written.get(file);
    if (!done) {
      const dir = path.dirname(file);
      done = directory(dir)
        .then(() => writeFile(file, data))
        .catch(async (error: NodeJS.ErrnoException) => {
          // The directory was removed since it was made: made again.
          if (error.code !== 'ENOENT') throw error;
          directories.delete(dir);
          await directory(dir);
          await writeFile(file, data);
        });
      done.catch(() => written.delete(file));
      written.set(file, done);
    }
    return done;
  }

  /** The card from the cache, or drawn and encoded (then kept in the cache). */
  async function rendered(spec: CardSpec, size: CardSize, maxBytes: number): Promise<CachedCard> {
    // Fonts handed in (tests) are not part of the key: such a renderer does not use the cache.
    const cacheKey =
      options.cache && !options.fonts
        ? createHash('sha256')
            .update(JSON.stringify([await getSignature(), drawingKey(spec, size), maxBytes]))
            .digest('hex')
        : undefined;
    const cached = cacheKey === undefined ? undefined : await options.cache?.get(cacheKey);
    if (cached) {
      reused++;
      reportMissing(spec, cached.missing);
      return cached;
    }
    const { key, drawing } = draw(spec, size);
    const drawn = await drawing;
    const image = await encodeFor(key, drawn, spec, maxBytes);
    const card: CachedCard = { ...image, missing: drawn.missing, cut: drawn.cut };
    if (cacheKey !== undefined) await options.cache?.set(cacheKey, card);
    return card;
  }

  return {
    async render(spec, network, outDir) {
      const format = formats[network];
      const size = { width: format.width, height: format.height };
      const drawn = await rendered(spec, size, format.maxBytes);
      const image = drawn;
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
        ...(drawn.missing.length > 0 ? { missing: drawn.missing } : {}),
        ...(drawn.cut.length > 0 ? { cut: drawn.cut } : {}),
      };
    },
    async svg(spec, size) {
      return (await draw(spec, size).drawing).svg;
    },
    async layout(spec, size) {
      const { shrink, clamp, cut } = await fitting(spec, size);
      const { svg } = await drawCardSvg(spec, await getBranding(), size, {
        fonts: await getFonts(),
        loadEmoji,
        embedFont: false,
        shrink,
        ...(clamp ? { clamp } : {}),
      });
      return { shrink, cut, svg };
    },
    stats: () => ({ drawn, reused }),
  };
}

/**
 * A text's box as Satori reports it, as a run whose checked line box reaches a tenth of its height
 * above and below the box (`cutFigures` checks from `y - 0.8 h` to `y + 0.2 h`).
 */
function widened(run: LaidOutText): LaidOutText {
  const top = run.y - run.height * 0.8;
  const height = run.height * 1.2;
  return { ...run, y: top - run.height * 0.1 + height * 0.8, height };
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
