import { basename } from 'node:path';
import { figureFromBullet } from './figure-candidates.js';
import { type FoundDate, findFrenchDate, frenchLongDate } from './french-dates.js';
import { placeOfHeading } from './places.js';
import { sentenceEnds } from './sentences.js';
import type { Bullet, Figure, Section, Span, Update, UpdateWarning } from './types.js';

/** Sections that tell a story around the figures rather than give the headline ones. */
const HIGHLIGHT_HEADING = /^(?:bons\s+coups|faits\s+saillants|témoignages|à\s+souligner)\b/iu;
/** Sections that exist to give the update's numbers. */
const HEADLINE_HEADING =
  /\b(?:mise à jour technologique|chiffres clés|en chiffres|bilan|données|indicateurs|billets)\b/iu;

/**
 * Key figures written in the bullets, ordered by importance (index 0 first): update-wide figures
 * before regional ones, then by score (percentages and totals over plain counts, the headline
 * sections over highlights), then in document order. Numbers that are dates, times, phone
 * numbers, years, ordinals, versions or list numbering are never figures.
 */
export function extractFigures(update: Update): Figure[] {
  const found: Array<{ figure: Figure; order: number }> = [];
  update.sections.forEach((section, index) => {
    const context = dateContext(update.sections, index, update.date);
    const place = placeContext(update.sections, index);
    const paragraphs = [...labelledParagraphs(section), ...boldParagraphSentences(section)];
    for (const bullet of [...paragraphs, ...flattenBullets(section.bullets)]) {
      const figure = figureFromBullet(bullet, context?.iso ?? update.date);
      if (!figure) continue;
      figure.section = section.heading;
      if (place !== undefined) figure.place ??= place;
      if (figure.refersTo === undefined && context) {
        figure.refersTo = context.label;
        figure.refersToDate = context.iso;
      }
      figure.score = score(figure, headingChain(update.sections, index));
      if (found.some(({ figure: known }) => sameFigure(known, figure))) continue;
      found.push({ figure, order: found.length });
    }
  });
  return rankFigures(found);
}

/** Front-matter figures first, then update-wide figures, then regional ones; by score within each. */
function rankFigures(found: Array<{ figure: Figure; order: number }>): Figure[] {
  const rank = (figure: Figure) => (figure.source === 'front-matter' ? 0 : figure.place === undefined ? 1 : 2);
  return [...found]
    .sort(
      (a, b) => rank(a.figure) - rank(b.figure) || (b.figure.score ?? 0) - (a.figure.score ?? 0) || a.order - b.order,
    )
    .map(({ figure }) => figure);
}

/** `headings`: the section's heading, then those enclosing it. */
function score(figure: Figure, headings: string[]): number {
  let points = 1;
  if (figure.unit === '%') points += 3;
  if (figure.total) points += 3;
  if (figure.unit.endsWith('$')) points += 2;
  if (headings.some((heading) => HIGHLIGHT_HEADING.test(heading.trim()))) points -= 2;
  else if (headings[0]?.trim() === '' || headings.some((heading) => HEADLINE_HEADING.test(heading))) points += 1;
  return points;
}

function headingChain(sections: Section[], index: number): string[] {
  const chain: string[] = [];
  let level = 4;
  for (let i = index; i >= 0; i--) {
    const section = sections[i];
    if (!section || section.level >= level) continue;
    chain.push(section.heading);
    level = section.level;
  }
  return chain;
}

function sameFigure(a: Figure, b: Figure): boolean {
  return a.value === b.value && a.label === b.label && a.place === b.place;
}

/** Figures dated after the update's own date: probably a wrong year, for the team to check. */
export function figureDateWarnings(update: Update): UpdateWarning[] {
  return update.figures
    .filter((figure) => figure.refersToDate !== undefined && figure.refersToDate > update.date)
    .map((figure) => {
      const what = `${figure.value} ${figure.label}`;
      const on = frenchLongDate(update.date);
      // Where, as every other update warning says it: `file:line: ` and `file, ligne N : `.
      const file = basename(update.source.path);
      const where = figure.line === undefined ? `${file}: ` : `${file}:${figure.line}: `;
      const whereFr = figure.line === undefined ? `${file} : ` : `${file}, ligne ${figure.line} : `;
      return {
        ...(figure.line === undefined ? {} : { line: figure.line }),
        message: `${where}the figure "${what}" refers to ${figure.refersToDate}, after the update's date (${update.date}): check the year`,
        messageFr: `${whereFr}le chiffre « ${what} » est daté du ${figure.refersTo}, après la date de la mise à jour (${on}) : vérifiez l’année`,
      };
    });
}

