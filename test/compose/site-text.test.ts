import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planCards } from '../../src/cards/plan.js';
import { composeDrafts } from '../../src/compose/compose.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { siteText } from '../../src/compose/site-text.js';
import { normalizeTypography } from '../../src/compose/typography.js';
import { parseUpdateText } from '../../src/update/parse.js';
import type { Update } from '../../src/update/types.js';
import { allBullets, flattenSpaces, sampleUpdate } from './helpers.js';

const OPTIONS = {
  hashtags: ['SantéQuébec'],
  numbering: 'n/N' as const,
  maxThreadPosts: 25,
  formats: WHOLE_UPDATE_FORMATS,
};

describe('website draft', () => {
  it('is one post holding the whole sample, with every card', () => {
    const update = sampleUpdate();
    const cards = planCards(update);
    const [site] = composeDrafts(update, { ...OPTIONS, networks: ['site'] }, cards);
    expect(site?.network).toBe('site');
    expect(site?.posts).toHaveLength(1);
    expect(site?.posts[0]?.cards).toEqual(cards);
    expect(site?.warnings).toEqual([]);
  });

  it('reads back as the same update: date, title, link, key figures, every section and bullet', () => {
    const update = sampleUpdate();
    const back = parseUpdateText(siteText(update), 'site');
    expect(back.date).toBe(update.date);
    expect(back.title).toBe(update.title);
    expect(back.subtitle).toBe(update.subtitle);
    expect(back.link).toBe(update.link);
    expect(back.figures.map((f) => [f.numeric, f.label])).toEqual(
      update.figures.slice(0, 4).map((f) => [f.numeric, f.label]),
    );
    expect(back.sections.map((s) => [s.level, flattenSpaces(s.heading)])).toEqual(
      update.sections.map((s) => [s.level, flattenSpaces(normalizeTypography(s.heading, 'narrow'))]),
    );
    expect(allBullets(back).map((b) => flattenSpaces(b.text))).toEqual(
      allBullets(update).map((b) => flattenSpaces(normalizeTypography(b.text, 'narrow'))),
    );
    const emphasis = allBullets(back).flatMap((b) => b.spans.filter((span) => span.kind !== 'text'));
    expect(emphasis.map((span) => span.kind)).toEqual(['emphasis', 'strong', 'strong']);
  });

  it('keeps a paragraph written after a list after it: on the website, in a thread and read back', () => {
    const update = parseUpdateText(
      [
        '---',
        'date: 2026-05-14',
        'title: Bilan',
        '---',
        '',
        '## Urgences',
        '',
        'Avant la liste.',
        '',
        '- Premier point : 12 patients.',
        '- Deuxième point.',
        '',
        'Source : ministère, 13 mai.',
        '',
        '1. Troisième point, après la source.',
        '',
        'Note finale.',
        '',
        '## Suite',
        '',
        '- Un point sans paragraphe.',
        '',
      ].join('\n'),
      'u.md',
    );
    const [section, plain] = update.sections;
    expect(section?.paragraphs).toEqual(['Avant la liste.', 'Source : ministère, 13 mai.', 'Note finale.']);
    expect(section?.paragraphPlaces).toEqual([0, 2, 3]);
    expect(plain?.paragraphPlaces).toBeUndefined();
    const inOrder = (text: string) => {
      const at = ['Avant la liste', 'Premier point', 'Deuxième point', 'Source', 'Troisième point', 'Note finale'].map(
        (words) => text.indexOf(words),
      );
      expect(at.every((index) => index >= 0)).toBe(true);
      expect(at).toEqual([...at].sort((a, b) => a - b));
    };
    const site = siteText(update);
    inOrder(site);
    expect(site).toContain('\n1. Troisième point');
    const back = parseUpdateText(site, 'site');
    expect(back.sections[0]?.paragraphPlaces).toEqual([0, 2, 3]);
    const [thread] = composeDrafts(update, { ...OPTIONS, networks: ['x'] }, []);
    inOrder(flattenSpaces(thread!.posts.map((post) => post.text).join('\n')));
  });

  it('keeps any heading, paragraph and bullet text intact, Markdown characters included', () => {
    const word = fc.constantFrom(
      'a',
      'é',
      '1',
      '*',
      '_',
      '[',
      ']',
      '<',
      '>',
      '&',
      '#',
      '\\',
      '`',
      '-',
      '+',
      '.',
      '!',
      ':',
      ' ',
      '&amp;',
      '1.',
      'http://x.y/z',
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.array(word, { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')),
          { minLength: 1, maxLength: 4 },
        ),
        (texts) => {
          const bullets = texts
            .map((raw) => raw.replace(/\s+/gu, ' ').trim())
            .filter((text) => text.length > 0)
            .map((text, line) => ({ text, spans: [{ kind: 'text' as const, text }], line, children: [] }));
          fc.pre(bullets.length > 0);
          const update: Update = {
            date: '2026-05-14',
            title: 'Mise à jour',
            hashtags: [],
            figures: [],
            sections: [
              { level: 2, heading: bullets[0]!.text, line: 1, paragraphs: bullets.map((b) => b.text), bullets },
            ],
            source: { path: 'x.md', sha256: '0'.repeat(64) },
          };
          const back = parseUpdateText(siteText(update), 'site');
          expect(allBullets(back).map((b) => flattenSpaces(b.text))).toEqual(
            bullets.map((b) => flattenSpaces(normalizeTypography(b.text, 'narrow'))),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
