import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { plainSpaces } from './run-cli.js';

function crieur(...args: string[]) {
  return spawnSync('node', ['bin/crieur.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CRIEUR_DATA_DIR: '' },
  });
}

describe('crieur check', () => {
  it('prints the Update as JSON', () => {
    const out = execFileSync('node', ['bin/crieur.js', 'check', 'examples/2026-05-14-dsn.md', '--json'], {
      encoding: 'utf8',
    });
    const update = JSON.parse(out);
    expect(update.sections).toHaveLength(10);
    expect(update.figures.map((figure: { value: string }) => figure.value)).toEqual([
      '22 460',
      '74,88 %',
      '82 %',
      '6 708',
      '166',
      '1790',
      '1245',
    ]);
  });

  it('names the hashtags it will use, those of a pasted text’s last line included', () => {
    const result = crieur('check', 'test/update/files/2026-06-12-mots-clics.txt');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      'Mise à jour quotidienne (2026-06-12) — Dossier santé numérique (DSN) – semaine 5',
      'Hashtags: #DSN #SantéQuébec #Laval',
    ]);
  });

  it('refuses a bad file with exit code 2 and a located message in French and English', () => {
    const result = crieur('check', 'examples/missing.md');
    expect(result.status).toBe(2);
    expect(plainSpaces(result.stderr)).toContain('erreur : examples/missing.md : fichier introuvable');
    expect(plainSpaces(result.stderr)).toContain('error: examples/missing.md: file not found');
    expect(result.stdout).toBe('');
  });

  it('lists every problem of a bad file at once, in French first, each with its line', () => {
    const result = crieur('check', 'test/update/files/refused-several-problems.md');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    // French lines are typeset (no-break spaces); compared here with plain spaces.
    const french = plainSpaces(result.stderr.slice(0, result.stderr.indexOf('\nerror: ')));
    expect(french.split('\n')).toEqual([
      'erreur : test/update/files/refused-several-problems.md : 6 problèmes :',
      '  - ligne 3 : « date » doit être une vraie date écrite AAAA-MM-JJ (reçu "2026-13-45")',
      '  - ligne 4 : en-tête YAML invalide : un guillemet n’est pas fermé',
      expect.stringMatching(/^ {2}- ligne 5 : clé d’en-tête inconnue « subtitel »/u),
      '  - ligne 6 : le mot-clic « Santé-Québec » ne peut contenir que des lettres, des chiffres et _',
      '  - ligne 7 : « link » doit être une adresse http(s)',
      expect.stringMatching(/^ {2}- ligne 14 : les tableaux ne sont pas pris en charge/u),
    ]);
    expect(result.stderr).toContain('\nerror: test/update/files/refused-several-problems.md: 6 problems:\n');
  });

  it('--json on a bad file prints every problem as JSON on stdout and exits 2', () => {
    const result = crieur('check', 'test/update/files/refused-several-problems.md', '--json');
    expect(result.status).toBe(2);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ ok: false, file: 'test/update/files/refused-several-problems.md', warnings: [] });
    expect(answer.errors.map((error: { line: number }) => error.line)).toEqual([3, 4, 5, 6, 7, 14]);
    expect(answer.errors[0]).toEqual({
      line: 3,
      message: '"date" must be a real calendar date written YYYY-MM-DD (got "2026-13-45")',
      messageFr: '« date » doit être une vraie date écrite AAAA-MM-JJ (reçu "2026-13-45")',
    });
    const missing = crieur('check', 'examples/missing.md', '--json');
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({
      ok: false,
      file: 'examples/missing.md',
      errors: [
        {
          message: 'file not found or not readable; check the path',
          messageFr: 'fichier introuvable ou illisible ; vérifiez le chemin',
        },
      ],
      warnings: [],
    });
  });

  it('--json on a good file says ok, with no errors and its warnings, besides the Update', () => {
    const answer = JSON.parse(crieur('check', 'test/update/files/empty-sections.md', '--json').stdout);
    expect(answer).toMatchObject({ ok: true, errors: [], date: '2026-05-14' });
    expect(answer.warnings.map((warning: { line: number }) => warning.line)).toEqual([18, 24, 26, 28, 34]);
  });

  it('has --help on the command and refuses unknown options', () => {
    expect(crieur('check', '--help').stdout).toContain('crieur check <update-file> [--json]');
    expect(crieur('check', '--jsno').status).toBe(2);
    expect(crieur('nope').status).toBe(2);
  });
});
