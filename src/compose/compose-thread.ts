import { hashtagLine, linkLine } from './closing-post.js';
import { type Block, type BlockGroup, hashtagsNotIn, type PostContent } from './content.js';
import type { Measure } from './measure.js';
import { digitCount, type NumberingStyle, numberingSuffix, widestNumberingSuffix } from './numbering.js';
import { type Omitted, omittedBlocks } from './omitted.js';
import { type PackResult, packThread } from './pack-thread.js';
import { cutWordWarning, droppedContentWarnings } from './warnings.js';

export interface ThreadOptions {
  /** Network name as the team reads it in warnings (`X`, `Bluesky`). */
  label: string;
  measure: (text: string) => Measure;
  numbering: NumberingStyle;
  maxPosts: number;
}

export interface ComposedThread {
  /** Final texts, numbering included; post 1 ends with the link, the last post with the hashtags. */
  posts: string[];
  /** For each section index, the post (0-based) where the section starts. */
  sectionStarts: Map<number, number>;
  warnings: string[];
  /** Paragraphs and bullets left out to stay within `maxPosts`: a person must decide. */
  omitted: Omitted[];
}

/** Digits of N tried before giving up on a stable count; each try only widens the reserve. */
const MAX_NUMBERING_PASSES = 4;

/**
 * The update as a thread: content posts in order, the link at the end of post 1, the hashtags
 * not already in the text at the end of the last post (or after it), each post with its number.
 * When the thread would be longer than `maxPosts`, paragraphs and bullets are left out, ordinary
 * ones from the end first and those carrying a key figure only after every ordinary one; each is
 * listed in `omitted`, so a person decides before approval.
 */
export function composeThread(content: PostContent, options: ThreadOptions): ComposedThread {
  const blocks = content.groups.flatMap((group) => group.blocks);
  const hashtags = hashtagsNotIn(blocks.map((b) => b.text).join('\n'), content.hashtags);
  const whole = layout(content.groups, content.link, hashtags, options);
  if (whole.count <= options.maxPosts)
    return finish(
      whole,
      blocks,
      blocks.map(() => true),
      options,
    );

  const order = dropOrder(blocks);
  const keepWithout = (k: number) => {
    const dropped = new Set(order.slice(0, k));
    return blocks.map((_, i) => !dropped.has(i));
  };
  // Fewer blocks never make more posts: the least left out that fits is found by halving.
  let low = 1;
  let high = order.length;
  let best: { kept: boolean[]; laid: Layout } | undefined;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const kept = keepWithout(mid);
    const laid = layout(withoutDropped(content.groups, blocks, kept), content.link, hashtags, options);
    if (laid.count <= options.maxPosts) {
      best = { kept, laid };
      high = mid - 1;
    } else {
      low = mid + 1;
    }
  }
  if (best) return finish(best.laid, blocks, best.kept, options);
  const kept = keepWithout(order.length);
  return finish(
    layout(withoutDropped(content.groups, blocks, kept), content.link, hashtags, options),
    blocks,
    kept,
    options,
  );
}

/** Block indices in the order they are left out: ordinary paragraphs and bullets from the end, then key-figure bullets. */
function dropOrder(blocks: readonly Block[]): number[] {
  const droppable = blocks
    .map((b, i) => ({ b, i }))
    .filter(({ b }) => (b.kind === 'paragraph' || b.kind === 'bullet') && b.sectionIndex !== null)
    .reverse();
  return [...droppable.filter(({ b }) => !b.figure), ...droppable.filter(({ b }) => b.figure)].map(({ i }) => i);
}

/** The groups without the dropped blocks, and without headings of sections left with nothing. */
function withoutDropped(groups: BlockGroup[], all: readonly Block[], kept: readonly boolean[]): BlockGroup[] {
  const index = new Map(all.map((b, i) => [b, i]));
  const sectionsWithContent = new Set<number | null>();
  const sectionsHadContent = new Set<number | null>();
  all.forEach((b, i) => {
    if (b.kind === 'heading') return;
    sectionsHadContent.add(b.sectionIndex);
    if (kept[i]) sectionsWithContent.add(b.sectionIndex);
  });
  return groups
    .map((group) => ({
      blocks: group.blocks.filter((b) => {
        if (!kept[index.get(b)!]) return false;
        if (b.kind !== 'heading') return true;
        return !sectionsHadContent.has(b.sectionIndex) || sectionsWithContent.has(b.sectionIndex);
      }),
    }))
    .filter((group) => group.blocks.length > 0);
}

