import { describe, expect, it } from 'vitest';
import { NBSP, NNBSP, normalizeTypography } from '../../src/compose/typography.js';

/** Writes no-break spaces visibly: `_` for U+00A0, `^` for U+202F. */
function visible(text: string): string {
  return text.replaceAll(NBSP, '_').replaceAll(NNBSP, '^');
}

describe('normalizeTypography for Bluesky, LinkedIn and Facebook (narrow)', () => {
  const narrow = (text: string) => visible(normalizeTypography(text, 'narrow'));

  it.each([
    ['supérieur de 7% à la cible', 'supérieur de 7^% à la cible'],
    ['74,88 % des accès', '74,88^% des accès'],
    ['le 13 mai à 14h15', 'le 13 mai à 14_h_15'],
    ['du mardi 12 mai 00h00 à 23h59', 'du mardi 12 mai 00_h_00 à 23_h_59'],
    ['dès 9h ce matin', 'dès 9_h ce matin'],
    ['à 9 h 30', 'à 9_h_30'],
    ['22 460 utilisateurs sur 30 000', '22^460 utilisateurs sur 30^000'],
    ['22460 utilisateurs', '22^460 utilisateurs'],
    ['1234567 dossiers', '1^234^567 dossiers'],
    ['12345,67 $', '12^345,67^$'],
    ['12,5 M$ investis, 487 500 $ et 350 k$', '12,5^M$ investis, 487^500^$ et 350^k$'],
    ['Nombre de billets quotidiens : 1790', 'Nombre de billets quotidiens_: 1^790'],
    ['en 1790, puis 1245 billets', 'en 1790, puis 1^245 billets'],
    ['le budget 2026 et la version 2024, local 1204', 'le budget 2026 et la version 2024, local 1204'],
    ['Le DSN — un outil concret — au service des soins', 'Le DSN_—_un outil concret_—_au service des soins'],
    ["l'équipe d'accueil", 'l’équipe d’accueil'],
    ['Enjeu prioritaire: soutenir', 'Enjeu prioritaire_: soutenir'],
    ['au nouveau système!', 'au nouveau système^!'],
    ['Vraiment ?! Oui; non', 'Vraiment^?! Oui^; non'],
    ['il a dit «bonjour» hier', 'il a dit «_bonjour_» hier'],
    ['« déjà espacé »', '«_déjà espacé_»'],
    ['3,14159 et 0,5', '3,14159 et 0,5'],
  ])('%s', (input, expected) => {
    expect(narrow(input)).toBe(expected);
  });

  it('leaves URLs, times in URLs, hashtags and mentions alone', () => {
    const text = 'Voir https://exemple.qc.ca/a?heure=14h15&t=12:30&n=22460! #Santé2026 @dsn.bsky.social';
    expect(narrow(text)).toBe('Voir https://exemple.qc.ca/a?heure=14h15&t=12:30&n=22460^! #Santé2026 @dsn.bsky.social');
  });

  it('leaves an address without a dot alone (an intranet host), and a hashtag alone in its line', () => {
    expect(narrow('Rapport : http://intranet/rapport?h=14h15&n=22460')).toBe(
      'Rapport_: http://intranet/rapport?h=14h15&n=22460',
    );
    expect(narrow('#Santé2026')).toBe('#Santé2026');
    expect(narrow('Plus de 22460 usagers')).toBe('Plus de 22^460 usagers');
  });

  it('leaves bare domains alone but spaces the punctuation after them', () => {
    expect(narrow('Détails sur santequebec.gouv.qc.ca/dsn?id=12345 : merci')).toBe(
      'Détails sur santequebec.gouv.qc.ca/dsn?id=12345_: merci',
    );
  });

  it('does not touch times written with a colon', () => {
    expect(narrow('rendez-vous à 14:15 demain')).toBe('rendez-vous à 14:15 demain');
  });

  it('is idempotent', () => {
    const text = 'Le 13 mai à 14h15, 22460 personnes (7%) ont dit « oui »! Enjeu: 1 106 prélèvements?';
    const once = normalizeTypography(text, 'narrow');
    expect(normalizeTypography(once, 'narrow')).toBe(once);
    const onceX = normalizeTypography(text, 'x');
    expect(normalizeTypography(onceX, 'x')).toBe(onceX);
  });

  it('follows the configured apostrophe and thousands choices', () => {
    const asWritten = { apostrophe: "'", thousands: 'asWritten' } as const;
    expect(visible(normalizeTypography('l’équipe : 1790 billets', 'narrow', asWritten))).toBe(
      "l'équipe_: 1790 billets",
    );
  });

  it('composes precomposed accents (NFC)', () => {
    expect(normalizeTypography('e\u0301te\u0301', 'narrow')).toBe('été');
  });
});

describe('normalizeTypography for X', () => {
  it('uses only U+00A0, which X counts as one character', () => {
    const out = normalizeTypography('22 460 (74,88%) le 13 mai à 14h15 : bravo! «oui»', 'x');
    expect(out).not.toContain(NNBSP);
    expect(visible(out)).toBe('22_460 (74,88_%) le 13 mai à 14_h_15_: bravo_! «_oui_»');
  });
});
