import type { CardSpec } from '../cards/types.js';
import { frenchLongDate } from '../update/french-dates.js';
import type { Figure, Update } from '../update/types.js';
import { hashtagLine } from './closing-post.js';
import { type Block, collapseSpaces, hashtagsNotIn, type PostContent } from './content.js';
import { isCorrection, leadOf } from './lead.js';
import type { Measure } from './measure.js';
import { digitCount, type NumberingStyle, numberingSuffix, widestNumberingSuffix } from './numbering.js';
import { type Omitted, omittedBlocks } from './omitted.js';
import type { ComposedDraft, ComposedPost } from './types.js';
import { normalizeTypography, type TypographyStyle } from './typography.js';

export interface DigestOptions {
  network: 'x' | 'bluesky' | 'linkedin' | 'facebook';
  /** Network name as the team reads it in warnings. */
  label: string;
  measure: (text: string) => Measure;
  numbering: NumberingStyle;
  /** Longest digest on X and Bluesky (`maxDigestPosts`). */
  maxPosts: number;
  /** Where the full text is read: the site page when the website channel is on, else the update's `link`. */
  link?: string;
  style: TypographyStyle;
}

/** Key figures written out in post 1 on X and Bluesky: three when they fit, never fewer than two if avoidable. */
const THREAD_DIGEST_FIGURES = 3;
const MIN_FIGURES = 2;
/** A lead paragraph longer than this is cut after its first sentence, even where it would fit. */
const WHOLE_LEAD_MAX = 240;
/** A lead shortened to fit is never cut shorter than this many characters. */
const MIN_LEAD_CHARS = 40;

/** The link line on LinkedIn and Facebook. */
export function fullTextLine(link: string): string {
  return `Lire la mise à jour complète\u00A0: ${link}`;
}

/** The link line on X and Bluesky, where room is short. */
function shortLinkLine(link: string): string {
  return `Pour en savoir plus\u00A0: ${link}`;
}

/**
 * The update as a communications team posts it each morning. On X and Bluesky, post 1 holds the
 * title and date, any correction, the lead, the first key figures written out, the link and the
 * key-figures card; each following post (up to `maxPosts`) a highlights card and its first line.
 * On LinkedIn and Facebook, one post: lead, figures as short lines, the link, the hashtags, the card.
 * Everything else is listed in `omitted` as on the site only.
 */
