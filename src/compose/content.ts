import { frenchLongDate } from '../update/french-dates.js';
import { sectionFlow } from '../update/section-flow.js';
import type { Bullet, Section, Update } from '../update/types.js';
import { normalizeTypography, type TypographyOptions, type TypographyStyle } from './typography.js';

/** One line of a post before it is placed: the header, a heading, a paragraph or a bullet. */
export interface Block {
  kind: 'title' | 'subtitle' | 'heading' | 'paragraph' | 'bullet';
  /** Text without its marker, typography applied, on one line. */
  text: string;
  /** Put before the first line of the block (`• `, indented `◦ ` for sub-bullets). */
  marker: string;
  /** Nesting of a bullet: 0 for a top-level bullet and for every other kind of block. */
  depth: number;
  /** What separates the block from the one before it in the same post. */
  gap: '\n' | '\n\n';
  /** A heading (or a bullet with sub-bullets) must not end a post: it goes with the start of what follows. */
  keepWithNext: boolean;
  /** Index in `Update.sections`, or null for the header. */
  sectionIndex: number | null;
  /** The text as written, for the team's warnings. */
  source: string;
  /** Heading of the block's section as written, empty for the header. */
  section: string;
  /** A bullet (or paragraph) a key figure was read from: kept before any ordinary bullet when a thread is too long. */
  figure: boolean;
}

/**
 * Blocks that read best together: the header with the lead section, or a section (with any
 * heading-only sections before it).
 */
export interface BlockGroup {
  blocks: Block[];
}

export interface PostContent {
  groups: BlockGroup[];
  /** The closing post's lines: link and hashtags, typography left alone. */
  link?: string;
  hashtags: string[];
}

export const BULLET_MARKERS = ['• ', '  ◦ ', '    – '] as const;

/** The update as blocks for one network's typography. Every bullet and sub-bullet becomes a block. */
export function buildContent(
  update: Update,
  extraHashtags: string[],
  style: TypographyStyle,
  typography?: TypographyOptions,
): PostContent {
  const typo = (text: string) => normalizeTypography(collapseSpaces(withoutRefusedChars(text)), style, typography);
  const figureLines = new Set(update.figures.filter((f) => f.source === 'bullets').map((f) => f.line));
  const header: Block[] = [];
  const titleLine = `${update.title.trim()} – ${frenchLongDate(update.date)}`;
  const subtitle = update.subtitle?.trim();
  header.push(block('title', typo(titleLine), '', '\n', Boolean(subtitle), null, titleLine));
  if (subtitle) header.push(block('subtitle', typo(subtitle), '', '\n', false, null, subtitle));

  const groups: BlockGroup[] = [{ blocks: header }];
  let pending: Block[] = [];
  let previousWasHeading = false;
  update.sections.forEach((section, sectionIndex) => {
    const blocks: Block[] = [];
    const heading = section.heading.trim();
    if (heading) {
      blocks.push({
        ...block('heading', typo(heading), '', previousWasHeading ? '\n' : '\n\n', true, sectionIndex, heading),
        section: heading,
      });
    }
    const body = sectionBody(section, sectionIndex, typo, figureLines);
    if (body[0] && !heading) body[0].gap = '\n\n';
    blocks.push(...body);
    previousWasHeading = body.length === 0 && heading.length > 0;
    pending.push(...blocks);
    if (body.length > 0) {
      // The opening level-1 section is the lead: it flows right after the title, as much as fits.
      const isLead = groups.length === 1 && pending[0]?.sectionIndex === 0 && section.level === 1;
      if (isLead) header.push(...pending);
      else groups.push({ blocks: pending });
      pending = [];
    }
  });
  if (pending.length > 0) {
    // Headings with nothing under them at the very end: nothing follows to keep them with.
    for (const b of pending) b.keepWithNext = false;
    groups.push({ blocks: pending });
  }

  return {
    groups,
    ...(update.link ? { link: withoutRefusedChars(update.link).trim() } : {}),
    hashtags: mergeHashtags(update.hashtags, extraHashtags),
  };
}

