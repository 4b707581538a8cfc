import { describe, expect, it } from 'vitest';
import { parseUpdateFile, parseUpdateText } from '../../src/update/parse.js';
import { readUpdateFile } from '../../src/update/read-update.js';
import type { Update } from '../../src/update/types.js';
import { contentShape } from './intake-helpers.js';

const file = (name: string) => new URL(`./files/${name}`, import.meta.url).pathname;
const HEAD = '---\ndate: 2026-05-14\ntitle: Mise à jour quotidienne\n---\n\n';

const outline = (update: Update) =>
  update.sections.map((section) => [section.level, section.heading, section.paragraphs.length, section.bullets.length]);

/**
 * What a communications team means by a line ending with « : » outside a list (colon-lines.ts):
 * after a section's content, a short one starts the next section at the same level, never a part of
 * the regional section above; a dated one is a sub-section; right under a heading it stays that
 * section's first line; a sentence keeps the bullets that follow under it.
 */
describe('lines ending with « : » outside a list', () => {
  it('after a regional section’s bullets, « Faits saillants : » starts its own section: its figures are not regional', () => {
    const update = parseUpdateFile(file('colon-headings.md'));
    expect(outline(update)).toEqual([
      [1, 'Un réseau qui apprend et s’adapte 🩺', 0, 1],
      [2, 'Faits saillants – Mauricie-Centre-du-Québec', 0, 2],
      [2, 'Faits saillants', 0, 2],
      [2, 'Enjeux prioritaires', 1, 0],
      [2, 'Bons coups – Nord-de-l’Île-de-Montréal', 1, 3],
      [2, 'Mise à jour technologique', 0, 1],
      [3, 'Mardi 12 mai 2026', 0, 1],
    ]);
    const figure = (value: string) => update.figures.find((candidate) => candidate.value === value);
    expect(figure('412')).toMatchObject({ section: 'Faits saillants' });
    expect(figure('412')?.place).toBeUndefined();
    // A dated line after content is a sub-section: its figures take its date.
    expect(figure('166')).toMatchObject({ section: 'Mardi 12 mai 2026', refersToDate: '2026-05-12' });
  });

  it('right under a heading it stays the first line of the section; a sentence keeps the bullets after it under it, in order', () => {
    const update = parseUpdateFile(file('colon-headings.md'));
    const bonsCoups = update.sections.find((section) => section.heading.startsWith('Bons coups'))!;
    expect(bonsCoups.paragraphs).toEqual(['Témoignages :']);
    const last = bonsCoups.bullets.at(-1)!;
    expect(last.text).toBe('Voici ce que nous retenons des visites de la semaine dans les unités de soins :');
    expect(last.children.map((child) => child.text)).toEqual([
      'Les équipes de nuit demandent plus de soutien.',
      'Les postes mobiles sont appréciés (photos).',
    ]);
    expect(last.children[1]?.spans).toContainEqual({
      kind: 'link',
      text: 'photos',
      url: 'https://www.example.org/dsn/photos',
    });
  });

  it('pasted as plain text, even with no blank line after a bullet, it reads as the Markdown does', async () => {
    const markdown = parseUpdateFile(file('colon-headings.md'));
    const text = await readUpdateFile(file('colon-headings.txt'));
    expect(contentShape(text)).toEqual(contentShape(markdown));
  });

  it('a line ending with « : » in a bullet, or a sentence with nothing after it, is left as written', () => {
    const update = parseUpdateText(
      `${HEAD}# Bilan\n\n- Gestion de changement : on poursuit l’accompagnement.\n- Les plateformes suivantes :\n  - LinkedIn\n\nNous remercions les équipes qui ont travaillé toute la nuit pour rendre ce déploiement possible :\n`,
      'essai.md',
    );
    expect(outline(update)).toEqual([[1, 'Bilan', 1, 2]]);
  });
});
