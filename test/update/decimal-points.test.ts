import { describe, expect, it } from 'vitest';
import { parseUpdateText } from '../../src/update/parse.js';

const HEAD = '---\ndate: 2026-07-09\ntitle: Mise à jour quotidienne\n---\n\n';

describe('a number written with a decimal point', () => {
  it('is named with its line (a paragraph’s own) and its French spelling, and is no key figure', () => {
    const update = parseUpdateText(
      `${HEAD}# Bilan\n\nLe taux atteint 74.88 % ce matin.\n\n` +
        '- Taux d’accès : 74.88 %\n' +
        '- **12.5 M$** investis dans les postes de travail.\n' +
        '  - 2.3 millions de doses administrées.\n' +
        '- 74,88 % des accès sont effectués.\n' +
        '- Version 2.3 du logiciel déployée, voir www.example.org et 3.14.\n',
      'points.md',
    );
    expect(update.warnings?.map((warning) => [warning.line, warning.messageFr])).toEqual([
      [
        8,
        expect.stringContaining(
          '«\u00A074.88 %\u00A0» est écrit avec un point décimal\u00A0: en français, «\u00A074,88 %\u00A0»',
        ),
      ],
      [10, expect.stringContaining('«\u00A074,88 %\u00A0»')],
      [11, expect.stringContaining('«\u00A012,5 M$\u00A0»')],
      [12, expect.stringContaining('«\u00A02,3 millions\u00A0»')],
    ]);
    expect(update.warnings?.[0]?.message).toBe(
      'points.md:8: "74.88 %" is written with a decimal point: French writes "74,88 %" (as written, it is no key figure)',
    );
    expect(update.figures.map((figure) => figure.value)).toEqual(['74,88 %']);
  });
});
