import sharp from 'sharp';
import { type CardPixels, rasterise } from './rasterise.js';

export interface EncodedImage {
  data: Buffer;
  mime: 'image/png' | 'image/jpeg';
  ext: 'png' | 'jpg';
}

/**
 * Full-colour PNG of the SVG as Skia draws it (see rasterise): about 80 KB for a card, far under
 * every budget, and ~3× faster than a 256-colour palette PNG (quantising costs more than it saves
 * here). zlib level 3 instead of 6: deflate then costs ~1 ms instead of ~5 ms, for files ~10 %
 * larger; levels below 3 grow the file by half for no further gain.
 */
export async function encodePng(svg: string): Promise<EncodedImage> {
  return pngOf(await rasterise(svg));
}

async function pngOf(pixels: CardPixels): Promise<EncodedImage> {
  const data = await sharp(pixels.data, { raw: raw(pixels) })
    .png({ compressionLevel: 3 })
    .toBuffer();
  return { data, mime: 'image/png', ext: 'png' };
}

async function jpegOf(pixels: CardPixels, step: JpegStep): Promise<EncodedImage> {
  const data = await sharp(pixels.data, { raw: raw(pixels) })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: step.quality, chromaSubsampling: step.chroma, mozjpeg: true })
    .toBuffer();
  return { data, mime: 'image/jpeg', ext: 'jpg' };
}

/** The card's pixels as libvips reads them: RGBA, all opaque (see rasterise). */
function raw(pixels: CardPixels) {
  return { width: pixels.width, height: pixels.height, channels: 4 } as const;
}

interface JpegStep {
  quality: number;
  chroma: '4:4:4' | '4:2:0';
}

/** Best first: full-resolution colour keeps coloured text crisp; subsampling only when needed. */
const JPEG_STEPS: readonly JpegStep[] = [
  { quality: 90, chroma: '4:4:4' },
  { quality: 80, chroma: '4:4:4' },
  { quality: 70, chroma: '4:2:0' },
  { quality: 55, chroma: '4:2:0' },
  { quality: 40, chroma: '4:2:0' },
];

/**
 * The PNG when it fits the budget (text stays lossless); otherwise the best JPEG quality that
 * fits. When nothing fits, returns the smallest size reached.
 */
export async function encodeWithin(
  svg: string,
  maxBytes: number,
  png: Promise<EncodedImage>,
): Promise<EncodedImage | { tooLarge: number }> {
  const lossless = await png;
  if (lossless.data.length <= maxBytes) return lossless;
  let smallest = lossless.data.length;
  const pixels = await rasterise(svg);
  for (const step of JPEG_STEPS) {
    const jpeg = await jpegOf(pixels, step);
    if (jpeg.data.length <= maxBytes) return jpeg;
    smallest = Math.min(smallest, jpeg.data.length);
  }
  return { tooLarge: smallest };
}
