import { basename } from 'node:path';
import type { RootContent } from 'mdast';
import { nodesInOrder } from './mdast-walk.js';
import type { UpdateWarning } from './types.js';
import { warningAt } from './warning-at.js';

/** A line ending a sentence: its last character, before closing quotes or brackets, is . ! ? or … */
const ENDS_SENTENCE = /[.!?…][\s»"”)’]*$/u;
/** A line starting a sentence at its first column (no indentation): a capital letter or a digit. */
const STARTS_SENTENCE = /^[«"“]?[\s\u00A0\u202F]?[\p{Lu}\d]/u;

/**
 * A line written right under a bullet, at the margin, that starts a new sentence after the bullet's
 * sentence ended (« - Les urgences fonctionnent normalement. » then « Merci aux équipes de nuit. »):
 * Markdown reads it as the rest of the bullet, and it is published so. It may be meant as a
 * paragraph of its own: each one is named with its line, and how to say which it is. A line
 * continuing the bullet's sentence, or indented under it, says nothing.
 */
export function lazyLineWarnings(body: RootContent[], text: string, path: string): UpdateWarning[] {
  const file = basename(path);
  const lines = text.split('\n');
  const warnings: UpdateWarning[] = [];
  for (const { node } of nodesInOrder(body)) {
    if (node.type !== 'listItem') continue;
    for (const child of node.children) {
      if (child.type !== 'paragraph') continue;
      const start = child.position?.start.line;
      const end = child.position?.end.line;
      if (start === undefined || end === undefined) continue;
      for (let line = start + 1; line <= end; line++) {
        const previous = lines[line - 2] ?? '';
        const current = lines[line - 1] ?? '';
        if (!ENDS_SENTENCE.test(previous.trimEnd()) || !STARTS_SENTENCE.test(current)) continue;
        warnings.push(
          warningAt(
            file,
            line,
            `this line is read as the end of the bullet above (no blank line between them): if it is a paragraph of its own, leave a blank line before it; to keep it in the bullet, indent it`,
            `cette ligne est lue comme la fin de la puce au-dessus (aucune ligne vide entre les deux)\u00A0: si c’est un paragraphe à part, laissez une ligne vide avant\u00A0; pour la garder dans la puce, mettez-la en retrait`,
          ),
        );
      }
    }
  }
  return warnings;
}
