import { createHash } from 'node:crypto';
import type { List, ListItem, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';
import { UpdateFileError } from '../errors.js';
import { extractFigures, figureDateWarnings } from './figures.js';
import { type FrontMatter, parseFrontMatter } from './front-matter.js';
import { readUpdateText } from './read-file.js';
import type { Bullet, Section, Span, Update } from './types.js';

/**
 * Lists nested deeper are refused: no update needs them, and reading the tree recurses per level.
 */
export const MAX_LIST_DEPTH = 20;

/**
 * Widest indentation (spaces, tabs, `>` and list markers before a line's text) accepted, in
 * columns: room for MAX_LIST_DEPTH levels of `10. ` items. The Markdown parser's time grows
 * with the square of the nesting, so deeper text is refused before parsing: a 1 MB file nested
 * a thousand levels would otherwise take tens of seconds.
 */
export const MAX_INDENT_COLUMNS = 4 * MAX_LIST_DEPTH;

const LINE_PREFIX = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*/;

/** 1-based line of the first line whose text starts past MAX_INDENT_COLUMNS, if any. */
function tooDeepLine(source: string): number | undefined {
  let line = 0;
  for (const text of source.split('\n')) {
    line++;
    if (text.length <= MAX_INDENT_COLUMNS) continue;
    const prefix = LINE_PREFIX.exec(text)?.[0] ?? '';
    // A line that is all markers (`- - - -`) is a rule, not nesting.
    if (prefix.length === text.length || text.slice(prefix.length).trim() === '') continue;
    const columns = prefix.length + (prefix.match(/\t/g)?.length ?? 0) * 3;
    if (columns > MAX_INDENT_COLUMNS) return line;
  }
  return undefined;
}

/** A table's delimiter row cell: `---`, `:--`, `--:`, `:-:`. */
const DELIMITER_CELL = /^:?-+:?$/;

/**
 * 1-based line of the header row of the first table (GFM `| a | b |` over `| --- | --- |`), if
 * any. Tables are not part of the update format: without this check a table reaches every
 * network as one line of pipes and dashes.
 */
function tableLine(source: string): number | undefined {
  const lines = source.split('\n');
  let fence: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i - 1]!;
    const opening = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (opening && (fence === undefined || opening.startsWith(fence)))
      fence = fence === undefined ? opening : undefined;
    if (fence !== undefined) continue;
    const row = lines[i]!.trim();
    if (!row.includes('|') || !line.includes('|')) continue;
    const cells = row.replace(/^\|/, '').replace(/\|$/, '').split('|');
    if (cells.every((cell) => DELIMITER_CELL.test(cell.trim()))) return i;
  }
  return undefined;
}

/** Reads, parses and validates an update file. Throws UpdateFileError naming the file and line. */
export function parseUpdateFile(path: string): Update {
  return parseUpdateText(readUpdateText(path), path);
}

/** Parses update text (Markdown with YAML front matter). Throws UpdateFileError only. */
export function parseUpdateText(text: string, path: string): Update {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (source.trim() === '') throw new UpdateFileError(path, undefined, 'the file is empty', 'le fichier est vide');
  checkMarkdownSource(source, path);
  let tree: Root;
  try {
    tree = fromMarkdown(source, {
      extensions: [frontmatter(['yaml'])],
      mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
    });
  } catch (error) {
    throw new UpdateFileError(
      path,
      undefined,
      `unreadable Markdown: ${(error as Error).message}`,
      `Markdown illisible : ${(error as Error).message}`,
    );
  }
  const [head, ...body] = tree.children;
  if (head?.type !== 'yaml') {
    throw new UpdateFileError(
      path,
      1,
      'the file must start with a front matter block between two "---" lines (date, title, …)',
      'le fichier doit commencer par un en-tête entre deux lignes « --- » (date, title, …)',
    );
  }
  const meta = parseFrontMatter(head.value, (head.position?.start.line ?? 1) + 1, path);
  return buildUpdate(body, meta, {
    path,
    sha256: createHash('sha256').update(text).digest('hex'),
    contentLine: (head.position?.end.line ?? 1) + 1,
  });
}

/** Checks Markdown source before parsing: nesting depth and tables. Throws UpdateFileError. */
export function checkMarkdownSource(source: string, path: string): void {
  const deepLine = tooDeepLine(source);
  if (deepLine !== undefined) throw listTooDeep(path, deepLine);
  const table = tableLine(source);
  if (table !== undefined) throw tableRefused(path, table);
}

export function tableRefused(path: string, line: number | undefined, where = { en: '', fr: '' }): UpdateFileError {
  return new UpdateFileError(
    path,
    line,
    `tables are not supported${where.en}: rewrite each row of the table as a bullet (- …)`,
    `les tableaux ne sont pas pris en charge${where.fr} : réécrivez chaque ligne du tableau sous forme de puce (- …)`,
  );
}

/**
 * The one stage every format goes through: Markdown, plain text and Word documents all reach it as
 * an mdast body (the content after the metadata) and the metadata, and leave it as the same Update.
 */
