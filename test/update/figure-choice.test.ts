import { describe, expect, it } from 'vitest';
import { parseUpdateFile, parseUpdateText } from '../../src/update/parse.js';
import type { Figure } from '../../src/update/types.js';

const file = (name: string) => new URL(`./files/${name}`, import.meta.url).pathname;
const HEAD = '---\ndate: 2026-06-23\ntitle: Mise à jour quotidienne\n---\n\n';
const values = (figures: Figure[]) => figures.map((figure) => figure.value);

/** A figure's value or label must never be a date, a time, a phone number or a year. */
function looksLikeDateTimePhoneOrYear(figure: Figure): boolean {
  const text = `${figure.value} ${figure.label}`;
  return (
    /\b(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b/iu.test(text) ||
    /\d\s?h\s?\d{2}/u.test(text) ||
    /^(?:811|211|911)$/.test(figure.value) ||
    /^(?:19|20)\d\d$/.test(figure.value) ||
    /info-santé|composez|appelez/iu.test(text)
  );
}

describe('figure candidates in updates written for the purpose', () => {
  it('a calendar list gives no date, time, service number, phone, postal code, year, step or list number', () => {
    const update = parseUpdateFile(file('calendar.md'));
    expect(values(update.figures)).toEqual(['91 %', '4 212']);
    expect(update.figures.some(looksLikeDateTimePhoneOrYear)).toBe(false);
  });

  it('a list of service and phone numbers, and labels that only name a year, version, date, time or step, gives only the counts', () => {
    const update = parseUpdateFile(file('service-numbers.md'));
    expect(update.figures.map((f) => [f.value, f.label])).toEqual([
      ['4 212', 'appels reçus hier'],
      ['3 100', 'appels traités'],
      ['2 400', 'appels reçus au 811'],
    ]);
    expect(update.figures.some(looksLikeDateTimePhoneOrYear)).toBe(false);
  });

  it('takes a label from the words next to the number, never from who said it or a capitalised word earlier in the line', () => {
    const update = parseUpdateFile(file('attributions.md'));
    expect(update.figures.map((f) => [f.value, f.label, f.place ?? null])).toEqual([
      ['1 200', 'dossiers transférés hier sans interruption de service', null],
      ['3 400', 'ordonnances numérisées', null],
      ['1 450', 'rendez-vous pris', null],
      ['3 200', 'appels reçus', null],
      ['640', 'équipes du Centre intégré', 'Laval'],
      ['410', 'cliniques ouvertes', 'Laval'],
    ]);
    // « Selon le Ministère : 2 100. » and « Laval : 1 800. » say who and where, not what is counted.
    expect(values(update.figures)).not.toContain('2 100');
    expect(values(update.figures)).not.toContain('1 800');
    // The alt text reads the whole sentence: « M. » does not end it.
    expect(update.figures[0]?.sentence).toBe(
      'Selon M. Tremblay, 1 200 dossiers ont été transférés hier sans interruption de service.',
    );
  });

  it('never makes a key figure of a change whose subject is not said (« 35 % de plus », « Hausse : 8 % »)', () => {
    const update = parseUpdateText(
      `${HEAD}# Achalandage\n\n- 1 200 visites hier.\n- 35 % de plus.\n- 20 % de moins que l’an dernier.\n- Hausse : 8 %.\n- 40 % en hausse.\n- 12 lits de moins.\n`,
      'changes.md',
    );
    expect(update.figures.map((f) => [f.value, f.label])).toEqual([
      ['1 200', 'visites hier'],
      ['12', 'lits de moins'],
    ]);
  });

  it('keeps what a share says (« 1 décès sur 3 survient la nuit »): never a tile reading « 1 sur 3 · décès »', () => {
    const update = parseUpdateText(
      `${HEAD}# Constats\n\n` +
        '- Vérifiez vos détecteurs : 1 décès sur 3 survient la nuit.\n' +
        '- 3 patients sur 4 sont satisfaits de leur visite.\n' +
        '- 4 urgences sur 10 dépassent leur capacité depuis lundi.\n' +
        '- 9 sur 10 patients sont satisfaits.\n' +
        '- 22 460 utilisateurs connectés, sur un total de 30 000 utilisateurs.\n' +
        '- 18 routes fermées sur 25.\n' +
        '- 2 cliniques sur 5 ferment plus tôt que prévu cette semaine dans toutes les régions du Québec à cause de la tempête.\n',
      'shares.md',
    );
    const byValue = new Map(update.figures.map((f) => [f.value, [f.label, f.total?.value]]));
    expect(byValue.get('1')).toEqual(['décès sur 3 survient la nuit', undefined]);
    expect(byValue.get('3')).toEqual(['patients sur 4 sont satisfaits de leur visite', undefined]);
    expect(byValue.get('4')).toEqual(['urgences sur 10 dépassent leur capacité', undefined]);
    // The total counts what the figure counts: kept as its total.
    expect(byValue.get('9')).toEqual(['patients satisfaits', '10']);
    expect(byValue.get('22 460')).toEqual(['utilisateurs connectés', '30 000']);
    expect(byValue.get('18')).toEqual(['routes fermées', '25']);
    // Too long to be a tile's label: no key figure rather than « 2 sur 5 · cliniques ».
    expect(byValue.has('2')).toBe(false);
  });

  it('« 2,3 millions de doses »: millions are part of the value; a label before the colon keeps the words narrowing it', () => {
    const update = parseUpdateText(
      `${HEAD}# Vaccination\n\n` +
        '- 2,3 millions de doses administrées depuis le 1er octobre.\n' +
        '- 1 milliard d’appels traités.\n' +
        '- Taux de couverture : 67,5 % chez les 75 ans et plus (+2,1 points).\n' +
        '- Laval : 92 % des rendez-vous confirmés.\n',
      'vaccination.md',
    );
    expect(update.figures.map((f) => [f.value, f.unit, f.numeric, f.label, f.place])).toEqual(
      expect.arrayContaining([
        ['2,3 millions', 'millions', 2.3, 'de doses administrées', undefined],
        ['1 milliard', 'milliards', 1, 'd’appels traités', undefined],
        ['67,5 %', '%', 67.5, 'Taux de couverture chez les 75 ans et plus', undefined],
        ['92 %', '%', 92, 'rendez-vous confirmés', 'Laval'],
      ]),
    );
    // A cumulative figure counts since that day: its tile and alt text say so, not « 1er octobre » alone.
    expect(update.figures.find((f) => f.unit === 'millions')?.refersTo).toBe('depuis le 1er octobre 2025');
  });

  it('a leading proper name (« Pont Pierre-Laporte : ») stays with its figure as its place; an acronym or a common noun does not', () => {
    const update = parseUpdateText(
      `${HEAD}# Routes\n\n` +
        '- Pont Pierre-Laporte : 2 voies sur 4 fermées la nuit.\n' +
        '- Hôpital Jean-Talon : 45 patients vus à l’urgence.\n' +
        '- DSN : 22 460 utilisateurs connectés.\n' +
        '- Enjeu prioritaire : 12 équipes mobilisées.\n' +
        '- Autoroute 40 : 3 bretelles fermées.\n' +
        '- Appels au 811 : 2 340\n',
      'routes.md',
    );
    expect(update.figures.map((f) => [f.value, f.label, f.place])).toEqual(
      expect.arrayContaining([
        ['2', 'voies sur 4 fermées la nuit', 'Pont Pierre-Laporte'],
        ['45', 'patients vus à l’urgence', 'Hôpital Jean-Talon'],
        ['22 460', 'utilisateurs connectés', undefined],
        ['12', 'équipes mobilisées', undefined],
        ['3', 'bretelles fermées', 'Autoroute 40'],
        ['2 340', 'Appels au 811', undefined],
      ]),
    );
  });

  it('never makes a key figure of a number the text says is not exact (« Près de **4 000** appels »)', () => {
    const update = parseUpdateText(
      `${HEAD}# Bilan\n\n` +
        '- Près de **4 000** appels reçus hier.\n' +
        '- Plus de **1 200** repas servis.\n' +
        '- Environ **250** bénévoles mobilisés.\n' +
        '- **312** lits ouverts ce matin.\n',
      'approx.md',
    );
    expect(update.figures.map((f) => [f.value, f.label])).toEqual([['312', 'lits ouverts ce matin']]);
  });

  it('reads a number in bold in a paragraph as a bullet’s: from its own sentence, with the paragraph’s line', () => {
    const update = parseUpdateText(
      `${HEAD}La campagne avance bien. Au total, **412 318 doses** ont été administrées depuis lundi. Merci aux équipes.\n\n` +
        '# Bilan\n\n' +
        'Les urgences ont reçu 1 240 appels hier, selon M. Tremblay.\n\n' +
        'Près de **4 000** rendez-vous ont été ajoutés.\n\n' +
        '- **312** lits ouverts ce matin.\n',
      'paragraphes.md',
    );
    expect(update.figures.map((f) => [f.value, f.label, f.line])).toEqual([
      ['412 318', 'doses administrées', 6],
      ['312', 'lits ouverts ce matin', 14],
    ]);
    // The paragraph is kept whole, as written.
    expect(update.sections[0]?.paragraphs[0]).toBe(
      'La campagne avance bien. Au total, 412 318 doses ont été administrées depuis lundi. Merci aux équipes.',
    );
  });

  it('a subject worth a number in bold is what it counts (« Le taux de couverture atteint **74,5 %** chez les 60 ans »)', () => {
    const update = parseUpdateText(
      `${HEAD}# Bilan\n\n` +
        '- Le taux de couverture atteint **74,5 %** chez les 60 ans et plus, selon M. Tremblay.\n' +
        '- Le nombre de visites s’élève à **2 000** par jour.\n' +
        '- Les urgences ont reçu **1 240** appels.\n',
      'sujets.md',
    );
    expect(update.figures.map((f) => [f.value, f.label])).toEqual([
      ['74,5 %', 'taux de couverture chez les 60 ans et plus'],
      ['2 000', 'visites par jour'],
      ['1 240', 'appels'],
    ]);
  });

  it('degrees and minutes are units; a second figure’s words are not the first one’s label; opening hours are no figure', () => {
    const update = parseUpdateText(
      `${HEAD}# Bilan\n\n` +
        '- Les températures atteindront **34 °C** cet après-midi.\n' +
        '- Le CIUSSS a ouvert **12 haltes climatisées** et **3 000** bouteilles ont été distribuées.\n' +
        '- Délai moyen d’attente : **23 minutes**\n' +
        '- **Info-Santé 811** : 24 h sur 24, 7 jours sur 7.\n',
      'chaleur.md',
    );
    expect(update.figures.map((f) => [f.value, f.unit, f.label])).toEqual([
      ['34 °C', '°C', 'températures'],
      ['12', '', 'haltes climatisées'],
      ['23 minutes', 'min', 'Délai moyen d’attente'],
    ]);
  });

  it('keeps each unit with its value, and the label says what it counts', () => {
    const update = parseUpdateFile(file('amounts.md'));
    expect(update.figures.map((f) => [f.value, f.unit, f.label])).toEqual([
      ['12,5 M$', 'M$', 'investis dans la modernisation des postes de travail'],
      ['487 500 $', '$', 'consacrés à la formation du personnel infirmier'],
      ['350 k$', 'k$', 'pour le soutien de proximité dans les urgences'],
      ['1,2 M$', 'M$', 'Économies réalisées'],
      ['12 h', 'h', 'délai moyen pour un rendez-vous de suivi'],
      ['3 jours', 'jours', 'formation offerts à chaque équipe'],
    ]);
    expect(update.figures.find((f) => f.value === '12,5 M$')?.numeric).toBe(12.5);
  });

  it('leaves emoji and markup out of labels, and keeps the place of a regional figure', () => {
    const update = parseUpdateFile(file('emoji-label.md'));
    for (const figure of update.figures) expect(figure.label).not.toMatch(/[\p{Extended_Pictographic}*_`]/u);
    const laval = update.figures.find((f) => f.value === '92 %');
    expect(laval).toMatchObject({ label: 'rendez-vous confirmés', place: 'Laval' });
    expect(update.figures.find((f) => f.value === '312')?.place).toBe('Laval');
    expect(update.figures.find((f) => f.value === '28 977')).toMatchObject({
      label: 'utilisateurs formés',
      total: { value: '30 000', numeric: 30_000 },
    });
  });

  it('puts the provincial headline figures before 20 regional sections, each regional figure with its place', () => {
    const update = parseUpdateFile(file('regions-20.md'));
    expect(values(update.figures.slice(0, 4))).toEqual(['24 108', '7 412', '181', '1 652']);
    const regional = update.figures.filter((f) => f.section?.startsWith('Faits saillants'));
    expect(regional).toHaveLength(40);
    expect(regional.every((f) => f.place !== undefined && f.section?.endsWith(f.place))).toBe(true);
    expect(update.figures.slice(0, 5).every((f) => f.place === undefined)).toBe(true);
    expect(update.figures.some(looksLikeDateTimePhoneOrYear)).toBe(false);
  });

  it('completes a date in a bullet with the year of the heading above it, and warns about a figure dated after the update', () => {
    const update = parseUpdateFile(file('december.md'));
    const simultaneous = update.figures.find((f) => f.value === '6 708');
    expect(simultaneous?.refersTo).toBe('13 mai 2026, 14 h 15');
    expect(simultaneous?.label).toBe('utilisateurs connectés simultanément');
    expect(update.warnings).toEqual([
      expect.objectContaining({ line: 21, messageFr: expect.stringContaining('1 890 billets ouverts') }),
    ]);
    expect(update.warnings?.[0]?.message).toMatch(/^december\.md:21: the figure .* after the update's date/);
    expect(update.warnings?.[0]?.messageFr).toMatch(/^december\.md, ligne 21 : le chiffre /);
  });

  it('ranks percentages and totals over plain counts, headline sections over highlights', () => {
    const update = parseUpdateText(
      `${HEAD}# Bilan\n\n## Bons coups\n\n- 40 % des patients satisfaits.\n\n## Mise à jour technologique\n\n- 312 super-utilisateurs mobilisés.\n- 18 % des billets escaladés.\n- 900 accès ouverts sur 1 000 prévus.\n`,
      'essai.md',
    );
    expect(values(update.figures)).toEqual(['18 %', '900', '40 %', '312']);
  });

  it('never takes a phone number, a year, a version or a postal code for a figure', () => {
    const update = parseUpdateText(
      `${HEAD}# Divers\n\n- Appelez le 514 555-0199 pour de l’aide.\n- Info-Santé : 811\n- 2026 : une année de transition.\n- Version 3.2 du portail déployée.\n- Local 210 : soutien technique.\n- 1. Première étape.\n- Composez 811 en tout temps.\n- H2X 1Y4 : adresse du centre.\n`,
      'essai.md',
    );
    expect(update.figures).toEqual([]);
  });

  it('keeps front-matter figures first, as written', () => {
    const update = parseUpdateText(
      '---\ndate: 2026-06-23\ntitle: T\nfigures:\n  - { value: "12 345", label: visites }\n---\n# Titre\n- 22 460 utilisateurs connectés.\n',
      'essai.md',
    );
    expect(values(update.figures)).toEqual(['12 345']);
  });
});
