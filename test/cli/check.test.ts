import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

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
    expect(result.stderr).toContain('erreur : examples/missing.md : fichier introuvable');
    expect(result.stderr).toContain('error: examples/missing.md: file not found');
    expect(result.stdout).toBe('');
  });

  it('has --help on the command and refuses unknown options', () => {
    expect(crieur('check', '--help').stdout).toContain('crieur check <update-file> [--json]');
    expect(crieur('check', '--jsno').status).toBe(2);
    expect(crieur('nope').status).toBe(2);
  });
});