export function composeDigest(
  update: Update,
  content: PostContent,
  cards: CardSpec[],
  options: DigestOptions,
): ComposedDraft {
  const typo = (text: string) => normalizeTypography(collapseSpaces(text), options.style);
  const blocks = content.groups.flatMap((group) => group.blocks);
  const keyFigures = cards.find((card) => card.template === 'key-figures');
  const figures = keyFigures?.template === 'key-figures' ? keyFigures.figures : [];
  const lead = leadOf(
    blocks,
    update.summary ? typo(update.summary) : undefined,
    update.figures.map((figure) => figure.value),
  );
  const corrections = correctionLines(blocks, typo);
  const warnings: string[] = [];
  if (!options.link) {
    warnings.push(
      `${options.label} : aucun lien vers la mise à jour complète (ni site Web ni « link » dans l’en-tête).`,
    );
  }
  if (!lead)
    warnings.push(`${options.label} : aucune phrase d’introduction trouvée ; ajoutez « summary » à l’en-tête.`);

  const parts: DigestParts = {
    title: blocks.find((b) => b.kind === 'title')?.text ?? typo(`${update.title} – ${frenchLongDate(update.date)}`),
    ...(update.subtitle?.trim() ? { subtitle: typo(update.subtitle) } : {}),
    corrections,
    lead: lead?.text ?? '',
    figures: figures.map((figure) => typo(figureLine(figure))),
    ...(options.link ? { link: options.link } : {}),
    hashtags: [],
  };
  const single = options.network === 'linkedin' || options.network === 'facebook';
  const posts: ComposedPost[] = [];
  const shown = new Set<number>();
  blocks.forEach((b, i) => {
    if (isCorrection(b)) shown.add(i);
  });

  // A short paragraph is posted whole rather than cut after its first sentence, where it fits as
  // is (on X and Bluesky, beside every figure, the subtitle and the hashtags).
  const whole = lead?.whole !== undefined && lead.whole.length <= WHOLE_LEAD_MAX ? lead.whole : undefined;
  const leadShown = (text: string) => lead?.block !== undefined && text === lead.block.text;

  if (single) {
    if (whole !== undefined) {
      const withWhole = { ...parts, lead: whole };
      withWhole.hashtags = hashtagsNotIn(assembleSingle(withWhole), content.hashtags);
      if (options.measure(assembleSingle(withWhole)).valid) parts.lead = whole;
    }
    parts.hashtags = hashtagsNotIn(assembleSingle(parts), content.hashtags);
    const text = assembleSingle(parts);
    if (!options.measure(text).valid) {
      warnings.push(`${options.label} : la publication dépasse la limite du réseau et sera refusée.`);
    }
    posts.push({ text, cards: keyFigures ? [keyFigures] : [] });
    if (lead?.block && leadShown(parts.lead)) shown.add(blocks.indexOf(lead.block));
  } else {
    const highlights = cards
      .filter((card) => card.template === 'highlights')
      .slice(0, Math.max(0, options.maxPosts - 1));
    const total = 1 + highlights.length;
    const reserve = total > 1 ? widestNumberingSuffix(options.numbering, digitCount(total)) : '';
    const fits = (text: string) => options.measure(text + reserve).valid;
    parts.figures = parts.figures.slice(0, THREAD_DIGEST_FIGURES);
    if (whole !== undefined) {
      const withWhole = { ...parts, lead: whole };
      withWhole.hashtags = hashtagsNotIn(assembleThreadFirst(withWhole), content.hashtags);
      if (fits(assembleThreadFirst(withWhole))) parts.lead = whole;
    }
    parts.hashtags = hashtagsNotIn(assembleThreadFirst(parts), content.hashtags);
    const fitted = fitFirstPost(parts, fits);
    if (fitted.figures.length < Math.min(MIN_FIGURES, figures.length)) {
      warnings.push(`${options.label} : moins de deux chiffres clés tiennent dans la première publication.`);
    }
    if (fitted.lead !== parts.lead) {
      warnings.push(`${options.label} : l’introduction est raccourcie pour tenir dans la première publication.`);
    }
    if (fitted.lead && lead?.block && leadShown(fitted.lead)) shown.add(blocks.indexOf(lead.block));
    posts.push({ text: assembleThreadFirst(fitted), cards: keyFigures ? [keyFigures] : [] });
    for (const card of highlights) {
      if (card.template !== 'highlights') continue;
      posts.push({ text: fitHighlight(typo(card.heading), typo(card.bullets[0] ?? ''), fits), cards: [card] });
      const onCard = new Set(card.bullets.map(collapseSpaces));
      blocks.forEach((b, i) => {
        if (
          b.sectionIndex === card.anchor.sectionIndex &&
          b.kind === 'bullet' &&
          onCard.has(collapseSpaces(b.source))
        ) {
          shown.add(i);
        }
      });
    }
    posts.forEach((post, i) => {
      post.text += numberingSuffix(options.numbering, i + 1, posts.length);
      if (!options.measure(post.text).valid) {
        warnings.push(`${options.label} : la publication ${i + 1} dépasse la limite du réseau et sera refusée.`);
      }
    });
  }

  const status = blocks.map((_, i) => (shown.has(i) ? 'kept' : 'dropped') as 'kept' | 'dropped');
  const omitted: Omitted[] = omittedBlocks(blocks, status, 'on-site-only');
  return { network: options.network, posts, warnings, format: 'digest', omitted };
}

interface DigestParts {
  title: string;
  subtitle?: string;
  corrections: string[];
  lead: string;
  figures: string[];
  link?: string;
  hashtags: string[];
}

/** `22 460 utilisateurs connectés au DSN sur 30 000`; a regional figure keeps its place (`92 % rendez-vous confirmés, Laval`). */
function figureLine(figure: Figure): string {
  const total = figure.total ? ` sur ${figure.total.value}` : '';
  const place = figure.place && !figure.label.includes(figure.place) ? `, ${figure.place}` : '';
  return `${figure.value} ${figure.label}${total}${place}`;
}

