import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentShape } from '../update/intake-helpers.js';
import { plainSpaces, runCli } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crieur-word-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function crieur(...argv: string[]) {
  return runCli(argv, { env: { CRIEUR_DATA_DIR: join(dir, 'data') }, cwd: ROOT });
}

describe('crieur check, preview and draft of Word and plain-text updates', () => {
  it('check --json of the sample .docx and .md give the same sections, bullets and figures', async () => {
    const markdown = await crieur('check', 'examples/2026-05-14-dsn.md', '--json');
    const word = await crieur('check', 'examples/2026-05-14-dsn.docx', '--json');
    expect([markdown.code, word.code]).toEqual([0, 0]);
    const [fromMarkdown, fromWord] = [JSON.parse(markdown.stdout), JSON.parse(word.stdout)];
    expect(contentShape(fromWord)).toEqual(contentShape(fromMarkdown));
    expect(fromWord.figures.length).toBeGreaterThan(0);
    expect(fromWord.intake).toEqual({ format: 'docx', warnings: [] });
    expect(plainSpaces(word.stderr)).toBe('');
  });

  it('check of the document as received prints its sections and warns, in French and English, of what it left out', async () => {
    const result = await crieur('check', 'test/fixtures/text/mise-a-jour-dsn-2026-05-14.txt');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Mise à jour quotidienne (2026-05-14) — Dossier santé numérique (DSN)');
    expect(result.stdout).toContain('1790  billets quotidiens (12 mai 2026)');
    expect(plainSpaces(result.stderr)).toContain('avertissement : lignes de fin sans contenu ignorées');
    expect(plainSpaces(result.stderr)).toContain(
      "warning: lines at the end without content dropped (a logo's or a layout's leftovers)",
    );
  });

  it('a refused Word document: exit 2, located in French and English, and draft writes nothing', async () => {
    const check = await crieur('check', 'test/fixtures/docx/modifications-suivies.docx');
    expect(check.code).toBe(2);
    expect(plainSpaces(check.stderr)).toContain(
      'erreur : test/fixtures/docx/modifications-suivies.docx : le document contient',
    );
    expect(plainSpaces(check.stderr)).toContain(
      'error: test/fixtures/docx/modifications-suivies.docx: the document has tracked',
    );
    const renamed = join(dir, 'mise-a-jour.md');
    copyFileSync(join(ROOT, 'examples/2026-05-14-dsn.docx'), renamed);
    const draft = await crieur('draft', renamed, '--by', 'camille');
    expect(draft.code).toBe(2);
    expect(plainSpaces(draft.stderr)).toContain('renommez-la en .docx');
    expect(existsSync(join(dir, 'data')) ? readdirSync(join(dir, 'data')) : []).not.toContain('rendered');
    const queue = await crieur('queue', '--json');
    expect(JSON.parse(queue.stdout).drafts).toEqual([]);
  });

  it('preview and draft of a Word document compose every network like the Markdown file', async () => {
    // A Word document has no front matter: its hashtags come from the configuration.
    const config = join(dir, 'crieur.yaml');
    writeFileSync(config, 'hashtags: [DSN, SantéQuébec]\n');
    const preview = (file: string, out: string) =>
      crieur('preview', file, '--json', '--out', join(dir, out), '--config', config);
    const fromWord = await preview('examples/2026-05-14-dsn.docx', 'w');
    const fromMarkdown = await preview('examples/2026-05-14-dsn.md', 'm');
    expect([fromWord.code, fromMarkdown.code]).toEqual([0, 0]);
    const texts = (out: string) =>
      (JSON.parse(out).drafts as { network: string; posts: { text: string }[] }[]).map((draft) => [
        draft.network,
        draft.posts.map((post) => post.text),
      ]);
    expect(texts(fromWord.stdout)).toEqual(texts(fromMarkdown.stdout));
    const drafted = await crieur('draft', 'examples/2026-05-14-dsn.docx', '--by', 'camille', '--json');
    expect(drafted.code).toBe(0);
    const { drafts } = JSON.parse(drafted.stdout) as { drafts: { date: string; status: string }[] };
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((draft) => draft.date === '2026-05-14' && draft.status === 'awaiting_review')).toBe(true);
  });

  it('plain text pasted without a date is refused naming where the date was looked for', async () => {
    const path = join(dir, 'colle.txt');
    writeFileSync(path, 'Mise à jour quotidienne\n\nFaits saillants\n\n- Rien de neuf.\n');
    const result = await crieur('check', path);
    expect(result.code).toBe(2);
    expect(plainSpaces(result.stderr)).toContain(
      'aucune date trouvée ; cherchée dans le titre « Mise à jour quotidienne »',
    );
    expect(plainSpaces(result.stderr)).toContain('le nom du fichier « colle.txt »');
  });
});
