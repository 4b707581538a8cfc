import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UpdateFileError } from '../../src/errors.js';
import { parseUpdateFile, parseUpdateText } from '../../src/update/parse.js';

const SAMPLE = 'examples/2026-05-14-dsn.md';

describe('parseUpdateFile on the sample', () => {
  const update = parseUpdateFile(SAMPLE);

  it('reads the front matter', () => {
    expect(update.date).toBe('2026-05-14');
    expect(update.title).toBe('Mise à jour quotidienne');
    expect(update.subtitle).toBe('Dossier santé numérique (DSN)');
    expect(update.link).toBe('https://www.santequebec.gouv.qc.ca/');
    expect(update.hashtags).toEqual(['DSN', 'SantéQuébec']);
  });

  it('keeps every section in order with its level', () => {
    expect(update.sections.map((section) => [section.level, section.heading])).toEqual([
      [1, "Un réseau qui apprend et s'adapte en temps réel"],
      [2, 'Faits saillants – Mauricie-Centre-du-Québec'],
      [2, 'Bons coups – Mauricie-Centre-du-Québec'],
      [2, "Faits saillants – Nord-de-l'Île-de-Montréal"],
      [2, "Bons coups – Nord-de-l'Île-de-Montréal"],
      [2, 'Mise à jour technologique'],
      [3, 'Mercredi 13 mai 2026'],
      [3, 'Mardi 12 mai 2026'],
      [3, 'Billets quotidiens – données du mardi 12 mai 00h00 à 23h59'],
      [2, 'Objectif – DSN en marche : les actions à venir'],
    ]);
  });

  it('keeps bullets and nested bullets in order, with marks removed from the text', () => {
    const highlights = update.sections[1]!;
    expect(highlights.bullets).toHaveLength(4);
    const priority = highlights.bullets[1]!;
    expect(priority.text).toBe(
      'Enjeu prioritaire : soutenir les médecins et professionnels dans cette gestion du changement.',
    );
    expect(priority.children.map((child) => child.text.slice(0, 30))).toEqual([
      'Nous travaillons activement po',
      "Un expert d'Epic s'est rendu s",
    ]);
    const quote = update.sections[3]!.bullets[0]!.children[0]!;
    expect(quote.spans).toEqual([
      {
        kind: 'emphasis',
        text: 'Il y a une curiosité mais également un enthousiasme devant ce qui se passe dans nos installations.',
      },
    ]);
    const bold = update.sections[6]!.bullets[1]!;
    expect(bold.text).toBe('74,88 % des accès sont déjà effectués.');
    expect(bold.spans[0]?.kind).toBe('strong');
    expect(bold.line).toBe(46);
    const allBullets = update.sections.flatMap((section) => section.bullets).length;
    expect(allBullets).toBe(25);
  });

  it('extracts the key figures with totals and dates, the total and percentages first', () => {
    const summary = update.figures.map((figure) => [figure.value, figure.total?.value, figure.refersTo]);
    expect(summary).toEqual([
      ['22 460', '30 000', '13 mai 2026'],
      ['74,88 %', undefined, '13 mai 2026'],
      ['82 %', undefined, '12 mai 2026'],
      ['6 708', undefined, '13 mai 2026, 14 h 15'],
      ['166', undefined, '12 mai 2026'],
      ['1790', undefined, '12 mai 2026'],
      ['1245', undefined, '12 mai 2026'],
    ]);
    expect(update.figures.map((figure) => figure.numeric)).toEqual([22460, 74.88, 82, 6708, 166, 1790, 1245]);
    expect(update.figures[0]?.label).toBe('utilisateurs connectés au DSN');
    expect(update.figures[3]?.label).toBe('utilisateurs connectés simultanément');
    expect(update.figures[5]?.label).toBe('billets quotidiens');
    expect(update.figures[6]?.label).toBe('billets quotidiens résolus');
    expect(update.figures.every((figure) => figure.place === undefined)).toBe(true);
  });

  it('ignores numbers inside sentences (ages, percentages in prose)', () => {
    expect(update.figures.some((figure) => figure.value === '89' || figure.value === '1 106')).toBe(false);
  });
});

