import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { altText } from '../../src/cards/alt-text.js';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import { CARD_FORMATS } from '../../src/render/formats.js';
import { compact } from '../../src/render/laid-out-text.js';
import { createCardRenderer } from '../../src/render/renderer.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import type { Update } from '../../src/update/types.js';
import { DEFAULT_BRANDING } from '../../templates/frame.js';
import { tileTexts } from '../../templates/key-figures.js';
import { runCli } from '../cli/run-cli.js';

/** Updates written for issue-style checks: 20 regional sections with a calendar and a flag; a figure-heavy one. */
const LONG = new URL('../fixtures/updates/long-20-regions.md', import.meta.url).pathname;
const HEAVY = new URL('../fixtures/updates/figure-heavy-cards.md', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'crieur-written-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const env = { ...process.env, CRIEUR_DATA_DIR: join(out, 'data') };

const NOT_A_FIGURE = /^(?:811|1 800.*|\d{1,2}(?:er)? (?:juin|mai)|\d{1,2} ?h ?\d{0,2}|(?:19|20)\d\d)$/u;
const SIZES = [
  ...new Map(
    Object.values(CARD_FORMATS).map((f) => [`${f.width}x${f.height}`, { width: f.width, height: f.height }]),
  ).values(),
];
type KeyFigures = Extract<CardSpec, { template: 'key-figures' }>;

describe('updates written for the purpose', () => {
  it.each([
    ['long-20-regions.md', LONG],
    ['figure-heavy-cards.md', HEAVY],
  ])(
    '%s: no date, time, phone number or year among the figures; regional ones carry their place',
    async (_name, file) => {
      const check = await runCli(['check', file, '--json'], { env, cwd: out });
      expect(check.code, check.stderr).toBe(0);
      const update = JSON.parse(check.stdout) as Update;
      expect(update.figures.length).toBeGreaterThan(5);
      for (const figure of update.figures) {
        expect(figure.value).not.toMatch(NOT_A_FIGURE);
        expect(figure.label).not.toMatch(/\p{Extended_Pictographic}|\*|composez|info-santé/iu);
        const region = /^Faits saillants – (.+)$/u.exec(figure.section ?? '')?.[1];
        if (region) expect(figure.place).toBe(region);
      }
    },
  );

  it('the long update’s card takes the provincial headline figures, not regional ones', () => {
    const card = planCards(parseUpdateFile(LONG))[0] as KeyFigures;
    expect(card.figures.map((f) => f.value)).toEqual(['27 318', '8 214', '1 042', '1468']);
    expect(card.figures.every((f) => f.place === undefined)).toBe(true);
  });

  it('🇶🇨 in a highlight: check and preview exit 0 and both name its line', async () => {
    const check = await runCli(['check', LONG, '--json'], { env, cwd: out });
    const preview = await runCli(['preview', LONG, '--json', '--out', join(out, 'long')], { env, cwd: out });
    expect([check.code, preview.code]).toEqual([0, 0]);
    const checked = (JSON.parse(check.stdout) as Update).warnings ?? [];
    const previewed = (JSON.parse(preview.stdout) as { update: Update }).update.warnings ?? [];
    expect(checked.map((w) => w.line)).toContain(154);
    expect(previewed).toEqual(checked);
    expect(checked.find((w) => w.line === 154)?.messageFr).toContain('long-20-regions.md, ligne 154');
  }, 60_000);

  const renderer = createCardRenderer({ branding: DEFAULT_BRANDING });
  for (const [name, file] of [
    ['long', LONG],
    ['figure-heavy', HEAVY],
  ] as const) {
    it(`${name}: the card at every size cuts nothing, and its alt text holds the same figures`, async () => {
      const spec = planCards(parseUpdateFile(file))[0] as KeyFigures;
      const alt = compact(altText(spec, 2000));
      for (const size of SIZES) {
        const { cut } = await renderer.layout(spec, size);
        expect(cut, `${size.width}×${size.height}`).toEqual([]);
      }
      for (const figure of spec.figures) {
        const texts = tileTexts(figure);
        for (const part of [texts.value, texts.total?.replace(/^sur /u, ''), texts.place]) {
          if (part !== undefined) expect(alt).toContain(compact(part));
        }
      }
    }, 120_000);
  }
});
