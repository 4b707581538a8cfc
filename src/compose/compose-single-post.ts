import { closingText } from './closing-post.js';
import { type Block, hashtagsNotIn, type PostContent, renderBlocks } from './content.js';
import type { Measure } from './measure.js';
import { type Omitted, omittedBlocks } from './omitted.js';
import { droppedContentWarnings } from './warnings.js';

export interface SinglePostOptions {
  /** Network name as the team reads it in warnings (`LinkedIn`, `Facebook`). */
  label: string;
  measure: (text: string) => Measure;
  /** Why content was left out, in French, e.g. `limite de 3 000 caractères`. */
  limitReason: string;
}

export interface ComposedSinglePost {
  text: string;
  warnings: string[];
  /** What did not fit: a person must decide before approval. */
  omitted: Omitted[];
}

/**
 * The whole update as one post ending with the link and hashtags. When it is too long, bullets
 * carrying a key figure are kept first, then the other blocks are taken in order as long as they fit and the ones that do not are left out, so a long bullet
 * does not push out every section after it; a heading is kept only with some of its content, a
 * sub-bullet only with its bullet, and each dropped section or bullet is listed in the warnings.
 */
export function composeSinglePost(content: PostContent, options: SinglePostOptions): ComposedSinglePost {
  const blocks = content.groups.flatMap((group) => group.blocks);
  const hashtags = hashtagsNotIn(blocks.map((b) => b.text).join('\n'), content.hashtags);
  const closing = closingText(content.link, hashtags);
  const kept = blocks.map(() => false);
  const assemble = () => {
    const body = renderBlocks(blocks.filter((_, i) => kept[i]));
    return [body, closing].filter(Boolean).join('\n\n');
  };
  const tryKeep = (i: number) => {
    kept[i] = true;
    if (!options.measure(assemble()).valid) kept[i] = false;
    return kept[i];
  };

  keepKeyFigures(blocks, kept);
  let everyFigureKept = true;
  if (!options.measure(assemble()).valid) {
    // Not every key figure fits: as many as fit, in order, and no ordinary block beside them, so no
    // key figure is left out while an ordinary bullet is kept.
    kept.fill(false);
    for (const group of keyFigureGroups(blocks)) {
      const before = group.map((i) => kept[i] as boolean);
      for (const i of group) kept[i] = true;
      if (!options.measure(assemble()).valid) {
        group.forEach((i, n) => {
          kept[i] = before[n] as boolean;
        });
        everyFigureKept = false;
      }
    }
  }

  let sectionOpen = true;
  const openAtDepth: boolean[] = [];
  blocks.forEach((b, i) => {
    if (b.kind === 'heading') {
      const chained = b.gap === '\n' && blocks[i - 1]?.kind === 'heading';
      sectionOpen = kept[i] || (chained && !sectionOpen ? false : tryKeep(i));
      openAtDepth.length = 0;
      return;
    }
    const parentKept = b.kind !== 'bullet' || nearestParentKept(openAtDepth, b.depth);
    const keptNow = kept[i] || (everyFigureKept && sectionOpen && parentKept && tryKeep(i));
    if (b.kind === 'bullet') {
      openAtDepth.length = b.depth;
      openAtDepth[b.depth] = keptNow;
    }
  });
  dropHeadingsWithoutContent(blocks, kept);

  const status = kept.map((k) => (k ? 'kept' : 'dropped') as 'kept' | 'dropped');
  const warnings = droppedContentWarnings(options.label, blocks, status, options.limitReason);
  const text = assemble();
  if (!options.measure(text).valid) {
    warnings.push(`${options.label} : la publication dépasse la limite du réseau et sera refusée.`);
  }
  return { text, warnings, omitted: omittedBlocks(blocks, status, 'network-limit') };
}

/**
 * Marks first every bullet a key figure was read from, with the headings above it in its section,
 * so a long post leaves out ordinary bullets before any key figure.
 */
function keepKeyFigures(blocks: readonly Block[], kept: boolean[]): void {
  for (const group of keyFigureGroups(blocks)) for (const i of group) kept[i] = true;
}

/** Each bullet a key figure was read from with the headings above it in its section, in order. */
function keyFigureGroups(blocks: readonly Block[]): number[][] {
  const groups: number[][] = [];
  blocks.forEach((b, i) => {
    if (!b.figure) return;
    const group = [i];
    for (let j = i - 1; j >= 0; j--) {
      const above = blocks[j]!;
      if (above.sectionIndex !== b.sectionIndex && above.kind !== 'heading') break;
      if (above.kind === 'heading') {
        group.unshift(j);
        if (above.gap === '\n\n') break;
      }
    }
    groups.push(group);
  });
  return groups;
}

/**
 * A kept heading followed by no kept content of its own (only by another section, or nothing).
 * Headings written with nothing under them at the very end (not `keepWithNext`) had no content
 * to lose: they stay, as in the threads.
 */
function dropHeadingsWithoutContent(blocks: Block[], kept: boolean[]): void {
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (!kept[i] || blocks[i]!.kind !== 'heading' || !blocks[i]!.keepWithNext) continue;
    let next = i + 1;
    while (next < blocks.length && !kept[next]) next++;
    const following = blocks[next];
    const hasContent =
      following !== undefined &&
      kept[next] === true &&
      (following.kind !== 'heading' || following.gap === '\n') &&
      following.sectionIndex !== null;
    if (!hasContent || !sameSectionRun(blocks, i, next)) kept[i] = false;
  }
}

/** Whether blocks `from`..`to` belong to one heading's run (no new section starts in between). */
function sameSectionRun(blocks: Block[], from: number, to: number): boolean {
  for (let j = from + 1; j <= to; j++) {
    const b = blocks[j]!;
    if (b.kind === 'heading' && b.gap === '\n\n') return false;
  }
  return true;
}

/**
 * Whether the closest bullet above `depth` that has a block was kept. A bullet with no words
 * (`- ![](image.png)`) has no block: its sub-bullets answer to the bullet above it, or stand alone.
 */
function nearestParentKept(openAtDepth: readonly (boolean | undefined)[], depth: number): boolean {
  for (let d = depth - 1; d >= 0; d--) {
    const state = openAtDepth[d];
    if (state !== undefined) return state;
  }
  return true;
}
