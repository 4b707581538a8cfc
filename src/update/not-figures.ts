/**
 * Numbers that are never key figures, whatever their place in a bullet: dates and day names,
 * times, phone and service numbers, postal codes, years, ordinals, version numbers and list
 * numbering. Each rule looks at the text just before and just after the number.
 */

const MONTH =
  '(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)';
const DAY = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)';

export type NotFigureReason = 'date' | 'time' | 'phone' | 'postal code' | 'year' | 'ordinal' | 'version' | 'numbering';

interface NumberAt {
  /** The whole bullet text. */
  text: string;
  /** Index of the number's first digit, and of the character after its unit. */
  start: number;
  end: number;
  /** The digits as written, without the unit. */
  digits: string;
  unit: string;
}

/**
 * A label that only names what kind of number follows (`Année : 2026`, `Version : 3`, `Date : 15`,
 * `Heure : 14`, `Poste : 2204`): the whole label is that word, at the start of the text or after
 * punctuation, before an optional colon.
 */
const KIND_LABELS: ReadonlyArray<[NotFigureReason, string]> = [
  ['date', '(?:date|jour|journée|mois)'],
  ['time', "(?:heure|horaire|heures d['’]ouverture)"],
  ['year', '(?:année|an|exercice|année financière)'],
  ['version', '(?:version|v\\.?)'],
  ['phone', '(?:téléphone|tél\\.?|télécopieur|fax|numéro de téléphone|numéro sans frais|poste|ligne)'],
  ['postal code', '(?:code postal)'],
  ['numbering', '(?:semaine|étape|phase|vague|numéro|n°|nº|no\\.?)'],
];

/** Each kind's label as a whole: at the start, or after punctuation, with an optional article and colon. */
const KIND_LABEL_PATTERNS = KIND_LABELS.map(
  ([reason, words]) =>
    [
      reason,
      new RegExp(
        `(?:^|[.;!?(–—-][ \\u00A0]*|,[ \\u00A0]+)(?:(?:la|le|l['’])[ \\u00A0]*)?${words}[ \\u00A0]*:?[ \\u00A0]*$`,
        'iu',
      ),
    ] as const,
);

const RULES: ReadonlyArray<[NotFigureReason, (before: string, after: string, n: NumberAt) => boolean]> = [
  ['date', (_b, after) => new RegExp(`^(?:er)?[ \\u00A0]+${MONTH}(?![\\p{L}])`, 'iu').test(after)],
  ['date', (before) => new RegExp(`(?<![\\p{L}])${DAY}[ \\u00A0]+$`, 'iu').test(before)],
  ['date', (before, after) => /^[/-]\d/.test(after) || /\d[/-]$/.test(before)],
  ['time', (_b, after, n) => n.unit === 'h' && /^[ \u00A0\u202F]?\d{2}(?!\d)/.test(after)],
  ['time', (_b, after) => /^[:h]\d{2}(?!\d)/.test(after)],
  // `24 h sur 24`, `7 jours sur 7`: opening hours, not a count (both numbers).
  ['time', (_b, after, n) => (n.unit === 'h' || n.unit === 'jours') && /^[ \u00A0]+sur[ \u00A0]+\d/u.test(after)],
  ['time', (before) => /\d[ \u00A0]*(?:h|heures?|jours?)[ \u00A0]+sur[ \u00A0]+$/iu.test(before)],
  [
    'time',
    (before, after, n) =>
      n.unit === 'h' &&
      (/(?:^|[\s(])(?:à|dès|vers|jusqu['’]à|avant|après|entre|et)[ \u00A0]*$/iu.test(before) || /^\s*:/.test(after)),
  ],
  [
    'phone',
    (before) =>
      /(?:composez|composer|compose|appelez|appeler|téléphonez|téléphone|tél\.?|info[- ]santé|info[- ]social|ligne|numéro|sans frais)[\s\u00A0:]*(?:le|au|:)?[\s\u00A0]*$/iu.test(
        before,
      ),
  ],
  ['phone', (_b, after) => /^[ .\u00A0-]\d{3,4}(?!\d)/.test(after) || /^-\d/.test(after)],
  ['phone', (_b, _a, n) => n.unit === '' && /^[2-9]11$/.test(n.digits)],
  // `1 800 363` grouped like a count, then `-4567`: a toll-free number.
  ['phone', (_b, _a, n) => n.unit === '' && /^1[ \u00A0\u202F]8\d\d[ \u00A0\u202F]\d{3}$/.test(n.digits)],
  ['postal code', (before) => /[A-Za-z]\d[A-Za-z][ \u00A0]?$/.test(before)],
  [
    'year',
    (before, after, n) =>
      n.unit === '' &&
      /^(?:19|20)\d\d$/.test(n.digits) &&
      (new RegExp(
        `(?:${MONTH}|${DAY}|en|depuis|année|an|d['’]ici|fin|début|avant|après|printemps|été|automne|hiver|exercice|\\()[ \\u00A0]*$`,
        'iu',
      ).test(before) ||
        (before.trim() === '' && /^[ \u00A0]*(?:[:,–—-]|$)/u.test(after))),
  ],
  ['ordinal', (_b, after, n) => n.unit === '' && /^\p{L}/u.test(after)],
  ['ordinal', (before) => /(?:n°|no\.?|nº)[ \u00A0]*$/iu.test(before)],
  [
    'version',
    (before, after) => /(?:version|v\.?|logiciel|mise à jour)[ \u00A0]*$/iu.test(before) || /^\.\d/.test(after),
  ],
  [
    'numbering',
    (before) =>
      /(?<![\p{L}])(?:étape|phase|point|numéro|article|page|vague|lot|bloc|salle|local|niveau|priorité|objectif|question|section|chapitre|annexe)[ \u00A0]*$/iu.test(
        before,
      ),
  ],
  ['numbering', (before, after) => before.trim() === '' && /^[.)][ \u00A0]/.test(after)],
];

/** Why the number at `start` is not a key figure, or undefined when it may be one. */
export function notAFigure(number: NumberAt): NotFigureReason | undefined {
  const label = number.text.slice(0, number.start).trimStart();
  for (const [reason, pattern] of KIND_LABEL_PATTERNS) if (pattern.test(label)) return reason;
  const before = number.text.slice(Math.max(0, number.start - 60), number.start);
  const after = number.text.slice(number.end, number.end + 30);
  for (const [reason, applies] of RULES) if (applies(before, after, number)) return reason;
  return undefined;
}
