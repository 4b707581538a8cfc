import { typesetFigure, typesetText } from '../src/cards/french-text.js';
import type { CardSpec } from '../src/cards/types.js';
import type { Branding } from '../src/config/schema.js';
import type { Figure } from '../src/update/types.js';
import { box, type CardElement, type CardSize, text } from './element.js';
import { estimateWidth, fitText, scaled } from './fit.js';
import { cardFrame, frameLayout } from './frame.js';

export type KeyFiguresData = Pick<
  Extract<CardSpec, { template: 'key-figures' }>,
  'title' | 'subtitle' | 'dateLabel' | 'figures'
>;

/**
 * Key figures: up to four tiles (2 × 2, or one row of 1–3), each with the figure, its total,
 * its label and the date it refers to. Sizes come from the text lengths; long labels shrink,
 * then wrap, then are clamped with `…`.
 */
export function keyFiguresCard(data: KeyFiguresData, branding: Branding, size: CardSize): CardElement {
  const layout = frameLayout(size);
  const figures = data.figures.slice(0, 4);
  const columns = figures.length === 4 ? 2 : Math.max(1, figures.length);
  const rows = Math.ceil(figures.length / columns) || 1;
  const gapX = scaled(40, size.height);
  const gapY = scaled(26, size.height);
  const tile = {
    width: Math.floor((layout.body.width - gapX * (columns - 1)) / columns),
    height: Math.floor((layout.body.height - gapY * (rows - 1)) / rows),
  };
  const tiles = figures.map((figure) => figureTile(figure, branding, tile, size.height, rows));
  const grid = box(
    {
      flexDirection: 'row',
      flexWrap: 'wrap',
      width: layout.body.width,
      height: layout.body.height,
      columnGap: gapX,
      rowGap: gapY,
      alignContent: rows === 1 ? 'center' : 'space-between',
    },
    ...tiles,
  );
  return cardFrame(
    {
      emoji: '📊',
      kicker: 'Chiffres clés',
      title: data.title,
      ...(data.subtitle ? { subtitle: data.subtitle } : {}),
      dateLabel: data.dateLabel,
    },
    grid,
    branding,
    size,
  );
}

function figureTile(figure: Figure, branding: Branding, tile: CardSize, cardHeight: number, rows: number): CardElement {
  const h = (px: number) => scaled(px, cardHeight);
  const bar = Math.max(4, h(6));
  const padLeft = h(22);
  const inner = tile.width - bar - padLeft;
  const value = typesetFigure(figure.value);
  const total = figure.total ? `sur ${typesetFigure(figure.total.value)}` : '';
  const label = typesetText(figure.label);
  const tall = rows === 1;

  // The figure and its total share one line: shrink the figure until both fit.
  const totalSize = h(tall ? 30 : 26);
  const totalWidth = total ? estimateWidth(total, totalSize) + h(12) : 0;
  const valueFit = fitText({
    text: value,
    sizes: (tall ? [96, 84, 72, 64, 56, 48] : [68, 62, 56, 50, 44, 38]).map(h),
    width: Math.max(inner - totalWidth, inner * 0.5),
    maxLines: 1,
    bold: true,
  });
  const dateSize = h(tall ? 22 : 19);
  const labelBudget = tile.height - valueFit.fontSize * 1.1 - (figure.refersTo ? dateSize * 1.3 + h(6) : 0) - h(10);
  const labelSizes = (tall ? [30, 27, 24, 21, 19] : [26, 24, 22, 20, 18]).map(h);
  const labelFit = fitLabel(label, labelSizes, inner, labelBudget);

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
        { flexDirection: 'row', alignItems: 'baseline', width: inner, columnGap: h(12) },
        text(
          {
            fontSize: valueFit.fontSize,
            fontWeight: 700,
            lineHeight: 1.1,
            color: branding.accent,
            maxWidth: inner,
            flexShrink: 0,
          },
          value,
          1,
        ),
        total ? text({ fontSize: totalSize, color: branding.muted, flexShrink: 1 }, total, 1) : null,
      ),
      text(
        { fontSize: labelFit.fontSize, lineHeight: 1.25, marginTop: h(4), width: inner, color: branding.foreground },
        label,
        labelFit.lines,
      ),
      figure.refersTo
        ? text(
            {
              fontSize: dateSize,
              lineHeight: 1.3,
              marginTop: h(6),
              color: branding.muted,
              width: inner,
            },
            figure.refersTo,
            1,
          )
        : null,
    ),
  );
}

/** Label size: the largest whose wrapped lines fit the height left in the tile (3 lines at most). */
function fitLabel(label: string, sizes: number[], width: number, height: number): { fontSize: number; lines: number } {
  for (const fontSize of sizes) {
    const maxLines = Math.max(1, Math.min(3, Math.floor(height / (fontSize * 1.25))));
    const fit = fitText({ text: label, sizes: [fontSize], width, maxLines });
    if (!fit.clamped) return { fontSize, lines: fit.lines };
  }
  const smallest = sizes[sizes.length - 1] ?? 18;
  return { fontSize: smallest, lines: Math.max(1, Math.min(3, Math.floor(height / (smallest * 1.25)))) };
}
