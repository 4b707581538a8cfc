import { closingText } from './closing-post.js';
import type { PostContent } from './content.js';
import type { Measure } from './measure.js';
import { digitCount, type NumberingStyle, numberingSuffix, widestNumberingSuffix } from './numbering.js';
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
  /** Final texts, numbering included; the last one is the link and hashtags post when there is one. */
  posts: string[];
  /** For each section index, the post (0-based) where the section starts. */
  sectionStarts: Map<number, number>;
  warnings: string[];
}

/** Digits of N tried before giving up on a stable count; each try only widens the reserve. */
const MAX_NUMBERING_PASSES = 4;

/**
 * The update as a thread: content posts in order, then the link and hashtags post, each with its
 * number. The number's width is reserved while packing and packing is redone when the count of
 * posts needs more digits than reserved.
 */
export function composeThread(content: PostContent, options: ThreadOptions): ComposedThread {
  let digits = 1;
  for (let pass = 0; ; pass++) {
    const reserve = widestNumberingSuffix(options.numbering, digits);
    const fits = (text: string) => options.measure(text + reserve).valid;
    const closing = fitClosing(content, fits, options.label);
    const packed = packThread(content.groups, fits);
    const total = Math.min(packed.posts.length + (closing.text ? 1 : 0), options.maxPosts);
    const needed = options.numbering === 'off' ? digits : digitCount(total);
    if (needed <= digits || pass >= MAX_NUMBERING_PASSES) {
      return finish(packed, closing, total, options);
    }
    digits = needed;
  }
}

interface Closing {
  text: string;
  warnings: string[];
}

/** The closing post; hashtags that would not fit are left out, from the last one, with a warning each. */
function fitClosing(content: PostContent, fits: (text: string) => boolean, label: string): Closing {
  const hashtags = [...content.hashtags];
  const warnings: string[] = [];
  let text = closingText(content.link, hashtags);
  while (text && !fits(text) && hashtags.length > 0) {
    const dropped = hashtags.pop()!;
    warnings.unshift(`${label} : mot-clic #${dropped} retiré, la dernière publication serait trop longue.`);
    text = closingText(content.link, hashtags);
  }
  if (text && !fits(text)) {
    warnings.push(`${label} : le lien est trop long pour une publication : ${content.link ?? ''}`);
  }
  return { text, warnings };
}

function finish(packed: PackResult, closing: Closing, total: number, options: ThreadOptions): ComposedThread {
  const contentLimit = Math.max(0, options.maxPosts - (closing.text ? 1 : 0));
  const kept = packed.posts.slice(0, contentLimit);
  const warnings = [...new Set(packed.cutWords)].map((word) => cutWordWarning(options.label, word));
  warnings.push(...closing.warnings);

  if (kept.length < packed.posts.length) {
    const placedUnits = packed.blocks.map(() => 0);
    for (const post of kept) for (const p of post.placements) placedUnits[p.block]!++;
    const status = placedUnits.map((placed, i) =>
      placed === 0 ? 'dropped' : placed < packed.unitCounts[i]! ? 'partial' : 'kept',
    );
    const reason = `le fil est limité à ${options.maxPosts} publications`;
    warnings.push(...droppedContentWarnings(options.label, packed.blocks, status, reason));
  }

  const sectionStarts = new Map<number, number>();
  kept.forEach((post, postIndex) => {
    for (const p of post.placements) {
      const sectionIndex = packed.blocks[p.block]?.sectionIndex;
      if (sectionIndex !== null && sectionIndex !== undefined && !sectionStarts.has(sectionIndex)) {
        sectionStarts.set(sectionIndex, postIndex);
      }
    }
  });

  const texts = kept.map((post) => post.text);
  if (closing.text) texts.push(closing.text);
  const posts = texts.map((text, i) => text + numberingSuffix(options.numbering, i + 1, total));
  posts.forEach((post, i) => {
    if (!options.measure(post).valid) {
      warnings.push(`${options.label} : la publication ${i + 1} dépasse la limite du réseau et sera refusée.`);
    }
  });
  return { posts, sectionStarts, warnings };
}
