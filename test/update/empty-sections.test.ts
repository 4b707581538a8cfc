import { describe, expect, it } from 'vitest';
import { buildContent } from '../../src/compose/content.js';
import { siteText } from '../../src/compose/site-text.js';
import { parseUpdateFile, parseUpdateText } from '../../src/update/parse.js';
import { readUpdateFile } from '../../src/update/read-update.js';

const file = (name: string) => new URL(`./files/${name}`, import.meta.url).pathname;
const EMPTY = ['Bons coups – Laval', 'Mise à jour technologique', 'Mercredi 13 mai 2026', 'Mardi 12 mai 2026', 'Suivi'];

describe('a heading with nothing under it before the next heading of the same or a higher level', () => {
  it('is left out of the sections, with a warning in French naming it and its line', () => {
    const update = parseUpdateFile(file('empty-sections.md'));
    expect(update.sections.map((section) => section.heading)).toEqual([
      'Un réseau qui apprend 🚀',
      'Faits saillants – Laval',
      'Faits saillants – Montérégie',
      'Objectif – les actions à venir',
    ]);
    expect(update.warnings?.map((warning) => warning.line)).toEqual([18, 24, 26, 28, 34]);
    expect(update.warnings?.[0]?.messageFr).toBe(
      'empty-sections.md, ligne 18\u00A0: la section «\u00A0Bons coups – Laval\u00A0» est vide\u00A0: son titre est retiré des publications et de la page',
    );
    expect(update.warnings?.[0]?.message).toBe(
      'empty-sections.md:18: the section "Bons coups – Laval" is empty: its heading is left out of the posts and the page',
    );
  });

  it('never reaches a post or the site page', () => {
    const update = parseUpdateFile(file('empty-sections.md'));
    const blocks = buildContent(update, [], 'narrow').groups.flatMap((group) => group.blocks);
    const page = siteText(update);
    for (const heading of EMPTY) {
      expect(blocks.some((block) => block.text.includes(heading))).toBe(false);
      expect(page).not.toContain(heading);
    }
  });

  it('a heading whose sub-sections have content is kept', () => {
    const update = parseUpdateText(
      '---\ndate: 2026-05-14\ntitle: T\n---\n\n## Mise à jour technologique\n\n### Mardi 12 mai 2026\n\n- 166 chirurgies documentées.\n',
      'essai.md',
    );
    expect(update.sections.map((section) => section.heading)).toEqual([
      'Mise à jour technologique',
      'Mardi 12 mai 2026',
    ]);
    expect(update.warnings).toBeUndefined();
  });

  it('pasted as plain text, a heading line over another heading line is dropped the same way', async () => {
    const update = await readUpdateFile(
      new URL('../fixtures/text/mise-a-jour-dsn-2026-05-14.txt', import.meta.url).pathname,
    );
    const technology = update.sections.findIndex((section) => section.heading === 'Mise à jour technologique');
    expect(update.sections[technology + 1]?.heading).toBe('Mercredi 13 mai 2026');
    expect(update.warnings?.map((warning) => warning.messageFr)).toEqual([
      'mise-a-jour-dsn-2026-05-14.txt, ligne 46\u00A0: la section «\u00A0Faits saillants\u00A0» est vide\u00A0: son titre est retiré des publications et de la page',
    ]);
  });
});
