import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFailure, systemReasonFr } from '../../src/cli/failure.js';
import { ACTION_LABELS, KIND_LABELS, PART_STATE_LABELS, STATUS_WORDS } from '../../src/i18n/fr.js';
import { frenchLine, frenchLineProblems } from '../../src/i18n/french-line.js';
import { tempDir } from '../queue/fixtures.js';
import { runCli } from './run-cli.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A French elision written with a straight apostrophe: `d'un`, `l'update`, `n'est`, `qu'il`. */
const STRAIGHT_ELISION = /\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quelqu|presqu|aujourd)'(?=[a-zàâäéèêëîïôöûùüÿœæh])/giu;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

describe('French messages use the typographic apostrophe', () => {
  it('finds no straight apostrophe in a French elision anywhere in src/', () => {
    const found = sourceFiles('src').flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(STRAIGHT_ELISION)].map(
        (match) => `${file}: ${match[0].toLowerCase().replace("'", '’')}`,
      ),
    );
    // The scan sees real sources: the CLI's own messages are among them.
    expect(sourceFiles('src')).toContain('src/cli/main.ts');
    expect([...new Set(found)]).toEqual([]);
  });

  it('the scan catches what it looks for', () => {
    const sample = "throw refused('x', `l'option --by n'est pas qu'une aujourd'hui`); // don't, it's";
    expect(sample.match(STRAIGHT_ELISION)).toEqual(["l'", "n'", "qu'", "aujourd'"]);
  });

  it('keeps the catalogue of statuses, actions and file-system reasons clean', () => {
    const catalogue = [
      ...Object.values(STATUS_WORDS).flatMap((words) => [words.badge, words.phrase, words.detail ?? '']),
      ...Object.values(PART_STATE_LABELS),
      ...Object.values(ACTION_LABELS),
      ...Object.values(KIND_LABELS),
      ...['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'EROFS', 'ENOSPC', 'EMFILE', 'EADDRINUSE'].map(
        systemReasonFr,
      ),
      ...['SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', 'SQLITE_CORRUPT', 'SQLITE_NOTADB'].map(
        (code) => describeFailure(Object.assign(new Error('x'), { code }), { cwd: ROOT, given: [] }).messageFr,
      ),
    ];
    for (const text of catalogue) {
      expect(text).not.toMatch(/\p{L}'\p{L}/u);
      expect(frenchLineProblems(frenchLine(text)), text).toEqual([]);
    }
  });
});

describe('frenchLine', () => {
  it('puts no-break spaces before : ; ? ! and inside « », adding the one a sign was glued to', () => {
    expect(frenchLine('erreur : réseau inconnu « nope »; attendu : x, bluesky')).toBe(
      'erreur\u00a0: réseau inconnu «\u00a0nope\u00a0»\u202f; attendu\u00a0: x, bluesky',
    );
    expect(frenchLine('un autre « crieur run » tourne-t-il déjà?)')).toBe(
      'un autre «\u00a0crieur run\u00a0» tourne-t-il déjà\u202f?)',
    );
  });

  it('leaves paths, keys to type and apostrophes as written', () => {
    expect(frenchLine("il manque « date: AAAA-MM-JJ » dans /srv/mises-à-jour/d'hier.md")).toBe(
      "il manque «\u00a0date: AAAA-MM-JJ\u00a0» dans /srv/mises-à-jour/d'hier.md",
    );
    expect(frenchLine('voir https://exemple.qc.ca/page?id=3')).toBe('voir https://exemple.qc.ca/page?id=3');
  });
});

describe('the French error lines the terminal shows', () => {
  let dir: { path: string; remove: () => void };
  beforeEach(() => {
    dir = tempDir('crieur-french-');
    writeFileSync(join(dir.path, 'crieur.yaml'), 'dataDir: ./data\n');
  });
  afterEach(() => dir.remove());

  it('are typeset, whatever went wrong', async () => {
    const env = { CRIEUR_CONFIG: join(dir.path, 'crieur.yaml') };
    for (const argv of [
      ['aprove', 'd1'],
      ['queue', '--jsno'],
      ['approve', 'd1', '--by'],
      ['reject', 'd1', 'd2', '--by', 'julie', '--reason', 'x'],
      ['show', 'xyz'],
      ['show'],
      ['connect', 'mastodon'],
      ['publish', '--date', '2026-05-14'],
      ['check', 'absent.md'],
      ['queue', '--date', 'demain'],
      ['user', 'add', 'bob', '--role', 'admin', '--password-file', 'absent.txt'],
    ]) {
      const result = await runCli(argv, { env, cwd: dir.path });
      expect(result.code, argv.join(' ')).toBe(2);
      const french = result.stderr.split('\n').filter((line) => line.startsWith('erreur'));
      expect(french, argv.join(' ')).toHaveLength(1);
      expect(frenchLineProblems(french[0]!), `${argv.join(' ')}: ${french[0]}`).toEqual([]);
    }
  });
});
