import { typesetCardText, typesetFigure } from '../src/cards/french-text.js';
import type { CardSpec } from '../src/cards/types.js';
import type { TypographyOptions } from '../src/compose/typography.js';
import type { Branding } from '../src/config/schema.js';
import type { Figure } from '../src/update/types.js';
import { box, type CardElement, type CardSize, text } from './element.js';
import { estimateWidth, fitText, scaled } from './fit.js';
import { cardFrame, frameLayout } from './frame.js';

export type KeyFiguresData = Pick<
  Extract<CardSpec, { template: 'key-figures' }>,
  'title' | 'subtitle' | 'dateLabel' | 'figures' | 'typography'
>;

/** How far the tiles' text is shrunk: 0 is the natural size, MAX_SHRINK the floor. */
export interface KeyFiguresFit {
  shrink: number;
  /**
   * Only when even the floor does not fit: each text is clamped to the lines its tile has room for
   * (ending with `…`), so the card stays tidy while the renderer reports the figure as cut.
   */
  clamp?: boolean;
}

/** Each shrink step takes 10 % off every size in the tiles; the floor is 60 % of the natural size. */
export const MAX_SHRINK = 4;
const shrinkFactor = (shrink: number) => 1 - 0.1 * Math.min(Math.max(shrink, 0), MAX_SHRINK);

export interface TileBox {
  x: number;
  y: number;
  width: number;
  height: number;
  row: number;
}

/** Where each tile is on the card: up to four tiles, 2 × 2, or one row of 1–3. */
export function keyFiguresTiles(size: CardSize, count: number): TileBox[] {
  const layout = frameLayout(size);
  const n = Math.min(Math.max(count, 0), 4);
  const columns = n === 4 ? 2 : Math.max(1, n);
  const rows = Math.ceil(n / columns) || 1;
  const gapX = scaled(40, size.height);
  const gapY = scaled(26, size.height);
  const width = Math.floor((layout.body.width - gapX * (columns - 1)) / columns);
  const height = Math.floor((layout.body.height - gapY * (rows - 1)) / rows);
  const top = layout.headerHeight + layout.bodyPadY;
  return Array.from({ length: n }, (_, i) => {
    const row = Math.floor(i / columns);
    const column = i % columns;
    return {
      x: layout.padX + column * (width + gapX),
      y: rows === 1 ? top : row === 0 ? top : top + layout.body.height - height,
      width,
      height,
      row,
    };
  });
}

/** What a tile shows, typeset as drawn: the alt text is written from the same strings. */
export function tileTexts(
  figure: Figure,
  typography?: TypographyOptions,
): { value: string; total?: string; label: string; place?: string } {
  return {
    value: typesetFigure(figure.value, typography),
    ...(figure.total ? { total: `sur ${typesetFigure(figure.total.value, typography)}` } : {}),
    label: typesetCardText(figure.label, typography),
    ...(figure.place ? { place: typesetCardText(figure.place, typography) } : {}),
  };
}

/**
 * Key figures: up to four tiles, each with the figure, its total, its label, its place and the
 * date it refers to. Nothing is clamped: a text that does not fit wraps, and the renderer checks
 * the laid-out text, shrinking every size (`fit.shrink`) until all of it is visible. The tiles of
 * one row share one number size.
 */
