import { basename } from 'node:path';
import type { RootContent } from 'mdast';
import { nodesInOrder } from './mdast-walk.js';
import type { UpdateWarning } from './types.js';
import { warningAt } from './warning-at.js';

const STRUCK = /~~([^~\n]+?)~~/gu;

/**
 * Markdown the posts cannot show as the writer meant it, named with its line so that the team
 * sees it before approving: an image (`![Équipe de nuit](equipe.jpg)`) is not published, only its
 * text stays where it was written (posts carry crieur's cards); struck text (`~~débordent~~`) would
 * go out with its tildes, since no network draws it.
 */
export function markupWarnings(body: RootContent[], path: string): UpdateWarning[] {
  const file = basename(path);
  const warnings: UpdateWarning[] = [];
  for (const { node } of nodesInOrder(body)) {
    const line = node.position?.start.line;
    if (node.type === 'image' || node.type === 'imageReference') {
      const alt = node.alt?.trim() ?? '';
      const src = node.type === 'image' ? node.url : '';
      const name = (quoted: string) =>
        [alt === '' ? '' : quoted, src === '' ? '' : `(${src})`].filter(Boolean).join(' ');
      warnings.push(
        warningAt(
          file,
          line,
          `the image ${name(`"${alt}"`)} is not published (posts carry the update's cards); ${alt === '' ? 'nothing of it stays' : 'its text stays where it was written'}`,
          `l’image ${name(`«\u00A0${alt}\u00A0»`)} n’est pas publiée (les publications portent les cartes de la mise à jour)\u00A0; ${alt === '' ? 'rien n’en reste' : 'son texte reste là où il est écrit'}`,
        ),
      );
    }
    if (node.type === 'text') {
      for (const [written] of node.value.matchAll(STRUCK)) {
        warnings.push(
          warningAt(
            file,
            line,
            `struck text "${written}" would be published with its tildes: no network shows it struck; remove the words, or the ~~`,
            `le texte barré «\u00A0${written}\u00A0» serait publié avec ses tildes\u00A0: aucun réseau ne l’affiche barré\u00A0; retirez les mots, ou les ~~`,
          ),
        );
      }
    }
  }
  return warnings;
}
