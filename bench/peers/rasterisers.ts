/**
 * The ways to turn Satori's SVG into a PNG that the floor is taken over: crieur's own (sharp, that
 * is librsvg, then libvips' PNG), resvg (Rust) with its PNG encoder, and Skia (@napi-rs/canvas)
 * with its own encoder or with libvips' PNG. Each is loaded when first used.
 */
import { encodePng } from '../../src/render/encode.js';

export type Rasterise = (svg: string, size: { width: number; height: number }) => Promise<Buffer>;

async function skiaPixels(svg: string, size: { width: number; height: number }) {
  const { createCanvas, Image } = await import('@napi-rs/canvas');
  const image = new Image();
  image.src = Buffer.from(svg);
  const canvas = createCanvas(size.width, size.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return canvas;
}

export const RASTERISERS: Record<string, Rasterise> = {
  'sharp (librsvg) + libvips PNG, crieur': async (svg) => (await encodePng(svg)).data,
  'resvg + resvg PNG': async (svg) => {
    const { Resvg } = await import('@resvg/resvg-js');
    return new Resvg(svg).render().asPng();
  },
  'Skia + Skia PNG': async (svg, size) => (await skiaPixels(svg, size)).encode('png'),
  'Skia + libvips PNG': async (svg, size) => {
    const { default: sharp } = await import('sharp');
    const pixels = (await skiaPixels(svg, size)).data();
    return sharp(pixels, { raw: { ...size, channels: 4 } })
      .png({ compressionLevel: 3 })
      .toBuffer();
  },
};
