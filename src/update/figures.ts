import { findFrenchDate } from './french-dates.js';
import { parseFrenchNumber } from './numbers.js';
import type { Bullet, Figure, Section, Update } from './types.js';

const NUMBER = String.raw`(\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d+)(?:,\d+)?(?:[ \u00A0\u202F]?[%$])?`;
// Not followed by a letter: `3e vague`, `1er bilan` and `14h15` are an ordinal and a time, not figures.
const STARTS_WITH_NUMBER = new RegExp(String.raw`^\s*(${NUMBER})(?![\d,\p{L}])\s*(.*)$`, 'u');
const ENDS_WITH_NUMBER = new RegExp(String.raw`^(.*?)\s*:\s*(${NUMBER})\s*\.?$`, 'u');
const TOTAL = new RegExp(String.raw`\bsur (?:un total de |une cible de )?(${NUMBER})`, 'u');

/** Words that carry no meaning in a short figure label. */
const FILLER = new Set(['se', 'sont', 'est', 'été', 'déjà', 'directement', 'bien', 'actuellement', 'maintenant']);
/** `ont`/`a` go only with `été` (`ont été reportés` → `reportés`); before a past participle they keep the label grammatical. */
const PASSIVE_AUXILIARIES = new Set(['ont', 'a']);
/** Words a shortened label must not end with (`… de la santé et des`). */
const DANGLING = new Set([
  'à',
  'au',
  'aux',
  'de',
  'des',
  'du',
  'et',
  'ou',
  'en',
  'la',
  'le',
  'les',
  'par',
  'pour',
  'sur',
  'avec',
  'dans',
  'un',
  'une',
]);
const CUT_BEFORE = [' durant ', ' au cours ', ' pendant ', ' sur un total', ' sur ', ' depuis ', ' ce qui ', ' dont '];

/**
 * Key figures written in the bullets: a bullet that starts with a number (`166 chirurgies …`),
 * puts a number in bold (`**6 708** utilisateurs`), or ends with one (`Nombre de billets : 1790`).
 * Numbers inside a sentence (`… dame de 89 ans`) are context, not key figures.
 */
export function extractFigures(update: Update): Figure[] {
  const figures: Figure[] = [];
  update.sections.forEach((section, index) => {
    const context = dateContext(update.sections, index, update.date);
    for (const bullet of [...labelledParagraphs(section), ...flatten(section.bullets)]) {
      const figure = figureFromBullet(bullet, update.date);
      if (!figure) continue;
      figure.section = section.heading;
      const date = figure.refersTo === undefined ? context : undefined;
      if (date) {
        figure.refersTo = date.label;
        figure.refersToDate = date.iso;
      }
      if (!figures.some((known) => known.value === figure.value && known.label === figure.label)) figures.push(figure);
    }
  });
  return figures;
}

function figureFromBullet(bullet: Bullet, reference: string): Figure | undefined {
  const text = bullet.text.trim();
  let written: string | undefined;
  let label: string | undefined;

  const bold = bullet.spans.find((span) => span.kind === 'strong' && STARTS_WITH_NUMBER.test(span.text));
  const boldMatch = bold ? STARTS_WITH_NUMBER.exec(bold.text) : null;
  const rest = boldMatch?.[3] ?? '';
  const after = bold ? text.slice(text.indexOf(bold.text.trim()) + bold.text.trim().length) : '';
  // The label follows the bold number; a bold number ending the bullet (`Billets : **1 245**`) is read as below.
  const boldLabel = /\p{L}/u.test(rest) ? rest : after;
  const startMatch = STARTS_WITH_NUMBER.exec(text);
  const endMatch = ENDS_WITH_NUMBER.exec(text);
  if (boldMatch && /\p{L}/u.test(boldLabel)) {
    written = boldMatch[1];
    label = boldLabel;
  } else if (startMatch && /^\p{L}/u.test(startMatch[3] ?? '')) {
    written = startMatch[1];
    label = startMatch[3];
  } else if (endMatch && /\p{L}/u.test(endMatch[1] ?? '')) {
    written = endMatch[2];
    label = endMatch[1];
  }
  if (written === undefined || label === undefined) return undefined;
  const value = written.trim();
  const parsed = parseFrenchNumber(value);
  if (!parsed) return undefined;
  const short = shortLabel(label);
  if (short === '') return undefined;
  const figure: Figure = {
    value,
    numeric: parsed.numeric,
    unit: parsed.unit,
    label: short,
    source: 'bullets',
    line: bullet.line,
  };
  const total = TOTAL.exec(text.slice(text.indexOf(value) + value.length));
  if (total?.[1]) {
    const parsedTotal = parseFrenchNumber(total[1]);
    if (parsedTotal) figure.total = { value: total[1], numeric: parsedTotal.numeric };
  }
  const own = findFrenchDate(text, reference, true);
  if (own) {
    figure.refersTo = own.label;
    figure.refersToDate = own.iso;
  }
  return figure;
}

function shortLabel(raw: string): string {
  let label = ` ${raw.replace(/\s+/g, ' ').trim()} `;
  for (const marker of CUT_BEFORE) {
    const at = label.indexOf(marker);
    if (at > 0) label = label.slice(0, at);
  }
  label = label.split(/[,.;!?:(]/u)[0] ?? '';
  label = label
    .trim()
    .replace(/^(le nombre d['’]|le nombre de |nombre d['’]|nombre de |des |de |d['’]|les |le |la |l['’])/iu, '');
  const all = label.split(' ').filter((word) => word !== '');
  const words = all.filter((word, i) => {
    const lower = word.toLowerCase();
    if (PASSIVE_AUXILIARIES.has(lower)) return !all.slice(i + 1, i + 3).some((next) => next.toLowerCase() === 'été');
    return !FILLER.has(lower);
  });
  let short = words.join(' ');
  if (short.length > 60) {
    const kept = short.slice(0, short.lastIndexOf(' ', 60)).split(' ');
    while (kept.length > 1 && DANGLING.has(kept.at(-1)!.toLowerCase())) kept.pop();
    short = kept.join(' ');
  }
  return short.trim();
}

/** The date a section's figures refer to: from its heading, else from the enclosing heading. */
function dateContext(sections: Section[], index: number, reference: string) {
  const section = sections[index];
  if (!section) return undefined;
  const own = findFrenchDate(section.heading, reference, false);
  if (own) return own;
  for (let i = index - 1; i >= 0; i--) {
    const parent = sections[i];
    if (parent && parent.level < section.level) return findFrenchDate(parent.heading, reference, false);
  }
  return undefined;
}

/** A paragraph `Nombre de billets quotidiens : 1790` holds a figure as the same bullet would. */
function labelledParagraphs(section: Section): Bullet[] {
  return section.paragraphs
    .filter((text) => ENDS_WITH_NUMBER.test(text))
    .map((text) => ({ text, spans: [{ kind: 'text', text }], line: section.line, children: [] }));
}

function flatten(bullets: Bullet[]): Bullet[] {
  return bullets.flatMap((bullet) => [bullet, ...flatten(bullet.children)]);
}
