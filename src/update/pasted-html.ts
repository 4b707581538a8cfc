import type { Root } from 'mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import { htmlToMdast } from './html-to-mdast.js';

/** At most this much clipboard HTML is converted (Word's clipboard is verbose: styles, fonts). */
export const MAX_PASTED_HTML_CHARS = 2_000_000;

export interface PastedText {
  /** The pasted content as the text the update parser reads: `#` headings, `-` bullets, marks, links. */
  text: string;
  title?: string;
  subtitle?: string;
  /** Images in the pasted HTML, left out. */
  images: number;
}

/**
 * Clipboard HTML (Word, Google Docs, a web page) as the update's text, by the converter Word
 * documents go through. Raw HTML is never kept: what is not a heading, paragraph, list, mark or
 * link is reduced to its text.
 */
export function pastedHtmlToText(html: string): PastedText {
  const converted = htmlToMdast(html.slice(0, MAX_PASTED_HTML_CHARS));
  const text = toMarkdown(withoutHtml(converted.mdast), {
    bullet: '-',
    emphasis: '_',
    strong: '*',
    listItemIndent: 'one',
    rule: '-',
    fences: true,
  }).trim();
  return {
    text,
    images: converted.images,
    ...(converted.title !== undefined && converted.title !== '' && { title: converted.title }),
    ...(converted.subtitle !== undefined && converted.subtitle !== '' && { subtitle: converted.subtitle }),
  };
}

/** mdast `html` nodes (raw markup the converter kept) become text. */
function withoutHtml(root: Root): Root {
  const visit = (node: { type: string; value?: string; children?: unknown[] }) => {
    if (node.type === 'html') {
      node.type = 'text';
      node.value = (node.value ?? '').replace(/<[^>]*>/g, '');
    }
    for (const child of (node.children ?? []) as (typeof node)[]) visit(child);
  };
  visit(root as never);
  return root;
}
