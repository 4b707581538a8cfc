import { describe, expect, it } from 'vitest';
import { frenchLongDate, typesetFigure } from '../../src/cards/french-text.js';
import { firstSentence, planCards, shortenHighlight } from '../../src/cards/plan.js';
import { parseUpdateText } from '../../src/update/parse.js';
import { sampleUpdate } from './sample-update.js';

describe('planCards on the sample update', () => {
  const cards = planCards(sampleUpdate());

  it('plans one key-figures card for the lead post and one highlights card per "Bons coups" section', () => {
    expect(cards.map((c) => [c.template, c.anchor])).toEqual([
      ['key-figures', { kind: 'lead' }],
      ['highlights', { kind: 'section', sectionIndex: 2 }],
      ['highlights', { kind: 'section', sectionIndex: 4 }],
    ]);
  });

  it('takes the four most important figures with their labels, totals and dates', () => {
    const card = cards[0];
    if (card?.template !== 'key-figures') throw new Error('expected a key-figures card');
    expect(card.title).toBe('Mise à jour quotidienne');
    expect(card.subtitle).toBe('Dossier santé numérique (DSN)');
    expect(card.dateLabel).toBe('14 mai 2026');
    expect(card.figures.map((f) => [f.value, f.label, f.refersTo, f.total?.value])).toEqual([
      ['22 460', 'utilisateurs connectés au DSN', '13 mai 2026', '30 000'],
      ['74,88 %', 'accès effectués', '13 mai 2026', undefined],
      ['82 %', 'ordonnances entrées par des médecins', '12 mai 2026', undefined],
      ['6 708', 'utilisateurs connectés simultanément', '13 mai 2026, 14 h 15', undefined],
    ]);
  });

  it('puts front-matter figures first', () => {
    const update = sampleUpdate();
    const index = update.figures.findIndex((f) => f.value === '1245');
    update.figures[index] = { ...update.figures[index]!, source: 'front-matter' };
    const card = planCards(update)[0];
    if (card?.template !== 'key-figures') throw new Error('expected a key-figures card');
    expect(card.figures.map((f) => f.value)).toEqual(['1245', '22 460', '74,88 %', '82 %']);
  });

  it('tells apart tiles whose labels are the same by the place of their section heading', () => {
    const update = parseUpdateText(
      [
        '---',
        'date: 2026-05-14',
        'title: Mise à jour quotidienne',
        '---',
        '# Faits saillants – Mauricie-Centre-du-Québec',
        '- 120 usagers rencontrés.',
        '- 45 chirurgies documentées.',
        '# Faits saillants – Nord-de-l’Île-de-Montréal',
        '- 98 usagers rencontrés.',
        '- 45 chirurgies documentées.',
        '',
      ].join('\n'),
      'regions.md',
    );
    const card = planCards(update)[0];
    if (card?.template !== 'key-figures') throw new Error('expected a key-figures card');
    expect(card.figures.map((f) => [f.value, f.label, f.place])).toEqual([
      ['120', 'usagers rencontrés', 'Mauricie-Centre-du-Québec'],
      ['45', 'chirurgies documentées', 'Mauricie-Centre-du-Québec'],
      ['98', 'usagers rencontrés', 'Nord-de-l’Île-de-Montréal'],
      ['45', 'chirurgies documentées', 'Nord-de-l’Île-de-Montréal'],
    ]);
  });

  it('shortens highlights to their first sentence, never cutting a word without an ellipsis', () => {
    const highlights = cards.filter((c) => c.template === 'highlights');
    expect(highlights[0]?.heading).toBe('Bons coups – Mauricie-Centre-du-Québec');
    for (const card of highlights) {
      expect(card.bullets.length).toBeGreaterThanOrEqual(2);
      expect(card.bullets.length).toBeLessThanOrEqual(4);
      for (const bullet of card.bullets) expect(bullet.length).toBeLessThanOrEqual(200);
    }
    expect(highlights[0]?.bullets[1]).toBe(
      "Un usager avec un profil complexe a pu recevoir des soins plus rapidement grâce à un partage sécurisé à son médecin d'une photo de la plaie dans le DSN.",
    );
    expect(highlights[1]?.bullets[0]).toBe(
      "Les témoignages se multiplient même chez les usagers : nous avons rencontré en gériatrie une dame de 89 ans à l'Hôpital Jean-Talon.",
    );
  });

  it('plans no key-figures card for an update without figures, and still plans the highlights', () => {
    const update = { ...sampleUpdate(), figures: [] };
    expect(planCards(update).map((c) => c.template)).toEqual(['highlights', 'highlights']);
  });

  it('plans nothing for an update with neither figures nor "Bons coups"', () => {
    const update = { ...sampleUpdate(), figures: [], sections: [] };
    expect(planCards(update)).toEqual([]);
  });
});

describe('shortening', () => {
  it('keeps abbreviations inside the first sentence', () => {
    expect(firstSentence('Le Dr. Tremblay a aidé M. Roy. Puis autre chose.')).toBe('Le Dr. Tremblay a aidé M. Roy.');
  });

  it('cuts at a clause when the first sentence is too long, else at a word, and ends with …', () => {
    const clause = `${'mot '.repeat(30).trim()}, suite de la phrase qui est longue`;
    expect(shortenHighlight(clause, 140)).toBe(`${'mot '.repeat(30).trim()}…`);
    const words = 'anticonstitutionnellement '.repeat(10).trim();
    const short = shortenHighlight(words, 60);
    expect(short).toBe('anticonstitutionnellement anticonstitutionnellement…');
    const giant = 'x'.repeat(300);
    expect(shortenHighlight(giant, 50)).toBe(`${'x'.repeat(49)}…`);
  });
});

describe('French typography', () => {
  it('writes long dates the French way', () => {
    expect(frenchLongDate('2026-05-14')).toBe('14 mai 2026');
    expect(frenchLongDate('2026-08-01')).toBe('1er août 2026');
    expect(() => frenchLongDate('2026-13-01')).toThrow(RangeError);
  });

  it('uses narrow no-break spaces between digit groups and before %', () => {
    expect(typesetFigure('22 460')).toBe('22\u202F460');
    expect(typesetFigure('74,88 %')).toBe('74,88\u202F%');
    expect(typesetFigure('74,88%')).toBe('74,88\u202F%');
    expect(typesetFigure('1 234 567')).toBe('1\u202F234\u202F567');
    expect(typesetFigure('1790')).toBe('1\u202F790');
    expect(typesetFigure('1790', { apostrophe: '’', thousands: 'asWritten' })).toBe('1790');
    expect(typesetFigure('12,5 M$')).toBe('12,5\u202FM$');
  });
});
