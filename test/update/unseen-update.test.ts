import { describe, expect, it } from 'vitest';
import { typesetFigure } from '../../src/cards/french-text.js';
import { UpdateFileError } from '../../src/errors.js';
import { findFrenchDate } from '../../src/update/french-dates.js';
import { parseUpdateText } from '../../src/update/parse.js';

const HEAD = '---\ndate: 2026-06-23\ntitle: Mise à jour quotidienne\n---\n\n';

function figures(body: string, head = HEAD) {
  return parseUpdateText(head + body, 'essai.md').figures.map((f) => [f.value, f.label, f.refersTo ?? null]);
}

describe('key figures in update files not seen before', () => {
  it('does not read an ordinal or a time at the start of a bullet as a figure', () => {
    const found = figures(
      '# Faits saillants\n\n- 3e vague de formation lancée.\n- 1er bilan régional publié.\n- 14h15 : pic d’achalandage.\n- 2 400 appels reçus.\n',
    );
    expect(found).toEqual([['2 400', 'appels reçus', null]]);
  });

  it('reads a bold number that ends the bullet', () => {
    expect(figures('# Billets\n\n- Nombre de billets résolus : **1 245**\n')).toEqual([
      ['1 245', 'billets résolus', null],
    ]);
  });

  it('keeps "ont" before a past participle and drops it only with "été"', () => {
    expect(
      figures('# Portail\n\n- 7,5 % des usagers ont utilisé le portail.\n- 7 % des rendez-vous ont été reportés.\n'),
    ).toEqual([
      ['7,5 %', 'usagers ont utilisé le portail', null],
      ['7 %', 'rendez-vous reportés', null],
    ]);
  });

  it('never ends a shortened label on a small word', () => {
    const [figure] = figures(
      '# Accès\n\n- **74,88 %** des accès sont déjà effectués par les professionnels de la santé et des services sociaux de la région.\n',
    );
    expect(figure?.[1]).toBe('accès effectués par les professionnels de la santé');
  });

  it('dates figures from numeric headings (ISO and day/month/year)', () => {
    const found = figures(
      '# Données\n\n## 2026-05-31\n\n- 4 210 ordonnances saisies.\n\n## 30/05/2026\n\n- 212 chirurgies documentées.\n',
    );
    expect(found).toEqual([
      ['4 210', 'ordonnances saisies', '31 mai 2026'],
      ['212', 'chirurgies documentées', '30 mai 2026'],
    ]);
  });

  it('gives a date written without a year the year closest to the update', () => {
    const head = '---\ndate: 2027-01-02\ntitle: Bilan des Fêtes\n---\n\n';
    const found = figures('# Bilan\n\n## Jeudi 31 décembre\n\n- 1 012 utilisateurs connectés.\n', head);
    expect(found).toEqual([['1 012', 'utilisateurs connectés', '31 décembre 2026']]);
    expect(findFrenchDate('le 3 janvier', '2026-12-30', false)?.iso).toBe('2027-01-03');
    expect(findFrenchDate('le 31 juin', '2026-06-30', false)).toBeUndefined();
  });
});

describe('update files with unusual Markdown', () => {
  it('refuses a table with its line, in French and in English', () => {
    const text = `${HEAD}# Tableau de bord\n\n| Région | Taux |\n| --- | ---: |\n| Mauricie | 74,88 % |\n`;
    let error: unknown;
    try {
      parseUpdateText(text, 'essai.md');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UpdateFileError);
    expect((error as UpdateFileError).line).toBe(8);
    expect((error as UpdateFileError).message).toMatch(/tables are not supported/);
    expect((error as UpdateFileError).messageFr).toMatch(/tableaux ne sont pas pris en charge/);
  });

  it('accepts pipes that are not a table, and a table inside a code block', () => {
    const text = `${HEAD}# Faits\n\n- Taux : 7 % | cible : 5 %\n\n\`\`\`\n| a | b |\n| - | - |\n\`\`\`\n`;
    expect(parseUpdateText(text, 'essai.md').sections[0]?.bullets).toHaveLength(1);
  });

  it('keeps the numbers of a numbered list, nested too', () => {
    const update = parseUpdateText(`${HEAD}# Priorités\n\n3. Stabiliser.\n4. Former.\n   1. Urgence.\n`, 'essai.md');
    const [first, second] = update.sections[0]!.bullets;
    expect([first?.ordinal, second?.ordinal, second?.children[0]?.ordinal]).toEqual([3, 4, 1]);
    const bulleted = parseUpdateText(`${HEAD}# Faits\n\n- Une puce.\n`, 'essai.md');
    expect(bulleted.sections[0]!.bullets[0]).not.toHaveProperty('ordinal');
  });

  it('reads a file with a BOM, CRLF line ends, trailing spaces and tabs like the plain one', () => {
    const plain = `${HEAD}# Réseau\n\n- Une puce.\n  - Une sous-puce.\n- 22 460 utilisateurs connectés.\n`;
    const windows = `\uFEFF${plain.replace(/\n/g, '   \r\n').replace('  - Une', '\t- Une')}`;
    const a = parseUpdateText(plain, 'a.md');
    const b = parseUpdateText(windows, 'b.md');
    expect(b.sections.map((s) => [s.heading, s.bullets.map((x) => [x.text, x.children.map((c) => c.text)])])).toEqual(
      a.sections.map((s) => [s.heading, s.bullets.map((x) => [x.text, x.children.map((c) => c.text)])]),
    );
    expect(b.figures.map((f) => f.value)).toEqual(['22 460']);
  });
});

describe('amounts in dollars', () => {
  it('takes a dollar amount as a key figure, in the front matter and in a bullet', () => {
    const head =
      '---\ndate: 2026-06-23\ntitle: Mise à jour quotidienne\nfigures:\n  - value: "30 000 $"\n    label: investis dans la formation\n---\n\n';
    const declared = parseUpdateText(`${head}# Budget\n\n- Une puce.\n`, 'budget.md');
    expect(declared.figures.map((f) => [f.value, f.numeric, f.unit, f.label])).toEqual([
      ['30 000 $', 30_000, '$', 'investis dans la formation'],
    ]);
    const found = parseUpdateText(
      `${HEAD}# Budget\n\n- 12 500$ remboursés aux usagers.\n- Coût du projet : 1 200 000 $\n`,
      'budget.md',
    );
    expect(found.figures.map((f) => [f.value, f.numeric, f.unit, f.label])).toEqual([
      ['12 500$', 12_500, '$', 'remboursés aux usagers'],
      ['1 200 000 $', 1_200_000, '$', 'Coût du projet'],
    ]);
  });

  it('sets a dollar figure on a card with narrow no-break spaces, as a percentage', () => {
    expect(typesetFigure('30 000$')).toBe('30\u202F000\u202F$');
    expect(typesetFigure('12 500 $')).toBe('12\u202F500\u202F$');
    expect(typesetFigure('74,88%')).toBe('74,88\u202F%');
  });
});
