import { basename } from 'node:path';
import type { Nodes, RootContent } from 'mdast';
import { UpdateFileError } from '../errors.js';
import type { UpdateWarning } from './types.js';

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
  const visit = (nodes: Nodes[], block: boolean): Nodes[] =>
    nodes.flatMap((node): Nodes[] => {
      if (node.type === 'html') {
        const line = node.position?.start.line;
        const opened = node.value.lastIndexOf('<!--');
        if (opened >= 0 && !node.value.includes('-->', opened + 4)) throw unclosedComment(path, line);
        for (const [, inside] of node.value.matchAll(COMMENT)) warnings.push(commentLeftOut(file, line, inside ?? ''));
        const text = node.value
          .replace(COMMENT, '')
          .replace(/<br\s*\/?>/giu, ' ')
          .replace(/<[^>]*>/gu, '');
        if (block ? text.trim() === '' : text === '') return [];
        const kept = { type: 'text' as const, value: text, ...(node.position && { position: node.position }) };
        return block
          ? [{ type: 'paragraph', children: [kept], ...(node.position && { position: node.position }) }]
          : [kept];
      }
      if (!('children' in node)) return [node];
      const holdsBlocks = node.type === 'listItem' || node.type === 'blockquote' || node.type === 'list';
      const children = visit(node.children as Nodes[], holdsBlocks);
      // A bullet (or list) that held nothing but a comment is no bullet.
      if ((node.type === 'listItem' || node.type === 'list') && children.length === 0 && node.children.length > 0) {
        return [];
      }
      if (!holdsBlocks && children.length !== node.children.length) trimEnds(children);
      return [{ ...node, children } as Nodes];
    });
  return { body: visit(body as Nodes[], true) as RootContent[], warnings };
}

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
  const where = line === undefined ? file : `${file}:${line}`;
  const whereFr = line === undefined ? file : `${file}, ligne ${line}`;
  return {
    ...(line === undefined ? {} : { line }),
    message: `${where}: a comment (<!-- … -->) is left out of the posts and the page: "${quoted}"`,
    messageFr: `${whereFr}\u00A0: commentaire (<!-- … -->) retiré des publications et de la page\u00A0: «\u00A0${quoted}\u00A0»`,
  };
}

function unclosedComment(path: string, line: number | undefined): UpdateFileError {
  return new UpdateFileError(
    path,
    line,
    'a comment opened with "<!--" is never closed: add "-->" where it ends (everything after it would be left out)',
    'un commentaire ouvert par «\u00A0<!--\u00A0» n’est jamais fermé\u00A0: ajoutez «\u00A0-->\u00A0» là où il se termine (tout ce qui le suit serait retiré)',
  );
}
