import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Update } from '../../src/update/types.js';
import { runCli } from './run-cli.js';

const files = 'test/update/files';
const env = { ...process.env, CRIEUR_DATA_DIR: '' };
const cwd = process.cwd();
const out = mkdtempSync(join(tmpdir(), 'crieur-figures-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const NOT_A_FIGURE =
  /^(?:811|211|\d{1,2} (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)|\d{1,2} ?h ?\d{2}|(?:19|20)\d\d)$/u;

describe('figures in check --json and preview --json', () => {
  for (const name of ['calendar.md', 'amounts.md', 'regions-20.md', 'emoji-label.md', 'december.md']) {
    it(`${name}: no date, time, phone number or year among the figures; each regional figure has its place`, async () => {
      const check = await runCli(['check', `${files}/${name}`, '--json'], { env, cwd });
      expect(check.code).toBe(0);
      const update = JSON.parse(check.stdout) as Update;
      expect(update.figures.length).toBeGreaterThan(0);
      for (const figure of update.figures) {
        expect(figure.value).not.toMatch(NOT_A_FIGURE);
        expect(figure.label).not.toMatch(/\p{Extended_Pictographic}|composez|appelez|info-santé/iu);
        if (/–\s/.test(figure.section ?? '') && /Faits saillants/.test(figure.section ?? ''))
          expect(figure.place).toBeTruthy();
      }
    });
  }

  it('preview --json gives the same figures as check --json', async () => {
    const check = await runCli(['check', `${files}/emoji-label.md`, '--json'], { env, cwd });
    const preview = await runCli(['preview', `${files}/emoji-label.md`, '--json', '--out', join(out, 'emoji')], {
      env,
      cwd,
    });
    expect(preview.code).toBe(0);
    const figures = (JSON.parse(preview.stdout) as { update: Update }).update.figures;
    expect(figures).toEqual((JSON.parse(check.stdout) as Update).figures);
    expect(figures.find((f) => f.value === '92 %')?.place).toBe('Laval');
  });
});

describe('a character no card font can draw (🇶🇨)', () => {
  it('check and preview both exit 0 and give the same warning naming the file and line', async () => {
    const check = await runCli(['check', `${files}/flag.md`, '--json'], { env, cwd });
    const preview = await runCli(['preview', `${files}/flag.md`, '--json', '--out', join(out, 'flag')], { env, cwd });
    expect([check.code, preview.code]).toEqual([0, 0]);
    const checked = (JSON.parse(check.stdout) as Update).warnings ?? [];
    const previewed = JSON.parse(preview.stdout) as {
      update: Update;
      drafts: Array<{ network: string; posts: Array<{ text: string }>; warnings: string[] }>;
    };
    expect(checked.length).toBeGreaterThan(0);
    expect(previewed.update.warnings).toEqual(checked);
    expect(checked[0]).toMatchObject({ line: 5 });
    expect(checked[0]?.messageFr).toContain('flag.md, ligne 5');
    expect(checked[0]?.messageFr).toContain('« QC »');
    expect(checked[0]?.message).toContain('flag.md:5');
    // The posts keep the flag as written, and the drafts carry the warning for the team.
    const x = previewed.drafts.find((draft) => draft.network === 'x');
    expect(x?.posts.some((post) => post.text.includes('🇶🇨'))).toBe(true);
    expect(x?.warnings.some((warning) => warning.includes('ligne 5'))).toBe(true);
  });

  it('check prints the warning in plain text too', async () => {
    const check = await runCli(['check', `${files}/flag.md`], { env, cwd });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('Warnings:');
    expect(check.stdout).toMatch(/flag\.md:5: .*"QC"/);
  });
});
