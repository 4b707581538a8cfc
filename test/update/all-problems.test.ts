import { describe, expect, it } from 'vitest';
import { UpdateFileError } from '../../src/errors.js';
import { parseUpdateFile, parseUpdateText } from '../../src/update/parse.js';

const file = (name: string) => new URL(`./files/${name}`, import.meta.url).pathname;

function refusal(action: () => unknown): UpdateFileError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UpdateFileError);
    return error as UpdateFileError;
  }
  throw new Error('not refused');
}

describe('a file with several problems lists them all at once, each with its line', () => {
  it('a bad date, a quote left open, an unknown key, a bad hashtag, a bad link and a table', () => {
    const error = refusal(() => parseUpdateFile(file('refused-several-problems.md')));
    expect(error.problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6, 7, 14]);
    expect(error.problems.map((problem) => problem.messageFr)).toEqual([
      '« date » doit être une vraie date écrite AAAA-MM-JJ (reçu "2026-13-45")',
      'en-tête YAML invalide : un guillemet n’est pas fermé',
      expect.stringContaining('clé d’en-tête inconnue « subtitel » (vouliez-vous dire « subtitle » ?)'),
      'le mot-clic « Santé-Québec » ne peut contenir que des lettres, des chiffres et _',
      '« link » doit être une adresse http(s)',
      expect.stringContaining('les tableaux ne sont pas pris en charge'),
    ]);
    expect(error.messageFr).toMatch(
      /^.*refused-several-problems\.md : 6 problèmes\u00A0:\n {2}- ligne 3\u00A0: « date »/u,
    );
    expect(error.message).toContain('\n  - line 4: invalid front matter YAML: a quote is not closed');
    expect(error.exitCode).toBe(2);
  });

  it('a front matter never closed, and what is wrong in it', () => {
    const error = refusal(() => parseUpdateFile(file('refused-unclosed.md')));
    expect(error.problems.map((problem) => [problem.line, problem.messageFr])).toEqual([
      [
        1,
        'l’en-tête ouvert à la ligne 1 n’est pas fermé\u00A0: ajoutez une ligne «\u00A0---\u00A0» après sa dernière clé (ligne 5)',
      ],
      [5, expect.stringContaining('clé d’en-tête inconnue « hashtag »')],
    ]);
  });

  it('a key given twice, and a bracket left open, do not hide the rest', () => {
    const error = refusal(() =>
      parseUpdateText(
        '---\ndate: 2026-05-14\ntitle: A\ntitle: B\nhashtags: [DSN\nformats: { x: fil }\n---\n\n# T\n\n- a\n',
        'u.md',
      ),
    );
    expect(error.problems.map((problem) => [problem.line, problem.messageFr])).toEqual([
      [4, 'la clé « title » est donnée deux fois'],
      [5, 'en-tête YAML invalide : un crochet « [ » n’est pas fermé par « ] »'],
      [6, 'formats.x doit être digest ou thread (reçu "fil")'],
    ]);
  });

  it('one problem reads as before: its line in the error', () => {
    const error = refusal(() =>
      parseUpdateText('---\ndate: 2026-05-14\ntitle: T\nhashtag: [DSN]\n---\n\n- a\n', 'u.md'),
    );
    expect(error.line).toBe(4);
    expect(error.problems).toHaveLength(1);
    expect(error.messageFr).toMatch(/^u\.md:4 : clé d’en-tête inconnue/u);
  });
});
