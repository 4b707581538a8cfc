import { describe, expect, it } from 'vitest';
import { altText } from '../../src/cards/alt-text.js';
import { typesetText } from '../../src/cards/french-text.js';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import { drawCardSvg } from '../../src/render/draw.js';
import { createEmojiLoader } from '../../src/render/emoji.js';
import { loadCardFonts } from '../../src/render/fonts.js';
import { CARD_FORMATS } from '../../src/render/formats.js';
import { compact, laidOutText } from '../../src/render/laid-out-text.js';
import { createCardRenderer } from '../../src/render/renderer.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import type { Figure } from '../../src/update/types.js';
import { DEFAULT_BRANDING } from '../../templates/frame.js';
import { keyFiguresTiles, tileTexts } from '../../templates/key-figures.js';

type KeyFigures = Extract<CardSpec, { template: 'key-figures' }>;

const file = (name: string) => new URL(`../update/files/${name}`, import.meta.url).pathname;
const SIZES = [
  ...new Map(
    Object.values(CARD_FORMATS).map((f) => [`${f.width}x${f.height}`, { width: f.width, height: f.height }]),
  ).values(),
];

function keyFiguresOf(name: string, pick: (figures: Figure[]) => Figure[] = (f) => f): KeyFigures {
  const update = parseUpdateFile(file(name));
  const spec = planCards({ ...update, figures: pick(update.figures) })[0];
  if (spec?.template !== 'key-figures') throw new Error(`${name}: no key-figures card`);
  return spec;
}

/** Every figure layout the updates written for this hold: their own cards, regional tiles with places, mixes. */
const HELD: Record<string, KeyFigures> = {
  'long update': keyFiguresOf('long.md'),
  'figure-heavy update': keyFiguresOf('figure-heavy.md'),
  'regional tiles with places': keyFiguresOf('regions-20.md', (f) => f.filter((x) => x.place !== undefined)),
  'emoji in labels, a place and a total': keyFiguresOf('emoji-label.md'),
  'amounts in M$ and k$': keyFiguresOf('amounts.md'),
  'the bundled example': keyFiguresOf('../../../examples/2026-05-14-dsn.md'),
};

const renderer = createCardRenderer({ branding: DEFAULT_BRANDING });

describe('cards that never lie', () => {
  for (const [name, full] of Object.entries(HELD)) {
    for (const size of SIZES) {
      it(`${name} at ${size.width}×${size.height}, 1 to 4 tiles: every value, total, label and place whole, as in the alt text`, async () => {
        for (let count = 1; count <= Math.min(4, full.figures.length); count++) {
          const spec: KeyFigures = { ...full, figures: full.figures.slice(0, count) };
          const { cut, svg } = await renderer.layout(spec, size);
          const where = `${name}, ${count} tile(s), ${size.width}×${size.height}`;
          expect(cut, where).toEqual([]);
          const runs = laidOutText(svg);
          const tiles = keyFiguresTiles(size, count);
          const alt = compact(altText(spec, 2000));
          spec.figures.forEach((figure, index) => {
            const tile = tiles[index]!;
            const inTile = runs.filter(
              (run) =>
                run.x >= tile.x - 0.5 &&
                run.x + run.width <= tile.x + tile.width + 0.5 &&
                run.y - run.height * 0.8 >= tile.y - 0.5 &&
                run.y + run.height * 0.2 <= tile.y + tile.height + 0.5,
            );
            const drawn = compact(inTile.map((run) => run.text).join(''));
            expect(drawn, `${where}: tile ${index + 1} has no ellipsis`).not.toContain('…');
            const texts = tileTexts(figure);
            for (const part of Object.values(texts)) {
              expect(drawn, `${where}: tile ${index + 1} draws "${part}"`).toContain(compact(part));
            }
            // The alt text holds the same figure: its value, total and place as drawn, and what it
            // counts, in the tile's words or in its bullet's own sentence.
            for (const part of [texts.value, texts.total?.replace(/^sur /u, ''), texts.place]) {
              if (part !== undefined) expect(alt, `${where}: the alt text says "${part}"`).toContain(compact(part));
            }
            const said = figure.sentence ? compact(typesetText(figure.sentence)).replace(/[.!?…;:,]+$/u, '') : '';
            expect(
              alt.includes(compact(texts.label)) || (said !== '' && alt.includes(said)),
              `${where}: the alt text says what "${texts.value}" counts`,
            ).toBe(true);
          });
          // Tiles of one row share one number size: the value is the first run of each tile.
          const valueHeights = tiles.map(
            (tile) => runs.find((run) => run.x >= tile.x && run.x < tile.x + tile.width && run.y > tile.y)?.height,
          );
          for (const row of new Set(tiles.map((tile) => tile.row))) {
            const heights = new Set(valueHeights.filter((_, i) => tiles[i]!.row === row));
            expect(heights.size, `${where}: row ${row + 1} number sizes`).toBe(1);
          }
        }
      }, 180_000);
    }
  }

  it('draws in one pass exactly what the checked layout gives: the same size chosen, the same image', async () => {
    const fonts = await loadCardFonts();
    const loadEmoji = createEmojiLoader();
    const words = 'usagers rencontrés dans les établissements de santé et de services sociaux participants'.split(' ');
    const base = HELD['long update']!;
    const tight = (count: number, length: number): KeyFigures => ({
      ...base,
      figures: Array.from({ length: count }, (_, i) => ({
        ...(base.figures[0] as Figure),
        label: words.slice(0, length + i).join(' '),
      })),
    });
    const specs = [
      ...Object.values(HELD),
      ...[2, 6, 9, 11, 13].flatMap((length) => [3, 4].map((count) => tight(count, length))),
    ];
    const shrinks = new Set<number>();
    for (const spec of specs) {
      for (const size of SIZES) {
        const checked = await renderer.layout(spec, size);
        shrinks.add(checked.shrink);
        const expected = await drawCardSvg(spec, DEFAULT_BRANDING, size, {
          fonts,
          loadEmoji,
          shrink: checked.shrink,
          ...(checked.cut.length > 0 ? { clamp: true } : {}),
        });
        const fresh = createCardRenderer({ branding: DEFAULT_BRANDING });
        expect(await fresh.svg(spec, size), `${spec.figures.length} tiles at ${size.width}×${size.height}`).toBe(
          expected.svg,
        );
      }
    }
    // Cards that fit at once and cards that had to shrink were both compared.
    expect(shrinks.has(0)).toBe(true);
    expect([...shrinks].some((shrink) => shrink > 0)).toBe(true);
  }, 600_000);

  it('says which figure is cut when even the smallest size cannot hold it, and clamps it on the card', async () => {
    const base = HELD['figure-heavy update']!;
    const label = Array.from({ length: 400 }, (_, i) => `mot${i}`).join(' ');
    const spec: KeyFigures = { ...base, figures: base.figures.map((f, i) => (i === 2 ? { ...f, label } : f)) };
    const { cut, svg } = await renderer.layout(spec, { width: 1200, height: 627 });
    expect(cut).toEqual([{ index: 2, parts: expect.arrayContaining(['label']) }]);
    expect(laidOutText(svg).some((run) => run.text.includes('…'))).toBe(true);
    const card = await renderer.render(spec, 'linkedin', `${process.env.TMPDIR ?? '/tmp'}/crieur-never-lie`);
    expect(card.cut).toEqual(cut);
  }, 120_000);
});
