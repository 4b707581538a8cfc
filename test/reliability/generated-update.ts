/**
 * Random French daily updates for the reliability campaign: a headline with a statement, then a
 * section of one or two bullets with figures written the Québec way (1 106, 7 %, 74,88 %), some in
 * bold. Small on purpose (two or three posts per thread), so many rounds fit in a short run.
 */

const HEADLINES = [
  'Un réseau qui apprend',
  'Une semaine sous le signe de la stabilité',
  'Des équipes mobilisées',
  'Le déploiement se poursuit',
  'Une journée bien remplie',
];
const SECTIONS = [
  'Faits saillants',
  'Bons coups',
  'Mise à jour technologique',
  'Objectif – les actions à venir',
  'Soutien aux équipes',
];
const SUBJECTS = [
  'Les centrales de prélèvements',
  'Les équipes de soutien',
  "Les urgences de l'Hôpital Jean-Talon",
  'Les cliniques externes',
  'Les escouades mobiles',
  'Les centres de services',
];
const VERBS = ['ont réalisé', 'ont traité', 'ont accompagné', 'ont documenté', 'ont résolu'];
const OBJECTS = ['prélèvements', 'billets', 'usagers', 'chirurgies', 'demandes', 'ordonnances'];
const TAILS = [
  'hier',
  'depuis lundi',
  'au cours de la journée',
  'durant la fin de semaine',
  'malgré un achalandage élevé',
];
const HASHTAGS = ['DSN', 'SantéQuébec', 'Soins', 'Réseau'];
const STATEMENTS = [
  'La continuité des soins a été assurée dans toutes nos installations.',
  'Merci aux équipes pour leur engagement, de jour comme de nuit.',
  'Le personnel est demeuré calme, disponible et engagé.',
  "Nous poursuivons l'accompagnement des équipes sur le terrain.",
];

/** The text of a random update dated `date`, drawn from `random` (same draws, same text). */
export function generatedUpdate(random: () => number, date: string): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const hashtags = HASHTAGS.filter(() => random() < 0.4);
  const lines = [
    '---',
    `date: ${date}`,
    'title: Mise à jour quotidienne',
    'subtitle: Dossier santé numérique (DSN)',
    ...(hashtags.length > 0 ? [`hashtags: [${hashtags.join(', ')}]`] : []),
    '---',
    '',
    `# ${pick(HEADLINES)}`,
    '',
    `- ${pick(STATEMENTS)}`,
  ];
  lines.push('', `## ${pick(SECTIONS)}`, '');
  const bullets = 1 + Math.floor(random() * 2);
  for (let bullet = 0; bullet < bullets; bullet++) lines.push(`- ${figureBullet(random, pick)}`);
  return `${lines.join('\n')}\n`;
}

function figureBullet(random: () => number, pick: <T>(items: readonly T[]) => T): string {
  const count = frenchInteger(10 + Math.floor(random() ** 2 * 40_000));
  const sentence = `${pick(SUBJECTS)} ${pick(VERBS)} ${count} ${pick(OBJECTS)} ${pick(TAILS)}`;
  switch (Math.floor(random() * 3)) {
    case 0:
      return `${sentence}, soit ${1 + Math.floor(random() * 30)} % de plus que la cible prévue.`;
    case 1: {
      const share = (random() * 100).toFixed(2).replace('.', ',');
      return `${sentence}. **${share} % des accès sont déjà effectués.**`;
    }
    default:
      return `${sentence}.`;
  }
}

/** 22460 → "22 460", the way the updates write thousands. */
function frenchInteger(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
