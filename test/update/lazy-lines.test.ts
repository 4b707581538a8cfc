import { describe, expect, it } from 'vitest';
import { parseUpdateText } from '../../src/update/parse.js';

const HEAD = '---\ndate: 2026-06-11\ntitle: Point de situation\n---\n\n## Faits saillants\n\n';

describe('a line right under a bullet, at the margin', () => {
  it('starting a new sentence is named with its line: it is published as the end of the bullet', () => {
    const update = parseUpdateText(
      `${HEAD}- Les urgences fonctionnent normalement.\n` +
        'Merci aux équipes de nuit pour leur travail.\n' +
        '- **1 240** appels reçus hier au 811 ! \n' +
        '« Un record », selon la direction.\n',
      'suite.md',
    );
    expect(update.sections[0]?.bullets.map((bullet) => bullet.text)).toEqual([
      'Les urgences fonctionnent normalement. Merci aux équipes de nuit pour leur travail.',
      '1 240 appels reçus hier au 811 ! « Un record », selon la direction.',
    ]);
    expect(update.warnings?.map((warning) => [warning.line, warning.messageFr])).toEqual([
      [9, expect.stringContaining('cette ligne est lue comme la fin de la puce au-dessus')],
      [11, expect.stringContaining('si c’est un paragraphe à part, laissez une ligne vide avant')],
    ]);
    expect(update.warnings?.[0]?.message).toBe(
      'suite.md:9: this line is read as the end of the bullet above (no blank line between them): if it is a paragraph of its own, leave a blank line before it; to keep it in the bullet, indent it',
    );
  });

  it('continuing the sentence, indented, or after a blank line says nothing', () => {
    const update = parseUpdateText(
      `${HEAD}- Les urgences de la région fonctionnent normalement\n` +
        'ce matin, selon la direction.\n' +
        '- Deuxième point terminé.\n' +
        '  Indentée, cette phrase reste dans la puce.\n' +
        '- Troisième point.\n\n' +
        'Un paragraphe à part.\n',
      'suite.md',
    );
    expect(update.warnings ?? []).toEqual([]);
    expect(update.sections[0]?.paragraphs).toEqual(['Un paragraphe à part.']);
  });
});