interface Layout {
  packed: PackResult;
  /** Text ending post 1: the link. */
  linkSuffix: string;
  /** Hashtags line, and whether it ends the last content post (else it is a post of its own). */
  tags: string;
  tagsInLast: boolean;
  count: number;
  warnings: string[];
}

function layout(groups: BlockGroup[], link: string | undefined, hashtags: string[], options: ThreadOptions): Layout {
  let digits = 1;
  for (let pass = 0; ; pass++) {
    const reserve = widestNumberingSuffix(options.numbering, digits);
    const fits = (text: string) => options.measure(text + reserve).valid;
    const warnings: string[] = [];
    let linkSuffix = link ? `\n\n${linkLine(link)}` : '';
    if (linkSuffix && !fits(linkLine(link!))) {
      warnings.push(`${options.label} : le lien est trop long pour une publication : ${link}`);
      linkSuffix = '';
    }
    const packed = packThread(groups, fits, linkSuffix);
    if (packed.posts.length === 0) packed.posts.push({ text: '', placements: [] });
    const tagList = [...hashtags];
    const lastText = () => {
      const last = packed.posts.at(-1)!.text + (packed.posts.length === 1 ? linkSuffix : '');
      return `${last}\n\n${hashtagLine(tagList)}`;
    };
    let tagsInLast = tagList.length > 0 && fits(lastText());
    if (tagList.length > 0 && !tagsInLast) {
      while (tagList.length > 0 && !fits(hashtagLine(tagList))) {
        warnings.unshift(
          `${options.label} : mot-clic #${tagList.pop()} retiré, la dernière publication serait trop longue.`,
        );
      }
      tagsInLast = false;
    }
    const tags = hashtagLine(tagList);
    const count = packed.posts.length + (tags && !tagsInLast ? 1 : 0);
    const needed = options.numbering === 'off' ? digits : digitCount(count);
    if (needed <= digits || pass >= MAX_NUMBERING_PASSES) {
      return { packed, linkSuffix, tags, tagsInLast, count, warnings };
    }
    digits = needed;
  }
}

function finish(
  laid: Layout,
  blocks: readonly Block[],
  keptBlocks: readonly boolean[],
  options: ThreadOptions,
): ComposedThread {
  const { packed } = laid;
  const warnings = [...new Set(packed.cutWords)].map((word) => cutWordWarning(options.label, word));
  warnings.push(...laid.warnings);

  const texts = packed.posts.map((post) => post.text);
  texts[0] = (texts[0] ?? '') + laid.linkSuffix;
  if (laid.tags) {
    if (laid.tagsInLast) texts[texts.length - 1] += `\n\n${laid.tags}`;
    else texts.push(laid.tags);
  }
  // Past every block that could be left out, the end is cut: still listed, still for a person to decide.
  const keptTexts = texts.slice(0, options.maxPosts);
  const contentKept = Math.min(packed.posts.length, options.maxPosts);

  const placedUnits = packed.blocks.map(() => 0);
  for (const post of packed.posts.slice(0, contentKept)) for (const p of post.placements) placedUnits[p.block]!++;
  const packedStatus = placedUnits.map((placed, i) =>
    placed === 0 ? 'dropped' : placed < packed.unitCounts[i]! ? 'partial' : 'kept',
  );
  const packedIndex = new Map(packed.blocks.map((b, i) => [b, i]));
  const status = blocks.map((b, i) => {
    if (!keptBlocks[i]) return 'dropped' as const;
    const at = packedIndex.get(b);
    return at === undefined ? ('dropped' as const) : packedStatus[at]!;
  });
  if (status.some((s) => s !== 'kept')) {
    const reason = `le fil est limité à ${options.maxPosts} publications`;
    warnings.push(...droppedContentWarnings(options.label, [...blocks], status, reason));
  }
  const omitted = omittedBlocks(blocks, status, 'max-thread-posts');

  const sectionStarts = new Map<number, number>();
  packed.posts.slice(0, contentKept).forEach((post, postIndex) => {
    for (const p of post.placements) {
      const sectionIndex = packed.blocks[p.block]?.sectionIndex;
      if (sectionIndex !== null && sectionIndex !== undefined && !sectionStarts.has(sectionIndex)) {
        sectionStarts.set(sectionIndex, postIndex);
      }
    }
  });

  const posts = keptTexts.map((text, i) => text + numberingSuffix(options.numbering, i + 1, keptTexts.length));
  posts.forEach((post, i) => {
    if (!options.measure(post).valid) {
      warnings.push(`${options.label} : la publication ${i + 1} dépasse la limite du réseau et sera refusée.`);
    }
  });
  return { posts, sectionStarts, warnings, omitted };
}
