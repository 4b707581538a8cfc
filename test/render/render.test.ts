import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import type { ComposedDraft } from '../../src/compose/types.js';
import { NETWORKS } from '../../src/networks/index.js';
import { renderDraftCards } from '../../src/render/draft-cards.js';
import { drawCardSvg } from '../../src/render/draw.js';
import { createEmojiLoader } from '../../src/render/emoji.js';
import { MissingGlyphsError } from '../../src/render/errors.js';
import { CARD_FONT_FILES, loadCardFonts } from '../../src/render/fonts.js';
import { CARD_FORMATS } from '../../src/render/formats.js';
import { createCardRenderer } from '../../src/render/renderer.js';
import { DEFAULT_BRANDING } from '../../templates/frame.js';
import { sampleUpdate } from './sample-update.js';

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'crieur-cards-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const cards = planCards(sampleUpdate());

describe('rendering the sample cards for every network', () => {
  const renderer = createCardRenderer({ branding: DEFAULT_BRANDING });

  for (const network of NETWORKS) {
    it(`${network}: right size, within the byte budget, not blank`, async () => {
      const format = CARD_FORMATS[network];
      for (const spec of cards) {
        const card = await renderer.render(spec, network, outDir);
        const bytes = await readFile(card.path);
        expect(bytes.length).toBe(card.bytes);
        expect(bytes.length).toBeLessThanOrEqual(format.maxBytes);
        const image = sharp(bytes);
        const meta = await image.metadata();
        expect([meta.format, meta.width, meta.height]).toEqual([card.mime.split('/')[1], format.width, format.height]);
        expect([card.width, card.height]).toEqual([format.width, format.height]);
        const stats = await image.stats();
        // A blank or single-colour image has no spread; text and bands do.
        expect(Math.min(...stats.channels.slice(0, 3).map((c) => c.stdev))).toBeGreaterThan(20);
        expect(path.basename(card.path)).toMatch(
          new RegExp(`^${spec.template}-${format.width}x${format.height}-${card.sha256.slice(0, 8)}\\.png$`),
        );
        expect(card.alt.length).toBeGreaterThan(20);
        expect(card.alt.length).toBeLessThanOrEqual(format.altMaxChars);
      }
    });
  }

  it('draws each distinct card once: X and Bluesky share the 1200 × 675 image', async () => {
    const fresh = createCardRenderer({ branding: DEFAULT_BRANDING });
    const spec = cards[0]!;
    const onX = await fresh.render(spec, 'x', outDir);
    const onBluesky = await fresh.render(spec, 'bluesky', outDir);
    const onLinkedIn = await fresh.render(spec, 'linkedin', outDir);
    expect(onBluesky.path).toBe(onX.path);
    expect(onBluesky.sha256).toBe(onX.sha256);
    expect(onLinkedIn.path).not.toBe(onX.path);
    expect(fresh.stats()).toEqual({ drawn: 2, reused: 1 });
    // The anchor does not change the image.
    const moved = { ...spec, anchor: { kind: 'section', sectionIndex: 9 } } as CardSpec;
    expect((await fresh.render(moved, 'x', outDir)).sha256).toBe(onX.sha256);
    expect(fresh.stats().drawn).toBe(2);
  });

  it('writes into an output directory removed since its last card (made again)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crieur-cards-gone-'));
    const own = createCardRenderer({ branding: DEFAULT_BRANDING });
    const [first, second] = cards;
    await own.render(first!, 'x', dir);
    await rm(dir, { recursive: true, force: true });
    const card = await own.render(second!, 'x', dir);
    expect((await readFile(card.path)).length).toBe(card.bytes);
    await rm(dir, { recursive: true, force: true });
  });

  it('switches to JPEG when the PNG is over the budget', async () => {
    const tight = createCardRenderer({
      branding: DEFAULT_BRANDING,
      formats: { ...CARD_FORMATS, bluesky: { ...CARD_FORMATS.bluesky, maxBytes: 75_000 } },
    });
    const spec = cards[1]!;
    const png = await tight.render(spec, 'x', outDir);
    const jpeg = await tight.render(spec, 'bluesky', outDir);
    expect(png.mime).toBe('image/png');
    expect(png.bytes).toBeGreaterThan(75_000);
    expect(jpeg.mime).toBe('image/jpeg');
    expect(jpeg.bytes).toBeLessThanOrEqual(75_000);
    expect(jpeg.path).toMatch(/\.jpg$/);
    expect((await sharp(await readFile(jpeg.path)).metadata()).format).toBe('jpeg');
  });

  it('maps every post’s cards to media for its network', async () => {
    const drafts: ComposedDraft[] = [
      {
        network: 'bluesky',
        posts: [
          { text: 'Un', cards: [cards[0]!] },
          { text: 'Deux', cards: [] },
        ],
        warnings: ['w'],
        format: 'thread',
        omitted: [],
      },
      {
        network: 'linkedin',
        posts: [{ text: 'Tout', cards: [cards[0]!, cards[1]!] }],
        warnings: [],
        format: 'full',
        omitted: [{ text: 'Une puce', section: 'Faits', reason: 'network-limit' }],
      },
    ];
    const rendered = await renderDraftCards(drafts, renderer, outDir);
    expect(
      rendered.map((d) => [d.network, d.posts.map((p) => [p.text, p.media.map((m) => [m.width, m.height])])]),
    ).toEqual([
      [
        'bluesky',
        [
          ['Un', [[1200, 675]]],
          ['Deux', []],
        ],
      ],
      [
        'linkedin',
        [
          [
            'Tout',
            [
              [1200, 627],
              [1200, 627],
            ],
          ],
        ],
      ],
    ]);
    expect(rendered[0]?.warnings).toEqual(['w']);
    expect(rendered[1]?.posts[0]?.media[1]?.spec).toBe(cards[1]);
  });
});

