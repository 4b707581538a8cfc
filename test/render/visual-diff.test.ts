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

/** Mean difference per channel (0–255) and the share of pixels where some channel differs by more than 16. */
function difference(a: Buffer, b: Buffer): { mean: number; changed: number } {
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
  return { mean: total / a.length, changed: changed / (a.length / 3) };
}

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
          const { mean, changed } = difference(
            await pixelsOf(card.path),
            await referencePixels(spec, { width: format.width, height: format.height }),
          );
          expect(mean, `${spec.template} on ${network}`).toBeLessThan(0.5);
          expect(changed, `${spec.template} on ${network}`).toBeLessThan(0.001);
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
    const { mean, changed } = difference(await pixelsOf(card.path), other);
    expect(changed).toBeGreaterThan(0.001);
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
    const withoutEmoji = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer();
    expect(difference(await pixelsOf(card.path), withoutEmoji).changed).toBeGreaterThan(0.0005);
    expect((await readFile(card.path)).subarray(1, 4).toString()).toBe('PNG');
  });
});
