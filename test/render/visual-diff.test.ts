import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import satori from 'satori';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import { NETWORKS } from '../../src/networks/index.js';
import { createEmojiLoader } from '../../src/render/emoji.js';
import { CARD_FONT_FILES, loadCardFonts } from '../../src/render/fonts.js';
import { CARD_FORMATS } from '../../src/render/formats.js';
import { rasterise } from '../../src/render/rasterise.js';
import { createCardRenderer } from '../../src/render/renderer.js';
import { cardTree } from '../../src/render/templates.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import { DEFAULT_BRANDING } from '../../templates/frame.js';

const UPDATES = path.join(import.meta.dirname, 'updates');
const SAMPLE = path.join(import.meta.dirname, '..', '..', 'examples', '2026-05-14-dsn.md');

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'crieur-visual-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** The font files as the packages ship them (WOFF), as Satori was given them before. */
async function woffFonts() {
  const require = createRequire(import.meta.url);
  return Promise.all(
    CARD_FONT_FILES.map(async (file) => ({
      name: file.name,
      weight: file.weight,
      style: 'normal' as const,
      data: await readFile(require.resolve(file.module)),
    })),
  );
}

/**
 * The card as the renderer drew it before it was made faster: WOFF fonts, Satori asking for each
 * emoji as it meets it, then sharp's default PNG. What crieur sends now must look the same.
 */
async function referencePixels(spec: CardSpec, size: { width: number; height: number }): Promise<Buffer> {
  const fonts = await woffFonts();
  const loadEmoji = createEmojiLoader();
  const tree = cardTree(spec, DEFAULT_BRANDING, size);
  const svg = await satori(tree as unknown as Parameters<typeof satori>[0], {
    ...size,
    fonts,
    loadAdditionalAsset: async (code, segment) => (code === 'emoji' ? ((await loadEmoji(segment)) ?? []) : []),
  });
  return sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer();
}

async function pixelsOf(file: string): Promise<Buffer> {
  return sharp(file).removeAlpha().raw().toBuffer();
}

/**
 * Mean difference per channel (0–255); the share of pixels where some channel differs by more
 * than 16; and that share once each 2 × 2 block of pixels is averaged into one, as an eye sees
 * them at half size (the antialiasing of a glyph's edge is gone, the glyph is not).
 */
function difference(a: Buffer, b: Buffer, width: number): { mean: number; changed: number; halfChanged: number } {
  expect(a.length).toBe(b.length);
  let total = 0;
  let changed = 0;
  for (let i = 0; i < a.length; i += 3) {
    let worst = 0;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a[i + c]! - b[i + c]!);
      total += d;
      worst = Math.max(worst, d);
    }
    if (worst > 16) changed++;
  }
  const height = a.length / 3 / width;
  let halfChanged = 0;
  let blocks = 0;
  for (let y = 0; y + 1 < height; y += 2) {
    for (let x = 0; x + 1 < width; x += 2) {
      blocks++;
      let worst = 0;
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ] as const) {
          const i = ((y + dy) * width + x + dx) * 3 + c;
          sum += a[i]! - b[i]!;
        }
        worst = Math.max(worst, Math.abs(sum) / 4);
      }
      if (worst > 16) halfChanged++;
    }
  }
  return { mean: total / a.length, changed: changed / (a.length / 3), halfChanged: halfChanged / blocks };
}

/**
 * crieur draws with Skia; the reference is drawn by librsvg, which drew every card before. The two
 * antialias a glyph's edge differently: up to 0.7 % of a card's pixels differ by more than 16
 * levels, all on edges, and 0.13 % once 2 × 2 pixels are averaged; a card with another title
 * differs on 1.6 % and 1.5 %.
 */
describe('cards look the same as with the previous renderer (per-pixel difference)', async () => {
  const files = [SAMPLE, ...(await readdir(UPDATES)).map((name) => path.join(UPDATES, name))];
  const renderer = createCardRenderer({ branding: DEFAULT_BRANDING });
  for (const file of files) {
    it(`${path.basename(file)}: every card on every network`, async () => {
      const cards = planCards(parseUpdateFile(file));
      expect(cards.length).toBeGreaterThan(0);
      for (const network of NETWORKS) {
        const format = CARD_FORMATS[network];
        for (const spec of cards) {
          const card = await renderer.render(spec, network, outDir);
          expect(card.bytes).toBeLessThanOrEqual(format.maxBytes);
          const { mean, changed, halfChanged } = difference(
            await pixelsOf(card.path),
            await referencePixels(spec, { width: format.width, height: format.height }),
            format.width,
          );
          expect(mean, `${spec.template} on ${network}`).toBeLessThan(0.5);
          expect(changed, `${spec.template} on ${network}`).toBeLessThan(0.01);
          expect(halfChanged, `${spec.template} on ${network}`).toBeLessThan(0.002);
        }
      }
    });
  }

  it('sees a changed card: the comparison is not blind', async () => {
    const [spec] = planCards(parseUpdateFile(SAMPLE));
    const card = await renderer.render(spec!, 'x', outDir);
    const other = await referencePixels({ ...spec!, title: 'Un tout autre titre' } as CardSpec, {
      width: 1200,
      height: 675,
    });
    const { mean, changed, halfChanged } = difference(await pixelsOf(card.path), other, 1200);
    expect(changed).toBeGreaterThan(0.01);
    expect(halfChanged).toBeGreaterThan(0.002);
    expect(mean).toBeGreaterThan(0.5);
  });

  it('draws the emoji (a card without its emoji differs)', async () => {
    const spec = planCards(parseUpdateFile(path.join(UPDATES, '2026-06-02-court-emoji.md')))[0]!;
    expect(JSON.stringify(spec)).toMatch(/🌅|🚑|🩺|🙏🏽|🇨🇦/u);
    const card = await renderer.render(spec, 'x', outDir);
    const fonts = await loadCardFonts();
    const svg = await satori(cardTree(spec, DEFAULT_BRANDING, { width: 1200, height: 675 }) as never, {
      width: 1200,
      height: 675,
      fonts,
      loadAdditionalAsset: async () => [],
    });
    // Drawn by crieur's own rasteriser, so that the emoji is all that differs.
    const pixels = await rasterise(svg);
    const withoutEmoji = await sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 4 } })
      .removeAlpha()
      .raw()
      .toBuffer();
    expect(difference(await pixelsOf(card.path), withoutEmoji, 1200).changed).toBeGreaterThan(0.0005);
    expect((await readFile(card.path)).subarray(1, 4).toString()).toBe('PNG');
  });
});
