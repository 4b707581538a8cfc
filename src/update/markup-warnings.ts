import { basename } from 'node:path';
import type { RootContent } from 'mdast';
import { nodesInOrder } from './mdast-walk.js';
import type { UpdateWarning } from './types.js';
import { warningAt } from './warning-at.js';

const STRUCK = /~~([^~\n]+?)~~/gu;
/** A footnote's call (`[^1]`) or the start of its note (`[^1]:`): Markdown here has no footnotes. */
const FOOTNOTE = /\[\^[^\]\s]+\]/gu;

/**
 * Markdown the posts cannot show as the writer meant it, named with its line so that the team
 * sees it before approving: an image (`![Équipe de nuit](equipe.jpg)`) is not published, only its
 * text stays where it was written (posts carry crieur's cards); struck text (`~~débordent~~`) would
 * go out with its tildes, since no network draws it; a footnote (`[^1]`) would go out as written,
 * its note as a paragraph of its own; a code block loses its layout.
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
    if (node.type === 'code') {
      warnings.push(
        warningAt(
          file,
          line,
          'a code block (```) is published as ordinary text, without its layout; write it as a paragraph or a list',
          'un bloc de code (```) est publié comme du texte ordinaire, sans sa mise en forme\u00A0; écrivez-le en paragraphe ou en liste',
        ),
      );
    }
    if (node.type === 'text') {
      for (const [written] of node.value.matchAll(FOOTNOTE)) {
        warnings.push(
          warningAt(
            file,
            line,
            `the footnote mark ${written} would be published as written: posts and the website have no footnotes; put the note in the sentence`,
            `l’appel de note ${written} serait publié tel quel\u00A0: ni les publications ni le site n’ont de notes de bas de page\u00A0; intégrez la note à la phrase`,
          ),
        );
      }
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
