import { type Block, type BlockGroup, renderBlock, renderBlocks } from './content.js';
import { type Fits, splitSentences, splitUnits } from './split-text.js';

/** Which part of which block a post holds. */
export interface Placement {
  /** Index in the flattened block list (groups in order). */
  block: number;
  /** Index of the unit within the block. */
  unit: number;
}

export interface PackedPost {
  text: string;
  placements: Placement[];
}

export interface PackResult {
  posts: PackedPost[];
  blocks: Block[];
  /** How many units each block was cut into. */
  unitCounts: number[];
  /** Words longer than a post, cut mid-word. */
  cutWords: string[];
}

/**
 * Packs blocks into as few posts as reads well: a block that fits in a post is never cut; a
 * heading never ends a post; a section that fits in one post starts a new post rather than being
 * spread over two; a block too long for any post is cut into sentences (then clauses, words) that
 * fill posts greedily.
 */
export function packThread(groups: BlockGroup[], fits: Fits, firstSuffix = ''): PackResult {
  const blocks = groups.flatMap((group) => group.blocks);
  const cutWords: string[] = [];
  const units = blocks.map((b) => {
    if (fits(renderBlock(b))) return [b.text];
    const split = splitUnits(b.text, (piece) => fits(b.marker + piece));
    cutWords.push(...split.cutWords);
    return split.units;
  });

  const posts: PackedPost[] = [];
  let current: PackedPost = { text: '', placements: [] };
  // Post 1 keeps room for what ends it (the link).
  const fitsHere: Fits = (text) => fits(posts.length === 0 ? text + firstSuffix : text);
  // Post 1 holding only the title: what follows starts there, so post 1 always carries content.
  const titleOnly = () =>
    posts.length === 0 &&
    current.placements.length > 0 &&
    current.placements.every((p) => blocks[p.block]?.sectionIndex === null);
  const flush = () => {
    if (current.text) posts.push(current);
    current = { text: '', placements: [] };
  };
  const place = (text: string, separator: string, placement: Placement) => {
    if (current.text && !fitsHere(current.text + separator + text)) flush();
    current.text = current.text ? current.text + separator + text : text;
    current.placements.push(placement);
  };

  let blockIndex = 0;
  for (const group of groups) {
    const first = group.blocks[0];
    if (first && current.text) {
      const whole = renderBlocks(group.blocks);
      if (!fitsHere(current.text + first.gap + whole) && fits(whole) && !titleOnly()) flush();
    }
    for (let i = 0; i < group.blocks.length; i++, blockIndex++) {
      const b = blocks[blockIndex]!;
      const blockUnits = units[blockIndex]!;
      if (b.keepWithNext && current.text) {
        const run = stickyRun(blocks, units, blockIndex);
        if (!fitsHere(current.text + b.gap + run) && !titleOnly()) flush();
      }
      if (
        blockUnits.length === 1 &&
        (endsWithHeading(current, blocks) || titleOnly()) &&
        !fitsHere(current.text + b.gap + renderBlock(b))
      ) {
        // Rather than leave the heading alone at the end of the post, start the block under it.
        const sentences = splitSentences(b.text, (piece) => fits(b.marker + piece));
        if (sentences.units.length > 1 && fitsHere(current.text + b.gap + b.marker + sentences.units[0])) {
          blockUnits.splice(0, 1, ...sentences.units);
        }
      }
      if (
        (endsWithSectionHeading(current, blocks) || titleOnly()) &&
        !fitsHere(current.text + b.gap + b.marker + blockUnits[0])
      ) {
        // Still too long to follow the heading: start it with a shorter piece rather than leave the heading alone.
        const start = startAfter(
          current.text + b.gap + b.marker,
          b,
          blockUnits,
          fits,
          posts.length === 0 ? firstSuffix : '',
        );
        if (start) blockUnits.splice(0, blockUnits.length, ...start);
      }
      blockUnits.forEach((unit, unitIndex) => {
        const text = unitIndex === 0 ? b.marker + unit : unit;
        place(text, unitIndex === 0 ? b.gap : ' ', { block: blockIndex, unit: unitIndex });
      });
    }
  }
  flush();
  return { posts, blocks, unitCounts: units.map((u) => u.length), cutWords };
}

/**
 * The block's units again, the first one cut (at the coarsest break that allows it) to fit after
 * `lead`, the rest cut as usual. Undefined when not even its first word fits, or a word was cut.
 */
function startAfter(lead: string, b: Block, units: string[], fits: Fits, suffix: string): string[] | undefined {
  const text = units.join(' ');
  if (text !== b.text) return undefined;
  const first = splitUnits(text, (piece) => fits(lead + piece + suffix)).units[0];
  if (!first || !fits(lead + first + suffix) || !text.startsWith(first) || text.length === first.length)
    return undefined;
  if (text[first.length] !== ' ') return undefined;
  const rest = splitUnits(text.slice(first.length + 1), (piece) => fits(b.marker + piece)).units;
  return [first, ...rest];
}

function endsWithSectionHeading(post: PackedPost, blocks: Block[]): boolean {
  const last = post.placements.at(-1);
  return last !== undefined && blocks[last.block]?.kind === 'heading';
}

function endsWithHeading(post: PackedPost, blocks: Block[]): boolean {
  const last = post.placements.at(-1);
  return last !== undefined && blocks[last.block]?.keepWithNext === true;
}

/** A heading, any headings right after it, and the first unit of what they introduce. */
function stickyRun(blocks: Block[], units: string[][], start: number): string {
  let text = '';
  for (let i = start; i < blocks.length; i++) {
    const b = blocks[i]!;
    const firstUnit = units[i]?.[0] ?? '';
    text += (i === start ? '' : b.gap) + b.marker + firstUnit;
    if (!b.keepWithNext || (units[i]?.length ?? 0) > 1) break;
  }
  return text;
}