function sectionBody(
  section: Section,
  sectionIndex: number,
  typo: (text: string) => string,
  figureLines: ReadonlySet<number | undefined>,
): Block[] {
  const blocks: Block[] = [];
  const heading = section.heading.trim();
  const visit = (bullets: Bullet[], depth: number) => {
    for (const bullet of bullets) {
      const text = bulletText(bullet);
      if (text) {
        const marker = bulletMarker(bullet, depth);
        // A bullet that introduces sub-bullets goes with the first of them, like a heading.
        const introduces = bullet.children.some((child) => bulletText(child).length > 0);
        blocks.push({
          ...block('bullet', typo(text), marker, '\n', introduces, sectionIndex, text),
          depth,
          section: heading,
          figure: figureLines.has(bullet.line),
        });
      }
      visit(bullet.children, depth + 1);
    }
  };
  for (const part of sectionFlow(section)) {
    if (part.kind === 'bullets') {
      visit(part.bullets, 0);
      continue;
    }
    const text = part.text.trim();
    if (text) {
      blocks.push({
        ...block('paragraph', typo(text), '', '\n', false, sectionIndex, text),
        section: heading,
        figure: part.line !== undefined && figureLines.has(part.line),
      });
    }
  }
  return blocks;
}

/** `• `, `  ◦ `, `    – ` by depth; an item of a numbered list keeps its number (`1. `, `  2. `). */
function bulletMarker(bullet: Bullet, depth: number): string {
  const level = Math.min(depth, BULLET_MARKERS.length - 1);
  if (bullet.ordinal !== undefined) return `${'  '.repeat(level)}${bullet.ordinal}. `;
  return BULLET_MARKERS[level] ?? '';
}

/** A bullet's words; a link keeps its address next to its label so no destination is lost. */
export function bulletText(bullet: Bullet): string {
  if (!bullet.spans.some((span) => span.kind === 'link')) return collapseSpaces(bullet.text);
  const text = bullet.spans
    .map((span) => {
      if (span.kind !== 'link') return span.text;
      const label = span.text.trim();
      return label && label !== span.url ? `${span.text} (${span.url})` : span.url;
    })
    .join('');
  return collapseSpaces(text);
}

/** Update hashtags first, then the configured ones; without `#`, duplicates (any case) removed. */
export function mergeHashtags(...lists: string[][]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of lists.flat()) {
    const clean = withoutRefusedChars(tag).trim().replace(/^#+/u, '');
    const key = clean.normalize('NFC').toLocaleLowerCase('fr');
    if (!clean || seen.has(key)) continue;
    seen.add(key);
    out.push(clean.normalize('NFC'));
  }
  return out;
}

/** The hashtags not already written in the text as `#tag` (any case): the text's own are not repeated. */
export function hashtagsNotIn(text: string, hashtags: readonly string[]): string[] {
  const written = new Set([...text.matchAll(/(?<![\p{L}\p{N}_])#([\p{L}\p{M}\p{N}_]+)/gu)].map((m) => key(m[1]!)));
  return hashtags.filter((tag) => !written.has(key(tag)));
}

function key(tag: string): string {
  return tag.normalize('NFC').toLocaleLowerCase('fr');
}

/** A byte-order mark and the non-characters U+FFFE, U+FFFF: X refuses a post holding any of them. */
const REFUSED_CHARS = /[\uFEFF\uFFFE\uFFFF]/gu;

export function withoutRefusedChars(text: string): string {
  return text.replace(REFUSED_CHARS, '');
}

export function collapseSpaces(text: string): string {
  return text.replace(/[ \t\r\n]+/gu, ' ').trim();
}

function block(
  kind: Block['kind'],
  text: string,
  marker: string,
  gap: Block['gap'],
  keepWithNext: boolean,
  sectionIndex: number | null,
  source: string,
): Block {
  return { kind, text, marker, depth: 0, gap, keepWithNext, sectionIndex, source, section: '', figure: false };
}

/** A block as it reads on its own line. */
export function renderBlock(b: Block): string {
  return b.marker + b.text;
}

/** Blocks as consecutive lines of one post. */
export function renderBlocks(blocks: Block[]): string {
  return blocks.map((b, i) => (i === 0 ? '' : b.gap) + renderBlock(b)).join('');
}