export function buildUpdate(
  body: RootContent[],
  meta: FrontMatter,
  source: { path: string; sha256: string; contentLine?: number },
): Update {
  const { path } = source;
  const sections = readSections(body, path);
  const hasContent = sections.some((section) => section.bullets.length > 0 || section.paragraphs.length > 0);
  if (!hasContent) {
    throw new UpdateFileError(
      path,
      source.contentLine,
      'no content after the title: add headings with bullets (- …)',
      'aucun contenu après le titre : ajoutez des titres et des puces (- …)',
    );
  }
  const update: Update = {
    date: meta.date,
    title: meta.title,
    hashtags: meta.hashtags,
    figures: [],
    sections,
    source: { path, sha256: source.sha256 },
  };
  if (meta.subtitle !== undefined) update.subtitle = meta.subtitle;
  if (meta.summary !== undefined) update.summary = meta.summary;
  if (meta.link !== undefined) update.link = meta.link;
  if (meta.formats !== undefined) update.formats = meta.formats;
  if (meta.publishAt !== undefined) update.publishAt = meta.publishAt;
  update.figures = meta.figures ?? extractFigures(update);
  const warnings = figureDateWarnings(update);
  if (warnings.length > 0) update.warnings = warnings;
  return update;
}

function readSections(nodes: RootContent[], path: string): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  const open = (line: number): Section => {
    if (!current) {
      current = { level: 1, heading: '', line, paragraphs: [], bullets: [] };
      sections.push(current);
    }
    return current;
  };
  for (const node of nodes) {
    const line = node.position?.start.line ?? 0;
    switch (node.type) {
      case 'heading': {
        const level = Math.min(Math.max(node.depth, 1), 3) as 1 | 2 | 3;
        current = { level, heading: plainText(node.children), line, paragraphs: [], bullets: [] };
        sections.push(current);
        break;
      }
      case 'list':
        open(line).bullets.push(...readList(node, 1, path));
        break;
      case 'thematicBreak':
      case 'definition':
      case 'yaml':
        break;
      default: {
        const text = collapse(plainText([node as Nodes], true));
        if (text !== '') open(line).paragraphs.push(text);
      }
    }
  }
  return sections;
}

function readList(list: List, depth: number, path: string): Bullet[] {
  if (depth > MAX_LIST_DEPTH) throw listTooDeep(path, list.position?.start.line);
  const bullets = list.children.map((item) => readItem(item, depth, path));
  if (list.ordered) {
    bullets.forEach((bullet, index) => {
      bullet.ordinal = (list.start ?? 1) + index;
    });
  }
  return bullets;
}

function listTooDeep(path: string, line: number | undefined): UpdateFileError {
  return new UpdateFileError(
    path,
    line,
    `lists or indentation nested too deep (more than ${MAX_LIST_DEPTH} levels or ${MAX_INDENT_COLUMNS} columns)`,
    `listes ou retraits imbriqués trop profondément (plus de ${MAX_LIST_DEPTH} niveaux ou ${MAX_INDENT_COLUMNS} colonnes) : retirez des niveaux`,
  );
}

function readItem(item: ListItem, depth: number, path: string): Bullet {
  const spans: Span[] = [];
  const children: Bullet[] = [];
  for (const child of item.children) {
    if (child.type === 'list') {
      children.push(...readList(child, depth + 1, path));
    } else if (child.type === 'paragraph' || child.type === 'heading') {
      if (spans.length > 0) spans.push({ kind: 'text', text: ' ' });
      spans.push(...readSpans(child.children, 'text'));
    } else {
      const text = collapse(plainText([child as Nodes], true));
      if (text !== '') {
        if (spans.length > 0) spans.push({ kind: 'text', text: ' ' });
        spans.push({ kind: 'text', text });
      }
    }
  }
  const merged = mergeSpans(spans);
  return {
    text: collapse(merged.map((span) => span.text).join('')),
    spans: merged,
    line: item.position?.start.line ?? 0,
    children,
  };
}

function readSpans(nodes: PhrasingContent[], kind: 'text' | 'strong' | 'emphasis'): Span[] {
  const spans: Span[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'inlineCode':
      case 'html':
        spans.push({ kind, text: node.value });
        break;
      case 'break':
        spans.push({ kind, text: ' ' });
        break;
      case 'strong':
        spans.push(...readSpans(node.children, kind === 'text' ? 'strong' : kind));
        break;
      case 'emphasis':
        spans.push(...readSpans(node.children, kind === 'text' ? 'emphasis' : kind));
        break;
      case 'delete':
        spans.push(...readSpans(node.children, kind));
        break;
      case 'link':
        spans.push({ kind: 'link', text: plainText(node.children) || node.url, url: node.url });
        break;
      case 'image':
        if (node.alt) spans.push({ kind, text: node.alt });
        break;
      default:
        spans.push({ kind, text: plainText([node as Nodes]) });
    }
  }
  return spans;
}

function mergeSpans(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && last.kind === span.kind && span.kind !== 'link') last.text += span.text;
    else merged.push({ ...span });
  }
  return merged.filter((span) => span.text !== '');
}

/**
 * Text of Markdown nodes with marks removed. With `keepUrls`, a link keeps its address after its
 * label (`site (https://…)`), so a paragraph never loses where it points.
 */
function plainText(nodes: Nodes[], keepUrls = false): string {
  let text = '';
  for (const node of nodes) {
    if (keepUrls && node.type === 'link') {
      const label = plainText(node.children as Nodes[]).trim();
      text += label === '' || label === node.url ? node.url : `${label} (${node.url})`;
    } else if ('value' in node && typeof node.value === 'string' && node.type !== 'yaml') text += node.value;
    else if (node.type === 'image') text += node.alt ?? '';
    else if (node.type === 'break') text += ' ';
    else if ('children' in node) {
      const inner = plainText(node.children as Nodes[], keepUrls);
      text += node.type === 'paragraph' || node.type === 'listItem' ? `${inner} ` : inner;
    }
  }
  return text;
}

function collapse(text: string): string {
  return text.replace(/[ \t\n]+/g, ' ').trim();
}