/** The words Satori laid out, with their boxes (fonts not embedded, so text stays text). */
async function layoutOf(spec: CardSpec, size = { width: 1200, height: 675 }) {
  const { svg, missing } = await drawCardSvg(spec, DEFAULT_BRANDING, size, {
    fonts: await loadCardFonts(),
    loadEmoji: createEmojiLoader(),
    embedFont: false,
  });
  const words = [
    ...svg.matchAll(
      /<text x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*fill="([^"]+)"[^>]*>([^<]*)<\/text>/g,
    ),
  ].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    height: Number(m[4]),
    fill: m[5]!,
    text: m[6]!,
  }));
  return { svg, missing, words, text: words.map((w) => w.text).join('') };
}

describe('what the cards say', () => {
  it('shows the figures with narrow no-break spaces, drawn by a bundled font', async () => {
    const { text, missing } = await layoutOf(cards[0]!);
    expect(missing).toEqual([]);
    for (const expected of [
      '22\u202F460',
      'sur 30\u202F000',
      '74,88\u202F%',
      '6\u202F708',
      '82\u202F%',
      '13 mai 2026, 14 h 15',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('utilisateurs connectés simultanément');
    expect(text).toContain('14 mai 2026');
  });

  it('shows the highlights with accents and typographic apostrophes', async () => {
    const { text, missing } = await layoutOf(cards[2]!);
    expect(missing).toEqual([]);
    expect(text).toContain('Nord-de-l’Île-de-Montréal');
    expect(text).toContain('l’Hôpital Jean-Talon.');
  });
});

describe('missing glyphs', () => {
  it('draws a card without a character no bundled font has, and lists it', async () => {
    const spec: CardSpec = {
      ...(cards[1] as Extract<CardSpec, { template: 'highlights' }>),
      bullets: ['Tibétain ༀ et hiéroglyphe 𓀀 ici. 🇶🇨'],
    };
    const card = await createCardRenderer({ branding: DEFAULT_BRANDING }).render(spec, 'x', outDir);
    expect(card.bytes).toBeGreaterThan(0);
    expect(card.missing).toEqual(['🇶🇨', 'ༀ', '𓀀']);
    const { text } = await layoutOf(spec);
    expect(text).toContain('QC');
  });

  it('refuses a card with a character no bundled font has when asked to, naming it', async () => {
    const renderer = createCardRenderer({ branding: DEFAULT_BRANDING, onMissingGlyphs: 'throw' });
    const spec: CardSpec = {
      ...(cards[1] as Extract<CardSpec, { template: 'highlights' }>),
      bullets: ['Tibétain ༀ et hiéroglyphe 𓀀 ici.'],
    };
    const error = await renderer.render(spec, 'x', outDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingGlyphsError);
    expect((error as MissingGlyphsError).characters).toEqual(['ༀ', '𓀀']);
    expect((error as MissingGlyphsError).message).toContain('U+0F00');
    expect((error as MissingGlyphsError).messageFr).toContain('aucune police');
  });

  it('detects the missing narrow no-break space when only Inter is loaded', async () => {
    const interOnly = CARD_FONT_FILES.filter((f) => f.name === 'Inter');
    const warnings: MissingGlyphsError[] = [];
    const renderer = createCardRenderer({
      branding: DEFAULT_BRANDING,
      fonts: () => loadCardFonts(interOnly),
      onMissingGlyphs: (error) => warnings.push(error),
    });
    const card = await renderer.render(cards[0]!, 'linkedin', outDir);
    expect(card.bytes).toBeGreaterThan(0);
    expect(warnings.map((w) => w.characters)).toEqual([['\u202F']]);
  });

  it('draws emoji from Twemoji and reports an emoji it does not have', async () => {
    const spec: CardSpec = {
      ...(cards[1] as Extract<CardSpec, { template: 'highlights' }>),
      bullets: ['Bravo 🩺 👩‍⚕️ !'],
    };
    const { svg, missing } = await drawCardSvg(
      spec,
      DEFAULT_BRANDING,
      { width: 1200, height: 675 },
      {
        fonts: await loadCardFonts(),
        loadEmoji: createEmojiLoader(),
      },
    );
    expect(missing).toEqual([]);
    expect(svg.match(/<image /g)?.length).toBe(3); // 👏 in the header, 🩺 and 👩‍⚕️
    const none = await drawCardSvg(
      spec,
      DEFAULT_BRANDING,
      { width: 1200, height: 675 },
      {
        fonts: await loadCardFonts(),
        loadEmoji: async () => null,
      },
    );
    expect(none.missing).toEqual(['👏', '🩺', '👩‍⚕️']);
  });
});
