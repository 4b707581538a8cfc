import { describe, expect, it } from 'vitest';
import { altText } from '../../src/cards/alt-text.js';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import { DEFAULT_TYPOGRAPHY } from '../../src/compose/typography.js';
import { CARD_FORMATS } from '../../src/render/formats.js';
import { sampleUpdate } from './sample-update.js';

const cards = planCards(sampleUpdate());
/** Narrow no-break spaces shown as ⍽ so the snapshot shows where they are. */
const visible = (text: string) => text.replace(/\u202F/g, '⍽');

describe('alt text', () => {
  it('describes the key figures with every label and date', () => {
    expect(visible(altText(cards[0]!, 1000))).toMatchInlineSnapshot(
      `"Mise à jour quotidienne – Dossier santé numérique (DSN). 14 mai 2026. Chiffres clés. 22⍽460 utilisateurs se sont déjà connectés au DSN, sur un total de 30⍽000 utilisateurs (13 mai 2026). 74,88⍽% des accès sont déjà effectués (13 mai 2026). 82⍽% ordonnances entrées directement par des médecins (12 mai 2026). Le 13 mai à 14 h 15, nous comptons 6⍽708 utilisateurs connectés simultanément."`,
    );
  });

  it('describes the highlights', () => {
    expect(visible(altText(cards[1]!, 1000))).toMatchInlineSnapshot(
      `"Bons coups – Mauricie-Centre-du-Québec. 14 mai 2026. Entraide du réseau : Un usager nécessitant des soins de réadaptation a été transféré et pris en charge au CISSS de Chaudière-Appalaches. Un usager avec un profil complexe a pu recevoir des soins plus rapidement grâce à un partage sécurisé à son médecin d’une photo de la plaie dans le DSN. Une travailleuse sociale du soutien à domicile, qui devait auparavant naviguer dans cinq systèmes différents, réalise désormais ses tâches à partir d’un seul système intégré."`,
    );
    expect(visible(altText(cards[2]!, 1000))).toMatchInlineSnapshot(
      `"Bons coups – Nord-de-l’Île-de-Montréal. 14 mai 2026. Les témoignages se multiplient même chez les usagers : nous avons rencontré en gériatrie une dame de 89 ans à l’Hôpital Jean-Talon. Nous avons reçu un message de l’une de nos cliniques externes soulignant le professionnalisme des équipes de soutien."`,
    );
  });

  it('never says "image"', () => {
    for (const card of cards) expect(altText(card, 2000)).not.toMatch(/\bimage\b/i);
  });

  it('fits every network’s limit, cutting at a word with …', () => {
    const longest = Math.max(...Object.values(CARD_FORMATS).map((format) => format.altMaxChars));
    const sentence = 'Une phrase assez longue pour déborder la limite.';
    const long: CardSpec = {
      ...(cards[1] as Extract<CardSpec, { template: 'highlights' }>),
      bullets: Array(Math.ceil(longest / sentence.length) + 1).fill(sentence),
    };
    for (const format of Object.values(CARD_FORMATS)) {
      const alt = altText(long, format.altMaxChars);
      expect([...alt].length).toBeLessThanOrEqual(format.altMaxChars);
      expect(alt).toMatch(/\p{L}…$/u);
    }
    expect(altText(cards[0]!, 40)).toBe('Mise à jour quotidienne – Dossier santé…');
  });
});

describe('alt text and the glossary', () => {
  it('spells out an acronym of the glossary the first time only, and keeps the place of a regional figure', () => {
    const spec: CardSpec = {
      template: 'key-figures',
      title: 'Bilan du DSN',
      dateLabel: '21 mai 2026',
      glossary: { DSN: 'Dossier santé numérique', GMF: 'groupe de médecine de famille' },
      figures: [
        { value: '92 %', numeric: 92, unit: '%', label: 'rendez-vous confirmés', place: 'Laval', source: 'bullets' },
        { value: '1790', numeric: 1790, unit: '', label: 'accès au DSN', source: 'bullets' },
      ],
      anchor: { kind: 'lead' },
    };
    const alt = altText(spec, 1000);
    expect(alt).toMatch(/^Bilan du Dossier santé numérique \(DSN\)\./u);
    expect(alt.match(/Dossier santé numérique/gu)).toHaveLength(1);
    expect(alt).not.toContain('groupe de médecine');
    expect(visible(alt)).toContain('92⍽% rendez-vous confirmés, Laval.');
    expect(visible(alt)).toContain('1⍽790 accès au DSN.');
  });
});

describe('two tiles with the same label', () => {
  it('tell their places apart in the alt text as on the card, and keep a number on its word’s line on the card', async () => {
    const { parseUpdateText } = await import('../../src/update/parse.js');
    const { tileTexts } = await import('../../templates/key-figures.js');
    const update = parseUpdateText(
      [
        '---',
        'date: 2026-12-03',
        'title: Urgences',
        '---',
        '# Achalandage',
        '- 87 % des patients prioritaires vus en moins de 2 heures.',
        '## Hôpital Pierre-Boucher',
        '- Occupation : 145 %.',
        '## Hôpital du Haut-Richelieu',
        '- Occupation : 121 %.',
        '',
      ].join('\n'),
      'urgences.md',
    );
    const card = planCards(update).find((spec) => spec.template === 'key-figures');
    if (card?.template !== 'key-figures') throw new Error('no key-figures card');
    const alt = altText(card, 1000).replaceAll('\u00A0', ' ').replaceAll('\u202F', ' ');
    expect(alt).toContain('Occupation : 145 % (Hôpital Pierre-Boucher).');
    expect(alt).toContain('Occupation : 121 % (Hôpital du Haut-Richelieu).');
    const labels = card.figures.map((figure) => tileTexts(figure, DEFAULT_TYPOGRAPHY).label);
    expect(labels).toContain('patients prioritaires vus en moins de 2\u00A0heures');
    expect(labels.join(' ')).not.toMatch(/\d /u);
  });
});