/** The place a section's figures are about: from its heading, else from an enclosing heading. */
function placeContext(sections: Section[], index: number): string | undefined {
  const section = sections[index];
  if (!section) return undefined;
  const own = placeOfHeading(section.heading);
  if (own !== undefined) return own;
  let level = section.level;
  for (let i = index - 1; i >= 0 && level > 1; i--) {
    const parent = sections[i];
    if (!parent || parent.level >= level) continue;
    const place = placeOfHeading(parent.heading);
    if (place !== undefined) return place;
    level = parent.level;
  }
  return undefined;
}

/**
 * The date a section's figures refer to: from its heading, else from the enclosing heading.
 * A bullet's own date without a year takes the year of this date (`Le 13 mai` under
 * `Mercredi 13 mai 2026` is 2026, whatever the update's own date).
 */
function dateContext(sections: Section[], index: number, reference: string): FoundDate | undefined {
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

/** `Label : 1790`: a short label, a colon and a number ending the paragraph. */
const LABELLED_NUMBER = /^[^:]*\p{L}[^:]*\s:\s*\d[\d \u00A0\u202F]*(?:,\d+)?\s*[%$]?\s*\.?$/u;

/** A paragraph `Nombre de billets quotidiens : 1790` holds a figure as the same bullet would. */
function labelledParagraphs(section: Section): Bullet[] {
  return section.paragraphs
    .map((text, index) => ({ text, line: section.paragraphLines?.[index] ?? section.line }))
    .filter(({ text }) => LABELLED_NUMBER.test(text))
    .map(({ text, line }) => ({ text, spans: [{ kind: 'text', text }], line, children: [] }));
}

/**
 * A paragraph's sentence holding a number in bold (« Au total, **412 318 doses** ont été
 * administrées. ») holds a figure as the same bullet would: the writer marked it as bullets mark
 * theirs. A number not in bold in a paragraph is no figure (« près de 4 000 appels » tells, it does
 * not count).
 */
function boldParagraphSentences(section: Section): Bullet[] {
  return (section.paragraphSpans ?? []).flatMap((spans, index) =>
    sentencesWithBoldNumber(spans).map((sentence) => {
      const text = sentence
        .map((span) => span.text)
        .join('')
        .replace(/\s+/gu, ' ')
        .trim();
      return { text, spans: sentence, line: section.paragraphLines?.[index] ?? section.line, children: [] };
    }),
  );
}

/** The sentences of a paragraph (as runs of its spans) that hold a number in bold. */
function sentencesWithBoldNumber(spans: Span[]): Span[][] {
  const whole = spans.map((span) => span.text).join('');
  const ends = [...sentenceEnds(whole), whole.length];
  const sentences = new Map<number, Span[]>();
  let offset = 0;
  for (const span of spans) {
    if (span.kind === 'strong' && /\d/u.test(span.text)) {
      const end = ends.find((at) => at > offset) ?? whole.length;
      const start = [...ends].reverse().find((at) => at <= offset) ?? 0;
      if (!sentences.has(start)) sentences.set(start, slice(spans, start, end));
    }
    offset += span.text.length;
  }
  return [...sentences.values()];
}

/** The runs of `spans` between two offsets of their joined text, cut at those offsets. */
function slice(spans: Span[], start: number, end: number): Span[] {
  const out: Span[] = [];
  let offset = 0;
  for (const span of spans) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + span.text.length);
    if (from < to) out.push({ ...span, text: span.text.slice(from - offset, to - offset) });
    offset += span.text.length;
  }
  return out;
}

/** Every bullet of a list, each followed by its sub-bullets, in document order. */
export function flattenBullets(bullets: Bullet[]): Bullet[] {
  return bullets.flatMap((bullet) => [bullet, ...flattenBullets(bullet.children)]);
}
