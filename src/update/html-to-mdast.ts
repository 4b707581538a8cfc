import type { Element, ElementContent, RootContent as HastContent, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toMdast } from 'hast-util-to-mdast';
import type { Root } from 'mdast';

/** Elements whose content is never text of the update. */
const DROPPED = new Set([
  'img',
  'script',
  'style',
  'template',
  'svg',
  'picture',
  'video',
  'audio',
  'iframe',
  'object',
  'head',
  'title',
  'meta',
  'link',
]);

export interface ConvertedHtml {
  mdast: Root;
  /** Text of the paragraph in the Title style (Word's, or mammoth's `titre-document`), taken out. */
  title?: string;
  subtitle?: string;
  /** Images dropped. */
  images: number;
}

/**
 * HTML (from mammoth, or pasted from Word, Google Docs or a web page) as mdast: the Title and
 * Subtitle paragraphs taken out, Word's pasted list paragraphs (`mso-list`) made into real lists,
 * bold and italic written as styles made into marks, images, footnote marks and notes dropped,
 * anchors that point nowhere kept as their text. Raw HTML never reaches the result.
 */
export function htmlToMdast(html: string): ConvertedHtml {
  const hast = fromHtml(html, { fragment: true });
  const found: { title?: string; subtitle?: string; images: number } = { images: 0 };
  clean(hast, found);
  wordLists(hast);
  const mdast = toMdast(hast) as Root;
  return { mdast, ...found };
}

function classesOf(element: Element): string[] {
  const value = element.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

function styleOf(element: Element): string {
  return String(element.properties.style ?? '')
    .toLowerCase()
    .replace(/\s+/g, '');
}

function clean(parent: HastRoot | Element, found: { title?: string; subtitle?: string; images: number }): void {
  const kept: (HastContent | ElementContent)[] = [];
  for (const child of parent.children) {
    if (child.type === 'comment' || child.type === 'doctype') continue;
    if (child.type !== 'element') {
      kept.push(child);
      continue;
    }
    const classes = classesOf(child);
    const style = styleOf(child);
    const id = String(child.properties.id ?? '');
    const href = String(child.properties.href ?? '');
    const titleKind = classes.some((name) => name === 'titre-document' || name === 'MsoTitle')
      ? 'title'
      : classes.some((name) => name === 'sous-titre-document' || name === 'MsoSubtitle')
        ? 'subtitle'
        : undefined;
    if (titleKind !== undefined) {
      found[titleKind] ??= hastText(child).replace(/\s+/g, ' ').trim();
      continue;
    }
    if (DROPPED.has(child.tagName)) {
      if (child.tagName === 'img') found.images++;
      continue;
    }
    // Word's list bullet (`·`, `o`, `1.`) is a span marked `mso-list:Ignore`: the list is rebuilt from the style.
    if (style.includes('mso-list:ignore')) continue;
    if (/^(?:footnote|endnote|comment)-/.test(id) || /^#(?:footnote|endnote|comment|_ftn|_edn|_msocom)/.test(href))
      continue;
    if (classes.includes('MsoCommentReference') || classes.includes('MsoFootnoteReference')) continue;
    if (child.tagName === 'p' && /mso-list:\S*level\d/.test(style)) {
      const marker = listMarker(child);
      if (marker !== undefined && /^\s*(?:\d+|[a-z]|[ivxlc]+)[.)]/i.test(marker)) child.properties.dataOrdered = 'true';
    }
    clean(child, found);
    if (child.tagName === 'sup' && child.children.length === 0) continue;
    if ((child.tagName === 'ol' || child.tagName === 'ul') && !child.children.some((item) => item.type === 'element'))
      continue;
    if (child.tagName === 'a' && !/^(?:https?:|mailto:)/i.test(href)) {
      kept.push(...child.children);
      continue;
    }
    // Google Docs wraps the whole paste in <b style="font-weight:normal">: not bold.
    if (child.tagName === 'b' && /font-weight:(?:normal|[1-5]00)/.test(style)) {
      kept.push(...child.children);
      continue;
    }
    if (child.tagName === 'span' && /font-weight:(?:bold|[6-9]00)/.test(style)) {
      kept.push({ ...child, tagName: 'strong', properties: {} });
      continue;
    }
    if (child.tagName === 'span' && style.includes('font-style:italic')) {
      kept.push({ ...child, tagName: 'em', properties: {} });
      continue;
    }
    kept.push(child);
  }
  parent.children = kept as typeof parent.children;
}

/**
 * Word puts a pasted list as paragraphs (`class="MsoListParagraph…"`, `style="mso-list:l0 level2 lfo1"`):
 * consecutive ones become nested <ul>/<ol> by their level; numbered when Word's marker was a number.
 */
function wordLists(parent: HastRoot | Element): void {
  const out: (HastContent | ElementContent)[] = [];
  let run: { level: number; ordered: boolean; element: Element }[] = [];
  const flush = () => {
    if (run.length > 0) out.push(buildList(run, 0, run[0]!.level).list);
    run = [];
  };
  for (const child of parent.children) {
    if (child.type === 'element') {
      const level = /mso-list:\S*level(\d+)/.exec(styleOf(child))?.[1];
      if (child.tagName === 'p' && level !== undefined) {
        run.push({ level: Number(level), ordered: child.properties.dataOrdered === 'true', element: child });
        continue;
      }
      wordLists(child);
    }
    if (child.type === 'text' && child.value.trim() === '' && run.length > 0) continue;
    flush();
    out.push(child);
  }
  flush();
  parent.children = out as typeof parent.children;
}

function buildList(
  items: { level: number; ordered: boolean; element: Element }[],
  start: number,
  level: number,
): { list: Element; next: number } {
  const tagName = items[start]?.ordered ? 'ol' : 'ul';
  const list: Element = { type: 'element', tagName, properties: {}, children: [] };
  let index = start;
  while (index < items.length && items[index]!.level >= level) {
    const item = items[index]!;
    if (item.level > level) {
      const nested = buildList(items, index, item.level);
      const last = list.children.at(-1) as Element | undefined;
      if (last) last.children.push(nested.list);
      else list.children.push({ type: 'element', tagName: 'li', properties: {}, children: [nested.list] });
      index = nested.next;
      continue;
    }
    list.children.push({ type: 'element', tagName: 'li', properties: {}, children: item.element.children });
    index++;
  }
  return { list, next: index };
}

/** The text of Word's list marker span (`mso-list:Ignore`) inside a pasted list paragraph. */
function listMarker(element: Element): string | undefined {
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    if (styleOf(child).includes('mso-list:ignore')) return hastText(child);
    const inner = listMarker(child);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function hastText(node: HastContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(hastText).join('');
  return '';
}
