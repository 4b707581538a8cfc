import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Update } from '../../src/update/types.js';
import { plainSpaces, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'crieur-text-warnings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, CRIEUR_DATA_DIR: join(dir, 'data') };
const cwd = process.cwd();

const FILE = join(dir, '2026-07-09-bilan.md');
writeFileSync(
  FILE,
  '---\ndate: 2026-07-09\ntitle: Bilan\n---\n\n# Bilan\n\n- 1 250 appels reçus hier.\n- Taux d’occupation : 94.5 %\n\n<!-- à vérifier avec la DRSP -->\n',
);

describe('what check says about the text, in every command that reads it', () => {
  it('check, preview --json and draft name the comment left out and the decimal point; draft says each once', async () => {
    const check = await runCli(['check', FILE], { env, cwd });
    expect(check.code).toBe(0);
    expect(plainSpaces(check.stdout)).toContain(
      'ligne 11 : commentaire (<!-- … -->) retiré des publications et de la page',
    );

    const preview = await runCli(['preview', FILE, '--json', '--out', join(dir, 'preview')], { env, cwd });
    const { update } = JSON.parse(preview.stdout) as { update: Update };
    expect(update.warnings?.map((warning) => [warning.line, warning.about])).toEqual([
      [9, 'text'],
      [11, 'text'],
    ]);

    const draft = await runCli(['draft', FILE], { env, cwd });
    expect(draft.code).toBe(0);
    const said = plainSpaces(draft.stderr);
    expect(said.match(/retiré des publications et de la page/gu)).toHaveLength(1);
    expect(said).toContain('« 94.5 % » est écrit avec un point décimal : en français, « 94,5 % »');
    expect(draft.stdout).not.toContain('DRSP');
  });
});