/**
 * Correction notices as lines: a bullet or paragraph starting with « Correctif » as written; the
 * items of a « Correctif » section after its heading.
 */
function correctionLines(blocks: readonly Block[], typo: (text: string) => string): string[] {
  const lines: string[] = [];
  const bySection = new Map<number, { heading: string; items: string[] }>();
  for (const b of blocks) {
    if (!isCorrection(b)) continue;
    if (b.kind === 'heading') {
      if (b.sectionIndex !== null) bySection.set(b.sectionIndex, { heading: b.text, items: [] });
      continue;
    }
    const section = b.sectionIndex === null ? undefined : bySection.get(b.sectionIndex);
    if (section && !/^\s*correctif\b/iu.test(b.text)) section.items.push(b.text);
    else lines.push(b.text);
  }
  for (const { heading, items } of bySection.values()) {
    if (items.length === 0) continue;
    lines.unshift(typo(`${heading.replace(/\s*:\s*$/u, '')} : ${items.join(' ')}`));
  }
  return lines;
}

function assembleThreadFirst(parts: DigestParts): string {
  const head = [parts.title, parts.subtitle].filter(Boolean).join('\n');
  const figures = parts.figures.map((line) => `• ${line}`).join('\n');
  const closing = [parts.link ? shortLinkLine(parts.link) : '', hashtagLine(parts.hashtags)].filter(Boolean).join('\n');
  return [head, ...parts.corrections, parts.lead, figures, closing].filter(Boolean).join('\n\n');
}

function assembleSingle(parts: DigestParts): string {
  const head = [parts.title, parts.subtitle].filter(Boolean).join('\n');
  const figures = parts.figures.map((line) => `• ${line}`).join('\n');
  return [
    head,
    ...parts.corrections,
    parts.lead,
    figures,
    parts.link ? fullTextLine(parts.link) : '',
    hashtagLine(parts.hashtags),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * Post 1 made to fit, giving up first what matters least: hashtags (last first), the subtitle, the
 * third figure, words at the end of the lead (down to a floor), then the remaining figures, then
 * the lead. The title, any correction and the link are never given up.
 */
function fitFirstPost(parts: DigestParts, fits: (text: string) => boolean): DigestParts {
  const p: DigestParts = { ...parts, figures: [...parts.figures], hashtags: [...parts.hashtags] };
  const ok = () => fits(assembleThreadFirst(p));
  const shortenLead = () => {
    const words = parts.lead.split(' ');
    for (let n = words.length - 1; n > 0 && !ok(); n--) {
      const cut = `${words
        .slice(0, n)
        .join(' ')
        .replace(/[\s,;:–—-]+$/u, '')}…`;
      if (cut.length < MIN_LEAD_CHARS) break;
      p.lead = cut;
    }
  };
  while (!ok() && p.hashtags.length > 0) p.hashtags.pop();
  if (!ok()) delete p.subtitle;
  while (!ok() && p.figures.length > MIN_FIGURES) p.figures.pop();
  if (!ok()) shortenLead();
  while (!ok() && p.figures.length > 0) p.figures.pop();
  // A figure given up after the lead was shortened frees room: the lead gets back what now fits.
  if (p.lead !== parts.lead) {
    p.lead = parts.lead;
    if (!ok()) shortenLead();
  }
  if (!ok()) p.lead = '';
  return p;
}

/** A highlights post: the section's heading and the card's first line, shortened at a word if needed. */
function fitHighlight(heading: string, line: string, fits: (text: string) => boolean): string {
  const text = (body: string) => [heading, body].filter(Boolean).join('\n\n');
  if (fits(text(line))) return text(line);
  const words = line.split(' ');
  for (let n = words.length - 1; n > 0; n--) {
    const cut = `${words
      .slice(0, n)
      .join(' ')
      .replace(/[\s,;:–—-]+$/u, '')}…`;
    if (fits(text(cut))) return text(cut);
  }
  return heading;
}
