import type { CardSize } from '../../templates/element.js';
import { keyFiguresTiles, type TileBox, tileTexts } from '../../templates/key-figures.js';
import type { CardSpec } from '../cards/types.js';
import { compact, type LaidOutText } from './laid-out-text.js';

/** A figure some of whose text is not fully visible on the card. */
export interface CutFigure {
  index: number;
  /** `value`, `total`, `label` or `place`: what is cut, hidden or missing. */
  parts: string[];
}

/** Half a pixel of rounding either way. */
const SLACK = 0.5;

/**
 * Checks a laid-out key-figures card: the text runs drawn inside each tile must hold its value,
 * total, label and place whole (nothing ellipsised, nothing pushed out of the tile). Returns the
 * figures that are cut; empty when the card tells the whole truth.
 */
export function cutFigures(
  spec: Extract<CardSpec, { template: 'key-figures' }>,
  size: CardSize,
  runs: readonly LaidOutText[],
): CutFigure[] {
  const figures = spec.figures.slice(0, 4);
  const tiles = keyFiguresTiles(size, figures.length);
  const cut: CutFigure[] = [];
  figures.forEach((figure, index) => {
    const tile = tiles[index] as TileBox;
    const drawn = compact(
      runs
        .filter((run) => fullyIn(run, tile))
        .map((run) => run.text)
        .join(''),
    );
    const texts = tileTexts(figure);
    const parts = (['value', 'total', 'label', 'place'] as const).filter((part) => {
      const expected = texts[part];
      return expected !== undefined && !drawn.includes(compact(expected));
    });
    if (parts.length > 0) cut.push({ index, parts });
  });
  return cut;
}

/**
 * The run is drawn inside the tile. Satori's `y` is the baseline: the line box spans about 0.8 of
 * its height above it and 0.2 below.
 */
function fullyIn(run: LaidOutText, tile: TileBox): boolean {
  return (
    run.x >= tile.x - SLACK &&
    run.x + run.width <= tile.x + tile.width + SLACK &&
    run.y - run.height * 0.8 >= tile.y - SLACK &&
    run.y + run.height * 0.2 <= tile.y + tile.height + SLACK
  );
}