export function keyFiguresCard(
  data: KeyFiguresData,
  branding: Branding,
  size: CardSize,
  fit: KeyFiguresFit = { shrink: 0 },
): CardElement {
  const layout = frameLayout(size);
  const figures = data.figures.slice(0, 4);
  const tiles = keyFiguresTiles(size, figures.length);
  const rows = Math.max(1, ...tiles.map((tile) => tile.row + 1));
  const factor = shrinkFactor(fit.shrink);
  const h = (px: number) => Math.max(1, Math.round(scaled(px, size.height) * factor));
  const tall = rows === 1;
  const bar = Math.max(4, scaled(6, size.height));
  const padLeft = scaled(22, size.height);

  const valueSizes = figures.map((figure, i) => {
    const inner = (tiles[i]?.width ?? 0) - bar - padLeft;
    const texts = tileTexts(figure, data.typography);
    const totalWidth = texts.total ? estimateWidth(texts.total, h(tall ? 30 : 26)) + h(12) : 0;
    return fitText({
      text: texts.value,
      sizes: (tall ? [96, 84, 72, 64, 56, 48] : [68, 62, 56, 50, 44, 38]).map(h),
      width: Math.max(inner - totalWidth, inner * 0.5),
      maxLines: 1,
      bold: true,
    }).fontSize;
  });
  // One number size per row: the smallest any tile of the row needs.
  const rowSize = (row: number) =>
    Math.min(...valueSizes.filter((_, i) => tiles[i]?.row === row), Number.POSITIVE_INFINITY);

  const cells = figures.map((figure, i) => {
    const tile = tiles[i] as TileBox;
    return figureTile(figure, branding, tile, {
      valueSize: rowSize(tile.row),
      tall,
      h,
      bar,
      padLeft,
      clamp: fit.clamp ?? false,
      ...(data.typography ? { typography: data.typography } : {}),
    });
  });
  const grid = box(
    {
      flexDirection: 'row',
      flexWrap: 'wrap',
      width: layout.body.width,
      height: layout.body.height,
      columnGap: scaled(40, size.height),
      rowGap: scaled(26, size.height),
      alignContent: rows === 1 ? 'center' : 'space-between',
    },
    ...cells,
  );
  return cardFrame(
    {
      emoji: '📊',
      kicker: 'Chiffres clés',
      title: data.title,
      ...(data.subtitle ? { subtitle: data.subtitle } : {}),
      dateLabel: data.dateLabel,
      ...(data.typography ? { typography: data.typography } : {}),
    },
    grid,
    branding,
    size,
  );
}

interface TileStyle {
  valueSize: number;
  tall: boolean;
  h: (px: number) => number;
  bar: number;
  padLeft: number;
  clamp: boolean;
  typography?: TypographyOptions;
}

function figureTile(figure: Figure, branding: Branding, tile: TileBox, style: TileStyle): CardElement {
  const { h, tall, bar, padLeft } = style;
  const inner = tile.width - bar - padLeft;
  const texts = tileTexts(figure, style.typography);
  const totalSize = h(tall ? 30 : 26);
  const dateSize = h(tall ? 22 : 19);
  const labelSize = fitText({
    text: texts.label,
    sizes: (tall ? [30, 27, 24, 21, 19] : [26, 24, 22, 20, 18]).map(h),
    width: inner,
    maxLines: tall ? 3 : 2,
  }).fontSize;
  const hasLine = texts.place !== undefined || figure.refersTo !== undefined;
  // In a clamped tile the total may have wrapped under the value: count its line too.
  const totalLine = texts.total ? totalSize * 1.2 : 0;
  const labelRoom = tile.height - style.valueSize * 1.1 - totalLine - h(4) - (hasLine ? dateSize * 1.25 + h(6) : 0);
  const clampTo = (lines: number) => (style.clamp ? Math.max(1, lines) : undefined);

  // The accent bar is a box, not a border: Satori draws borders with slow-to-rasterise clip paths.
  return box(
    { flexDirection: 'row', width: tile.width, height: tile.height },
    box({ width: bar, height: '100%', flexShrink: 0, backgroundColor: branding.accent }),
    box(
      {
        flexDirection: 'column',
        justifyContent: 'center',
        width: tile.width - bar,
        height: tile.height,
        paddingLeft: padLeft,
      },
      box(
        { flexDirection: 'row', flexWrap: 'wrap', alignItems: 'baseline', width: inner, columnGap: h(12) },
        text(
          { fontSize: style.valueSize, fontWeight: 700, lineHeight: 1.1, color: branding.accent, maxWidth: inner },
          texts.value,
          clampTo(1),
        ),
        texts.total
          ? text({ fontSize: totalSize, color: branding.muted, maxWidth: inner }, texts.total, clampTo(1))
          : null,
      ),
      text(
        { fontSize: labelSize, lineHeight: 1.2, marginTop: h(4), width: inner, color: branding.foreground },
        texts.label,
        clampTo(Math.floor(labelRoom / (labelSize * 1.2))),
      ),
      texts.place || figure.refersTo
        ? text(
            { fontSize: dateSize, lineHeight: 1.25, marginTop: h(6), color: branding.muted, width: inner },
            [texts.place, figure.refersTo].filter(Boolean).join(' · '),
            clampTo(1),
          )
        : null,
    ),
  );
}
