import { describe, expect, it } from 'vitest';
import { parseUpdateText } from '../../src/update/parse.js';

const HEAD = '---\ndate: 2026-09-16\ntitle: Mise à jour\n---\n\n';

describe('Markdown the posts cannot show as written', () => {
  it('names an image (not published) and struck text (published with its tildes), each with its line', () => {
    const update = parseUpdateText(
      `${HEAD}# Bilan\n\n` +
        '- Les urgences ~~débordent~~ sont stables.\n' +
        '- Voir la photo : ![Équipe de nuit](equipe.jpg)\n' +
        '- ![](logo.png)\n' +
        '- Un tilde seul ~ ne dit rien.\n',
      'marques.md',
    );
    expect(update.warnings?.map((warning) => [warning.line, warning.messageFr])).toEqual([
      [
        8,
        'marques.md, ligne 8\u00A0: le texte barré «\u00A0~~débordent~~\u00A0» serait publié avec ses tildes\u00A0: aucun réseau ne l’affiche barré\u00A0; retirez les mots, ou les ~~',
      ],
      [9, expect.stringContaining('l’image «\u00A0Équipe de nuit\u00A0» (equipe.jpg) n’est pas publiée')],
      [10, expect.stringContaining('l’image (logo.png) n’est pas publiée')],
    ]);
    expect(update.warnings?.[1]?.message).toBe(
      'marques.md:9: the image "Équipe de nuit" (equipe.jpg) is not published (posts carry the update\'s cards); its text stays where it was written',
    );
    expect(update.sections[0]?.bullets[1]?.text).toBe('Voir la photo : Équipe de nuit');
  });

  it('names a footnote (its mark and its note) and a code block, each with its line', () => {
    const update = parseUpdateText(
      `${HEAD}Les urgences fonctionnent normalement ce matin[^1].\n\n` +
        '## Faits saillants\n\n' +
        '- **1 240** appels reçus hier au 811.\n' +
        '- Un crochet [seul] ou un lien [ici](https://www.exemple.qc.ca/) ne dit rien.\n\n' +
        '```\nHoraire : 8 h à 16 h\n```\n\n' +
        '[^1]: Selon le tableau de bord de 7 h.\n',
      'notes.md',
    );
    expect(update.warnings?.map((warning) => [warning.line, warning.messageFr])).toEqual([
      [6, expect.stringContaining('l’appel de note [^1] serait publié tel quel')],
      [13, expect.stringContaining('un bloc de code (```) est publié comme du texte ordinaire')],
      [17, expect.stringContaining('l’appel de note [^1] serait publié tel quel')],
    ]);
    expect(update.warnings?.[1]?.message).toBe(
      'notes.md:13: a code block (```) is published as ordinary text, without its layout; write it as a paragraph or a list',
    );
  });
});
