import { createCanvas, Image, Path2D, type SKRSContext2D } from '@napi-rs/canvas';
import { type DrawStep, drawingSteps } from './drawing-steps.js';
import { withoutUnusedMasks } from './unused-masks.js';

/** A card's pixels: RGBA, every one opaque. */
export interface CardPixels {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Draws Satori's SVG with Skia (@napi-rs/canvas). Skia draws a card in about half the time librsvg
 * takes; both draw the same shapes, and only the antialiasing of edges differs
 * (test/render/visual-diff.test.ts holds it to the look of the librsvg cards).
 *
 * A card as Satori writes it is a flat list of rectangles, filled paths (its text, as glyph
 * outlines) and images: those steps are drawn straight onto the canvas, with the paths' data parsed
 * by Skia as its SVG renderer parses them, which skips building an SVG document of the card (a
 * third of the time). An image is drawn by Skia's SVG renderer on its own, so it is placed and
 * scaled as SVG says. Any other SVG (an element or attribute the steps do not know, a mask or clip
 * in use) is drawn whole by Skia's SVG renderer, with the same result.
 *
 * The canvas is opaque: every card's frame paints the branding's background, an opaque colour,
 * over the whole card, so no pixel is translucent and Skia's premultiplied pixels are plain RGBA.
 */
export async function rasterise(svg: string): Promise<CardPixels> {
  const lean = withoutUnusedMasks(svg);
  const drawing = drawingSteps(lean);
  if (drawing === undefined) return rasteriseDocument(lean);
  const { width, height, steps, rootTag } = drawing;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d', { alpha: false });
  for (const step of steps) await draw(context, step, rootTag, width, height);
  return { data: canvas.data(), width, height };
}

/** The whole SVG through Skia's SVG renderer, at the size the SVG states. */
export async function rasteriseDocument(svg: string): Promise<CardPixels> {
  const image = await svgImage(svg);
  const { naturalWidth: width, naturalHeight: height } = image;
  const canvas = createCanvas(width, height);
  canvas.getContext('2d', { alpha: false }).drawImage(image, 0, 0, width, height);
  return { data: canvas.data(), width, height };
}

async function draw(context: SKRSContext2D, step: DrawStep, rootTag: string, width: number, height: number) {
  switch (step.kind) {
    case 'rect':
      context.fillStyle = step.fill;
      context.fillRect(step.x, step.y, step.width, step.height);
      return;
    case 'path':
      context.fillStyle = step.fill;
      context.fill(new Path2D(step.d));
      return;
    case 'element':
      // Alone in a document the card's size, so SVG's own rules place it (an image's aspect ratio).
      context.drawImage(await svgImage(`${rootTag}${step.markup}</svg>`), 0, 0, width, height);
      return;
  }
}

async function svgImage(svg: string): Promise<Image> {
  const image = new Image();
  image.src = Buffer.from(svg);
  await image.decode();
  return image;
}
