import { describe, expect, it } from 'vitest';
import { parseUpdateText } from '../../src/update/parse.js';

const HEAD = '---\ndate: 2026-09-17\ntitle: Mise à jour\n---\n\n';

describe('bullets pasted from Word into a Markdown file', () => {
  it('« • » and « ◦ » are bullets and sub-bullets, each on its own line, as « - » ones would be', () => {
    const update = parseUpdateText(
      `${HEAD}# Bilan du jour\n\n• Premier point écrit dans Word.\n  ◦ Un détail du premier point.\n• 1 200 appels reçus.\n▪ Un troisième.\n\nLe prix • reste le même.\n`,
      'word.md',
    );
    const [section] = update.sections;
    expect(section?.bullets.map((bullet) => [bullet.line, bullet.text, bullet.children.map((c) => c.text)])).toEqual([
      [8, 'Premier point écrit dans Word.', ['Un détail du premier point.']],
      [10, '1 200 appels reçus.', []],
      [11, 'Un troisième.', []],
    ]);
    expect(section?.paragraphs).toEqual(['Le prix • reste le même.']);
    expect(update.figures.map((figure) => [figure.value, figure.label, figure.line])).toEqual([
      ['1 200', 'appels reçus', 10],
    ]);
  });

  it('a figure after its label keeps the words narrowing it (« Prix : 15 $ par mois »)', () => {
    const update = parseUpdateText(
      `${HEAD}# Tarifs\n\n- Prix : 15 $ par mois.\n- Coût : 12 $ par personne\n`,
      'prix.md',
    );
    expect(update.figures.map((figure) => [figure.value, figure.label])).toEqual([
      ['15 $', 'Prix par mois'],
      ['12 $', 'Coût par personne'],
    ]);
  });
});