describe('front-matter figures', () => {
  it('win over extraction', () => {
    const update = parseUpdateText(
      '---\ndate: 2026-05-14\ntitle: T\nfigures:\n  - { value: "12 345", label: visites, refersTo: 13 mai 2026, total: "20 000" }\n---\n# Titre\n- 22 460 utilisateurs connectés.\n',
      'u.md',
    );
    expect(update.figures).toEqual([
      {
        value: '12 345',
        numeric: 12345,
        unit: '',
        label: 'visites',
        refersTo: '13 mai 2026',
        total: { value: '20 000', numeric: 20000 },
        source: 'front-matter',
        line: 4,
      },
    ]);
  });
});

function fileWith(content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'crieur-update-'));
  const path = join(dir, 'update.md');
  writeFileSync(path, content);
  return path;
}

function errorOf(action: () => unknown): UpdateFileError {
  try {
    action();
  } catch (error) {
    if (error instanceof UpdateFileError) return error;
    throw error;
  }
  throw new Error('expected an UpdateFileError');
}

describe('bad update files', () => {
  const body = '# Titre\n\n- Une puce.\n';

  it('missing file', () => {
    const error = errorOf(() => parseUpdateFile('does-not-exist.md'));
    expect(error.message).toContain('does-not-exist.md');
    expect(error.messageFr).toContain('introuvable');
    expect(error.exitCode).toBe(2);
  });

  it('empty file', () => {
    expect(errorOf(() => parseUpdateFile(fileWith(''))).messageFr).toContain('vide');
    expect(errorOf(() => parseUpdateFile(fileWith('  \n\n'))).message).toContain('empty');
  });

  it('binary file names the line of the NUL byte', () => {
    const error = errorOf(() => parseUpdateFile(fileWith(Buffer.from('---\ndate: x\n\u0000\u0001'))));
    expect(error.line).toBe(3);
    expect(error.message).toContain('binary');
  });

  it('not UTF-8 names the line', () => {
    const latin1 = Buffer.concat([
      Buffer.from('---\ndate: 2026-05-14\ntitle: Mise '),
      Buffer.from([0xe0]),
      Buffer.from(' jour\n---\n'),
    ]);
    const error = errorOf(() => parseUpdateFile(fileWith(latin1)));
    expect(error.line).toBe(3);
    expect(error.message).toContain('UTF-8');
  });

  it('larger than 1 MB', () => {
    const error = errorOf(() =>
      parseUpdateFile(fileWith(`---\ndate: 2026-05-14\ntitle: T\n---\n${'a'.repeat(1_100_000)}`)),
    );
    expect(error.message).toContain('1 MB');
  });

  it('without front matter', () => {
    const error = errorOf(() => parseUpdateText(body, 'u.md'));
    expect(error.line).toBe(1);
    expect(error.message).toContain('front matter');
  });

  it('without date, or with an impossible date, names the line', () => {
    expect(errorOf(() => parseUpdateText(`---\ntitle: T\n---\n${body}`, 'u.md')).message).toContain('date');
    const bad = errorOf(() => parseUpdateText(`---\ntitle: T\ndate: 2026-02-30\n---\n${body}`, 'u.md'));
    expect(bad.line).toBe(3);
    expect(bad.message).toContain('YYYY-MM-DD');
    expect(errorOf(() => parseUpdateText(`---\ndate: 14 mai\ntitle: T\n---\n${body}`, 'u.md')).line).toBe(2);
  });

  it('unknown front-matter key suggests the closest', () => {
    const error = errorOf(() =>
      parseUpdateText(`---\ndate: 2026-05-14\ntitle: T\nhashtag: [DSN]\n---\n${body}`, 'u.md'),
    );
    expect(error.line).toBe(4);
    expect(error.message).toContain('did you mean "hashtags"');
    expect(error.messageFr).toContain('vouliez-vous dire « hashtags »');
  });

  it('invalid YAML names the line', () => {
    const error = errorOf(() => parseUpdateText(`---\ndate: 2026-05-14\ntitle: [oops\n---\n${body}`, 'u.md'));
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toContain('YAML');
  });

  it('says plainly the two common YAML mistakes: « : » in a value, a « # » glued to a hashtag', () => {
    const error = errorOf(() =>
      parseUpdateText(
        `---\ndate: 2026-05-14\ntitle: Point de presse : tempête\nsubtitle: Il a dit "oui": bravo\nhashtags: [#DSN, Santé]\n---\n${body}`,
        'u.md',
      ),
    );
    expect(error.problems.map((problem) => [problem.line, problem.messageFr])).toEqual([
      [3, 'la valeur de « title » contient « : » : mettez-la entre guillemets (title: "Point de presse : tempête")'],
      [
        4,
        'la valeur de « subtitle » contient « : » : mettez-la entre guillemets (subtitle: "Il a dit \\"oui\\": bravo")',
      ],
      [5, 'en YAML, un « # » commence un commentaire : écrivez les mots-clics sans « # » (hashtags: [DSN, Santé])'],
    ]);
    expect(error.problems[0]?.message).toContain('put it in quotes');
    // The suggested line reads as meant.
    const fixed = parseUpdateText(`---\ndate: 2026-05-14\ntitle: "Point de presse : tempête"\n---\n${body}`, 'u.md');
    expect(fixed.title).toBe('Point de presse : tempête');
  });

  it('hashtags emptied by a comment (« hashtags: #DSN #Santé ») are refused, not dropped', () => {
    const error = errorOf(() =>
      parseUpdateText(`---\ndate: 2026-05-14\ntitle: T\nhashtags: #DSN #Santé\n---\n${body}`, 'u.md'),
    );
    expect(error.line).toBe(4);
    expect(error.messageFr).toContain('« hashtags » est vide');
    expect(error.message).toContain('hashtags: [DSN, Santé]');
    // Said too when another line of the front matter does not read.
    const both = errorOf(() =>
      parseUpdateText(`---\ndate: 2026-05-14\ntitle: Point : tempête\nhashtags: #DSN #Santé\n---\n${body}`, 'u.md'),
    );
    expect(both.problems.map((problem) => problem.line)).toEqual([3, 4]);
    // An empty key written as such is still an empty key.
    expect(parseUpdateText(`---\ndate: 2026-05-14\ntitle: T\nhashtags:\n---\n${body}`, 'u.md').hashtags).toEqual([]);
  });

  it('no content after the front matter', () => {
    const error = errorOf(() => parseUpdateText('---\ndate: 2026-05-14\ntitle: T\n---\n\n', 'u.md'));
    expect(error.message).toContain('no content');
    expect(error.line).toBe(5);
  });

  it('a bad link or hashtag', () => {
    expect(
      errorOf(() => parseUpdateText(`---\ndate: 2026-05-14\ntitle: T\nlink: ftp://x\n---\n${body}`, 'u.md')).line,
    ).toBe(4);
    expect(
      errorOf(() => parseUpdateText(`---\ndate: 2026-05-14\ntitle: T\nhashtags: [a b]\n---\n${body}`, 'u.md'))
        .messageFr,
    ).toContain('mot-clic');
  });
});

describe('links outside bullets', () => {
  it('a paragraph keeps the address of its links', () => {
    const update = parseUpdateText(
      '---\ndate: 2026-05-14\ntitle: T\n---\nLire le [bilan complet](https://example.org/bilan) ou https://example.org/direct.\n',
      'u.md',
    );
    expect(update.sections[0]?.paragraphs).toEqual([
      'Lire le bilan complet (https://example.org/bilan) ou https://example.org/direct.',
    ]);
  });
});
