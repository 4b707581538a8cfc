import type { List, ListItem, Nodes, Paragraph, PhrasingContent, RootContent } from 'mdast';
import { UpdateFileError } from '../errors.js';
import { labelHeading, labelSectionLevel } from './colon-lines.js';
import type { Bullet, Section, Span } from './types.js';

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

/**
 * The update's body (mdast, after the metadata) as flat sections in document order. A line ending
 * with « : » outside a list is read as colon-lines.ts says; `reference` is the update's date.
 */
export function readSections(nodes: RootContent[], path: string, reference: string): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  const open = (line: number): Section => {
    if (!current) {
      current = { level: 1, heading: '', line, paragraphs: [], bullets: [] };
      sections.push(current);
    }
    return current;
  };
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!;
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
        if (text === '') break;
        const next = nodes[index + 1];
        if (node.type === 'paragraph' && oneLine(node)) {
          const heading = labelHeading(text);
          const level =
            heading === undefined
              ? undefined
              : labelSectionLevel(
                  current && { level: current.level, heading: current.heading, hasContent: hasContent(current) },
                  heading,
                  reference,
                );
          if (heading !== undefined && level !== undefined) {
            current = { level, heading, line, paragraphs: [], bullets: [] };
            sections.push(current);
            break;
          }
        }
        // A sentence ending with « : » after bullets introduces the list that follows: it keeps it
        // under it, so that it is not read before the section's earlier bullets.
        if (node.type === 'paragraph' && /[:：]$/u.test(text) && next?.type === 'list' && current?.bullets.length) {
          current.bullets.push(leadIn(node, next, path));
          index++;
          break;
        }
        const spans = node.type === 'paragraph' ? mergeSpans(readSpans(node.children, 'text')) : undefined;
        addParagraph(open(line), text, line, spans);
      }
    }
  }
  return sections;
}

/** A paragraph at the end of `section`: after its bullets, if it has any (`paragraphPlaces`). */
function addParagraph(section: Section, text: string, line: number, spans: Span[] | undefined): void {
  const place = section.bullets.length;
  if (place > 0 || section.paragraphPlaces !== undefined) {
    section.paragraphPlaces ??= section.paragraphs.map(() => 0);
    section.paragraphPlaces.push(place);
  }
  // Lines are kept only while every paragraph of the section has one (a Word paragraph has none).
  const lines = section.paragraphLines ?? (section.paragraphs.length === 0 ? [] : undefined);
  const bold = spans?.some((span) => span.kind === 'strong' && /\d/u.test(span.text)) ?? false;
  if (bold || section.paragraphSpans !== undefined) {
    const plain = (paragraph: string): Span[] => [{ kind: 'text', text: paragraph }];
    section.paragraphSpans = [
      ...(section.paragraphSpans ?? section.paragraphs.map(plain)),
      bold ? spans! : plain(text),
    ];
  }
  section.paragraphs.push(text);
  if (lines !== undefined && line > 0) section.paragraphLines = [...lines, line];
  else delete section.paragraphLines;
}

function hasContent(section: Section): boolean {
  return section.bullets.length > 0 || section.paragraphs.length > 0;
}

/** A paragraph written on one line (a Word paragraph has no position and counts as one line). */
function oneLine(node: Paragraph): boolean {
  const { start, end } = node.position ?? {};
  return start === undefined || end === undefined || start.line === end.line;
}

/** A paragraph ending with « : » and the list after it, as one bullet with the list's items under it. */
function leadIn(paragraph: Paragraph, list: List, path: string): Bullet {
  const spans = mergeSpans(readSpans(paragraph.children, 'text'));
  return {
    text: collapse(spans.map((span) => span.text).join('')),
    spans,
    line: paragraph.position?.start.line ?? 0,
    children: readList(list, 2, path),
  };
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

export function listTooDeep(path: string, line: number | undefined): UpdateFileError {
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
export function plainText(nodes: Nodes[], keepUrls = false): string {
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
