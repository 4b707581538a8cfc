/**
 * The ways to turn Satori's SVG into a PNG that the floor is taken over: crieur's own (Skia drawing
 * the card's steps, then libvips' PNG), Skia drawing the SVG document whole (crieur's way for an
 * SVG its steps do not cover), sharp alone (librsvg, then libvips' PNG: crieur's way before),
 * resvg (Rust) with its PNG encoder, and Skia with its own encoder. Each is loaded when first used.
 */
import { encodePng } from '../../src/render/encode.js';
import { rasteriseDocument } from '../../src/render/rasterise.js';

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
  'Skia + libvips PNG, crieur': async (svg) => (await encodePng(svg)).data,
  'Skia (SVG document) + libvips PNG': async (svg) => {
    const { default: sharp } = await import('sharp');
    const pixels = await rasteriseDocument(svg);
    return sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 4 } })
      .png({ compressionLevel: 3 })
      .toBuffer();
  },
  'sharp (librsvg) + libvips PNG': async (svg) => {
    const { default: sharp } = await import('sharp');
    return sharp(Buffer.from(svg)).png({ compressionLevel: 3 }).toBuffer();
  },
  'resvg + resvg PNG': async (svg) => {
    const { Resvg } = await import('@resvg/resvg-js');
    return new Resvg(svg).render().asPng();
  },
  'Skia + Skia PNG': async (svg, size) => (await skiaPixels(svg, size)).encode('png'),
};
