import { basename } from 'node:path';
import type { Nodes, Parent, RootContent } from 'mdast';
import { UpdateFileError } from '../errors.js';
import { nodesInOrder } from './mdast-walk.js';
import type { UpdateWarning } from './types.js';
import { warningAt } from './warning-at.js';

const COMMENT = /<!--([\s\S]*?)-->/g;
/** Longest part of a comment quoted in its warning. */
const QUOTED = 100;

/**
 * Raw HTML in an update's Markdown, as a Markdown page would show it. A comment (`<!-- à vérifier -->`)
 * is a note to the team: never published, and named in a warning so that whoever checks the file
 * sees it is left out. Any other markup (`<br>`, `<b>…</b>`) leaves its text, never its tags. A
 * comment never closed would hide everything after it: refused, with its line.
 */
export function withoutRawHtml(body: RootContent[], path: string): { body: RootContent[]; warnings: UpdateWarning[] } {
  const warnings: UpdateWarning[] = [];
  const file = basename(path);
  const placed = nodesInOrder(body);
  const html = placed.filter(({ node }) => node.type === 'html');
  if (html.length === 0) return { body, warnings };
  const parents = new Map<Nodes, Parent>(placed.map(({ node, parent }) => [node, parent]));
  const emptied = new Set<Parent>();
  for (const { node, parent } of html) {
    if (node.type !== 'html') continue;
    const line = node.position?.start.line;
    const opened = node.value.lastIndexOf('<!--');
    if (opened >= 0 && !node.value.includes('-->', opened + 4)) throw unclosedComment(path, line);
    for (const [, inside] of node.value.matchAll(COMMENT)) warnings.push(commentLeftOut(file, line, inside ?? ''));
    const text = node.value
      .replace(COMMENT, '')
      .replace(/<br\s*\/?>/giu, ' ')
      .replace(/<[^>]*>/gu, '');
    const block = BLOCK_HOLDERS.has(parent.type);
    const at = parent.children.indexOf(node as never);
    if (block ? text.trim() === '' : text === '') {
      parent.children.splice(at, 1);
      emptied.add(parent);
      continue;
    }
    const kept = { type: 'text' as const, value: text, ...(node.position && { position: node.position }) };
    parent.children[at] = (
      block ? { type: 'paragraph', children: [kept], ...(node.position && { position: node.position }) } : kept
    ) as never;
  }
  for (const parent of emptied) {
    if (!BLOCK_HOLDERS.has(parent.type)) trimEnds(parent.children as Nodes[]);
    // A bullet that held nothing but a comment is no bullet; nor is a list of such bullets.
    let empty: Parent | undefined = parent;
    while (empty !== undefined && (empty.type === 'listItem' || empty.type === 'list') && empty.children.length === 0) {
      const holder = parents.get(empty as Nodes);
      holder?.children.splice(holder.children.indexOf(empty as never), 1);
      empty = holder;
    }
  }
  return { body, warnings };
}

/** Nodes whose children are blocks (paragraphs, lists): raw HTML there stands as a paragraph of its own. */
const BLOCK_HOLDERS = new Set(['root', 'listItem', 'blockquote']);

/** `Bilan <!-- provisoire -->`: no space left at either end of the text where a comment was. */
function trimEnds(children: Nodes[]): void {
  const first = children[0];
  const last = children.at(-1);
  if (first?.type === 'text') first.value = first.value.trimStart();
  if (last?.type === 'text') last.value = last.value.trimEnd();
}

function commentLeftOut(file: string, line: number | undefined, inside: string): UpdateWarning {
  const text = inside.replace(/\s+/gu, ' ').trim();
  const quoted =
    text.length > QUOTED
      ? `${text.slice(0, text.lastIndexOf(' ', QUOTED) > 0 ? text.lastIndexOf(' ', QUOTED) : QUOTED)}…`
      : text;
  return warningAt(
    file,
    line,
    `a comment (<!-- … -->) is left out of the posts and the page: "${quoted}"`,
    `commentaire (<!-- … -->) retiré des publications et de la page\u00A0: «\u00A0${quoted}\u00A0»`,
  );
}

function unclosedComment(path: string, line: number | undefined): UpdateFileError {
  return new UpdateFileError(
    path,
    line,
    'a comment opened with "<!--" is never closed: add "-->" where it ends (everything after it would be left out)',
    'un commentaire ouvert par «\u00A0<!--\u00A0» n’est jamais fermé\u00A0: ajoutez «\u00A0-->\u00A0» là où il se termine (tout ce qui le suit serait retiré)',
  );
}
