import { stringify } from 'yaml';
import { pickKeyFigures } from '../cards/plan.js';
import type { CardSpec } from '../cards/types.js';
import { NETWORK_FACTS } from '../networks/index.js';
import { sectionFlow } from '../update/section-flow.js';
import type { Bullet, Figure, Section, Span, Update } from '../update/types.js';
import { collapseSpaces } from './content.js';
import { measureSite } from './measure.js';
import type { ComposedDraft } from './types.js';
import { normalizeTypography } from './typography.js';

const numberFormat = new Intl.NumberFormat('fr-CA');

/**
 * The website's draft: one post holding the whole update in the update-file format (front matter
 * with the date, title, subtitle, link and key figures, then every section and bullet in Markdown),
 * so the team reviews what they wrote and the site adapter reads it back with the update parser.
 * It carries every card: the key figures and the highlights.
 */
export function composeSiteDraft(update: Update, cards: CardSpec[]): ComposedDraft {
  const text = siteText(update);
  const warnings: string[] = [];
  if (!measureSite(text).valid) {
    warnings.push(
      `Site Web : la page dépasse la limite de ${numberFormat.format(NETWORK_FACTS.site.limits.maxChars)} caractères et sera refusée.`,
    );
  }
  return { network: 'site', posts: [{ text, cards: [...cards] }], warnings, format: 'full', omitted: [] };
}

/** The update as an update file (front matter + Markdown), French typography applied. */
export function siteText(update: Update): string {
  const typo = (text: string) => normalizeTypography(collapseSpaces(text), 'narrow');
  const head: Record<string, unknown> = { date: update.date, title: typo(update.title) };
  if (update.subtitle?.trim()) head.subtitle = typo(update.subtitle);
  if (update.link?.trim()) head.link = update.link.trim();
  const figures = pickKeyFigures(update.figures);
  if (figures.length > 0) head.figures = figures.map((figure) => figureEntry(figure, typo));
  const front = stringify(head, { lineWidth: 0 }).trimEnd();
  const body = update.sections.flatMap((section) => sectionLines(section, typo));
  return `---\n${front}\n---\n\n${joinBlocks(body)}\n`;
}

function figureEntry(figure: Figure, typo: (text: string) => string): Record<string, string> {
  const entry: Record<string, string> = { value: typo(figure.value), label: typo(figure.label) };
  if (figure.total) entry.total = typo(figure.total.value);
  if (figure.refersTo) entry.refersTo = typo(figure.refersTo);
  if (figure.place) entry.place = typo(figure.place);
  return entry;
}

/** A section as Markdown blocks: its heading, then its paragraphs and lists in the order written. */
function sectionLines(section: Section, typo: (text: string) => string): string[] {
  const blocks: string[] = [];
  const heading = section.heading.trim();
  if (heading) blocks.push(`${'#'.repeat(section.level)} ${escapeHeading(escapeInline(typo(heading)))}`);
  for (const part of sectionFlow(section)) {
    if (part.kind === 'paragraph') {
      const text = part.text.trim();
      if (text) blocks.push(escapeLineStart(escapeInline(typo(text))));
      continue;
    }
    const items: string[] = [];
    // Sub-items are indented to their parent's text: 2 columns under `- `, 3 under `1. `.
    const visit = (bullets: Bullet[], indent: number) => {
      for (const bullet of bullets) {
        const text = spansMarkdown(bullet.spans, typo);
        const marker = bullet.ordinal === undefined ? '- ' : `${bullet.ordinal}. `;
        if (text) items.push(`${' '.repeat(indent)}${marker}${escapeLineStart(text)}`);
        visit(bullet.children, text ? indent + marker.length : indent);
      }
    };
    visit(part.bullets, 0);
    if (items.length > 0) blocks.push(items.join('\n'));
  }
  return blocks;
}

/**
 * Bold, italics and links kept as Markdown. Typography runs on each run's own text before it is
 * escaped, so the parser gives back exactly the typeset words; spaces move outside the marks.
 */
function spansMarkdown(spans: Span[], typo: (text: string) => string): string {
  const out = spans.map((span) => {
    if (span.kind === 'link') {
      const label = escapeInline(typo(span.text)) || escapeInline(span.url);
      return `[${label}](<${span.url.replace(/[\\<>&]/g, (char) => `\\${char}`)}>)`;
    }
    const [, before = '', inner = '', after = ''] = /^(\s*)(.*?)(\s*)$/su.exec(span.text) ?? [];
    if (!inner) return span.text ? ' ' : '';
    const text = escapeInline(typo(inner));
    const mark = span.kind === 'strong' ? '**' : span.kind === 'emphasis' ? '*' : '';
    return `${before ? ' ' : ''}${mark}${text}${mark}${after ? ' ' : ''}`;
  });
  return out.join('').replace(/ {2,}/gu, ' ').trim();
}

/** Characters that would start Markdown syntax inside a line. */
function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[\]]/g, (char) => `\\${char}`)
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?\w+;)/g, '\\&');
}

/** A line must not read as a heading, quote, list item or rule. */
function escapeLineStart(text: string): string {
  return text.replace(/^([#>+=-]|\d+[.)])/u, (match) =>
    /^\d/u.test(match) ? match.replace(/([.)])$/u, '\\$1') : `\\${match}`,
  );
}

/** Trailing `#` would be read as the heading's closing sequence. */
function escapeHeading(text: string): string {
  return text.replace(/#+$/u, (hashes) => hashes.replace(/#/g, '\\#'));
}

function joinBlocks(blocks: string[]): string {
  return blocks.join('\n\n');
}
