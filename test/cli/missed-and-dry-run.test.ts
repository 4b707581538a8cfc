import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const SAMPLE = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crieur-late-'));
  writeFileSync(join(dir, 'crieur.yaml'), 'dataDir: ./data\nnetworks: [site]\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function crieur(...argv: string[]): Promise<{ code: number; out: string }> {
  const env = { CRIEUR_CONFIG: join(dir, 'crieur.yaml'), SITE_OUTPUT_DIR: join(dir, 'site'), LOG_LEVEL: 'silent' };
  const { code, stdout, stderr } = await runCli(argv, { env, cwd: dir });
  return { code, out: stdout + stderr };
}

async function statusOf(id: string): Promise<string> {
  const { out } = await crieur('queue', '--json');
  const { drafts } = JSON.parse(out) as { drafts: Array<{ id: string; status: string }> };
  return drafts.find((draft) => draft.id === id)?.status ?? 'absent';
}

describe('a missed draft, as the « Publication manquée » notification says', () => {
  it('goes out late once approved and published with --now by a person, never by the scheduler', async () => {
    expect((await crieur('draft', SAMPLE, '--by', 'Rédaction')).code).toBe(0);
    // The sample's day is past: the scheduler marks the draft missed and sends nothing.
    await crieur('publish');
    expect(await statusOf('d1')).toBe('missed');

    const unapproved = await crieur('publish', '--date', '2026-05-14', '--now', '--by', 'Opérateur');
    expect(unapproved.code).toBe(2);
    expect(unapproved.out).toContain('un brouillon manqué peut encore partir en retard une fois approuvé');

    expect((await crieur('approve', 'd1', '--by', 'Approbatrice')).code).toBe(0);
    expect(await statusOf('d1')).toBe('missed');
    // Still missed: a tick does not send it.
    await crieur('publish');
    expect(existsSync(join(dir, 'site', '2026', '05', '14', 'index.html'))).toBe(false);

    const late = await crieur('publish', '--date', '2026-05-14', '--now', '--by', 'Opérateur');
    expect(late.code).toBe(0);
    expect(late.out).toContain('d1: published');
    expect(await statusOf('d1')).toBe('published');
    expect(existsSync(join(dir, 'site', '2026', '05', '14', 'index.html'))).toBe(true);
  });
});

describe('crieur run --dry-run', () => {
  it('refuses a data directory holding drafts still to publish: the real service would never send them', async () => {
    const future = readFileSync(SAMPLE, 'utf8').replace('date: 2026-05-14', 'date: 2099-05-14');
    writeFileSync(join(dir, 'a-venir.md'), future);
    expect((await crieur('draft', join(dir, 'a-venir.md'), '--by', 'Rédaction')).code).toBe(0);
    const run = await crieur('run', '--dry-run', '--no-web');
    expect(run.code).toBe(2);
    expect(run.out).toContain('contient des brouillons encore à publier (d1 site awaiting_review)');
    expect(run.out).toContain('CRIEUR_DATA_DIR');
    expect(await statusOf('d1')).toBe('awaiting_review');
  });
});
