import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import { NETWORKS } from '../../src/networks/index.js';
import { drawCardSvg } from '../../src/render/draw.js';
import { createEmojiLoader } from '../../src/render/emoji.js';
import { loadCardFonts } from '../../src/render/fonts.js';
import { CARD_FORMATS } from '../../src/render/formats.js';
import { createCardRenderer } from '../../src/render/renderer.js';
import { DEFAULT_BRANDING, frameLayout } from '../../templates/frame.js';
import { sampleUpdate } from './sample-update.js';

const [keyFigures, highlights] = planCards(sampleUpdate()) as [
  Extract<CardSpec, { template: 'key-figures' }>,
  Extract<CardSpec, { template: 'highlights' }>,
];
const longWords = (n: number) => Array.from({ length: n }, (_, i) => `mot${i}-très-long`).join(' ');

const hugeKeyFigures: CardSpec = {
  ...keyFigures,
  title: `Mise à jour quotidienne extraordinairement longue ${longWords(20)}`,
  subtitle: `Sous-titre ${longWords(30)}`,
  figures: keyFigures.figures.map((f, i) => ({
    ...f,
    value: i === 0 ? '123 456 789 012 345' : f.value,
    label: `${f.label} ${longWords(25)}`,
    refersTo: `${f.refersTo} ${longWords(10)}`,
    ...(i === 0 ? { total: { value: '999 999 999 999', numeric: 999999999999 } } : {}),
  })),
};
const hugeHighlights: CardSpec = {
  ...highlights,
  heading: `Bons coups – ${longWords(20)}`,
  bullets: [longWords(60), longWords(60), `https://exemple.org/${'x'.repeat(400)}`, longWords(60)],
};

interface Word {
  x: number;
  baseline: number;
  width: number;
  height: number;
  text: string;
}

async function words(spec: CardSpec, size: { width: number; height: number }): Promise<Word[]> {
  const { svg } = await drawCardSvg(spec, DEFAULT_BRANDING, size, {
    fonts: await loadCardFonts(),
    loadEmoji: createEmojiLoader(),
    embedFont: false,
  });
  return [
    ...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*>([^<]*)<\/text>/g),
  ].map((m) => ({ x: Number(m[1]), baseline: Number(m[2]), width: Number(m[3]), height: Number(m[4]), text: m[5]! }));
}

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'crieur-overflow-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('too much text stays inside the card', () => {
  for (const network of NETWORKS.filter((n) => n !== 'bluesky')) {
    const size = { width: CARD_FORMATS[network].width, height: CARD_FORMATS[network].height };
    const layout = frameLayout(size);
    const footerTop = size.height - layout.footerHeight;
    const regions = [
      [0, layout.headerHeight],
      [layout.headerHeight, footerTop],
      [footerTop, size.height],
    ] as const;

    for (const spec of [hugeKeyFigures, hugeHighlights]) {
      it(`${spec.template} at ${size.width}×${size.height}: every word inside the margins and inside one region`, async () => {
        const laidOut = await words(spec, size);
        expect(laidOut.length).toBeGreaterThan(20);
        for (const word of laidOut) {
          // The line box spans roughly 0.8 of its height above the baseline and 0.2 below.
          const top = word.baseline - word.height * 0.8;
          const bottom = word.baseline + word.height * 0.2;
          const where = `"${word.text}" at x=${word.x} y=${word.baseline}`;
          expect(word.x, where).toBeGreaterThanOrEqual(layout.padX - 1);
          expect(word.x + word.width, where).toBeLessThanOrEqual(size.width - layout.padX + 1);
          const inOne = regions.some(([from, to]) => top >= from - 1 && bottom <= to + 1);
          expect(inOne, where).toBe(true);
        }
        expect(laidOut.map((w) => w.text).join('')).toContain('…');
      });
    }
  }

  it('leaves the footer exactly as on a normal card (nothing pushed or drawn over it)', async () => {
    const renderer = createCardRenderer({ branding: DEFAULT_BRANDING });
    const { height, width } = CARD_FORMATS.x;
    const footerTop = height - frameLayout({ width, height }).footerHeight;
    const strip = async (spec: CardSpec) => {
      const card = await renderer.render(spec, 'x', outDir);
      return sharp(await readFile(card.path))
        .extract({ left: 0, top: footerTop, width, height: height - footerTop })
        .raw()
        .toBuffer();
    };
    const normal = await strip(highlights);
    expect((await strip(hugeHighlights)).equals(normal)).toBe(true);
    expect((await strip(hugeKeyFigures)).equals(normal)).toBe(true);
  });
});
