/** One thing to draw, in the order the SVG draws it. */
export type DrawStep =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string }
  | { kind: 'path'; fill: string; d: string }
  /** An element drawn on its own by an SVG renderer (an image: SVG places and scales it). */
  | { kind: 'element'; markup: string };

export interface Drawing {
  width: number;
  height: number;
  /** The SVG's opening tag, to draw an `element` step in a document of the card's size. */
  rootTag: string;
  steps: DrawStep[];
}

const NUMBER = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?`;
const SIZE = String.raw`\d+(?:\.\d*)?`;
const COLOUR = '#[0-9a-fA-F]{3,8}';
/** Path data as Satori writes glyph outlines: absolute or relative commands and numbers. */
const PATH_DATA = '[MLHVQTCSAZmlhvqtcsaz0-9.,e+ -]*';

const ROOT = /^<svg width="(\d+)" height="(\d+)" viewBox="0 0 \1 \2" xmlns="http:\/\/www\.w3\.org\/2000\/svg">/;
const STEP_SOURCE = [
  `<rect x="(?<x>${NUMBER})" y="(?<y>${NUMBER})" width="(?<width>${SIZE})" height="(?<height>${SIZE})" fill="(?<rectFill>${COLOUR})"/>`,
  `<path fill="(?<pathFill>${COLOUR})" d="(?<d>${PATH_DATA})"/>`,
  '(?<image><image [^<>]*/>)',
  '(?<definition><(?<definitionTag>clipPath|mask) id="(?<id>[^"]+)">(?:<(?:rect|path) [^<>]*/>)*</\\k<definitionTag>>)',
  '<g>|</g>',
].join('|');
const REFERENCE = /url\(#([^)]+)\)/g;
const END = '</svg>';

/**
 * The steps that draw an SVG as Satori writes a card: rectangles filled with a colour, groups
 * without attributes holding paths filled with a colour, and images (with the clip and mask they
 * refer to, as Satori writes them for a logo). Undefined for anything else: another element or
 * attribute, which only a full SVG renderer draws right.
 */
export function drawingSteps(svg: string): Drawing | undefined {
  const root = ROOT.exec(svg);
  if (!root || !svg.endsWith(END)) return undefined;
  const steps: DrawStep[] = [];
  const definitions = new Map<string, string>();
  const step = new RegExp(STEP_SOURCE, 'y');
  const end = svg.length - END.length;
  step.lastIndex = root[0].length;
  while (step.lastIndex < end) {
    const at = step.lastIndex;
    const match = step.exec(svg);
    if (!match || match.index !== at) return undefined;
    const found = match.groups ?? {};
    if (found.rectFill !== undefined) {
      steps.push({
        kind: 'rect',
        x: Number(found.x),
        y: Number(found.y),
        width: Number(found.width),
        height: Number(found.height),
        fill: found.rectFill,
      });
    } else if (found.pathFill !== undefined) {
      steps.push({ kind: 'path', fill: found.pathFill, d: found.d! });
    } else if (found.definition !== undefined) {
      definitions.set(found.id!, found.definition);
    } else if (found.image !== undefined) {
      const used = [...found.image.matchAll(REFERENCE)].map((reference) => definitions.get(reference[1]!));
      if (used.some((definition) => definition === undefined)) return undefined;
      steps.push({ kind: 'element', markup: `${used.join('')}${found.image}` });
    }
  }
  return { width: Number(root[1]), height: Number(root[2]), rootTag: root[0], steps };
}
