import { sentenceEnds } from '../update/sentences.js';
import type { Figure, Section, Update } from '../update/types.js';
import { frenchLongDate } from './french-text.js';
import type { CardSpec, CardStyle } from './types.js';

/** A key-figures card shows at most this many figures; more would not stay legible. */
export const MAX_KEY_FIGURES = 4;
/** A highlights card shows at most this many bullets. */
export const MAX_HIGHLIGHTS = 4;
/** Longest bullet a highlights card takes, in characters, after shortening. */
export const MAX_HIGHLIGHT_CHARS = 200;

const HIGHLIGHTS_HEADING = /^bons\s+coups\b/i;

/**
 * The cards an update gets: one key-figures card for the first post (when the update has figures)
 * and one highlights card per "Bons coups" section. An update with neither gets no card.
 */
export function planCards(update: Update, style: CardStyle = {}): CardSpec[] {
  const dateLabel = frenchLongDate(update.date);
  const cards: CardSpec[] = [];
  const figures = pickKeyFigures(update.figures);
  if (figures.length > 0) {
    cards.push({
      template: 'key-figures',
      ...style,
      title: update.title,
      ...(update.subtitle ? { subtitle: update.subtitle } : {}),
      dateLabel,
      figures,
      anchor: { kind: 'lead' },
    });
  }
  update.sections.forEach((section, sectionIndex) => {
    if (!HIGHLIGHTS_HEADING.test(section.heading.trim())) return;
    const bullets = highlightBullets(section);
    if (bullets.length === 0) return;
    cards.push({
      template: 'highlights',
      ...style,
      heading: section.heading.trim(),
      dateLabel,
      bullets,
      anchor: { kind: 'section', sectionIndex },
    });
  });
  return cards;
}

/**
 * Figures the team put in the front matter were chosen on purpose and come first; then figures
 * found in bullets, in document order, which is the order the update gives them weight.
 */
export function pickKeyFigures(figures: readonly Figure[]): Figure[] {
  const ordered = [
    ...figures.filter((f) => f.source === 'front-matter'),
    ...figures.filter((f) => f.source !== 'front-matter'),
  ];
  const seen = new Set<string>();
  const picked: Figure[] = [];
  for (const figure of ordered) {
    const key = `${figure.numeric}|${figure.label.toLowerCase()}|${figure.place ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    picked.push(figure);
    if (picked.length === MAX_KEY_FIGURES) break;
  }
  return withDistinctLabels(picked);
}

/**
 * Two tiles with the same label (`usagers rencontrés` in two regions' sections) would read as one
 * figure with two values: each gets its section's place, the part of the heading after its dash
 * (`Faits saillants – Mauricie` → `usagers rencontrés (Mauricie)`).
 */
function withDistinctLabels(figures: Figure[]): Figure[] {
  const placeOf = (figure: Figure) =>
    figure.section
      ?.split(/\s[–—-]\s/u)
      .at(-1)
      ?.trim() ?? '';
  return figures.map((figure) => {
    // A figure with its place shows it on its tile already.
    if (figure.place !== undefined) return figure;
    const same = figures.filter((other) => other.label.toLowerCase() === figure.label.toLowerCase());
    const places = new Set(same.map(placeOf));
    // Only places that tell the tiles apart are worth their room.
    if (same.length < 2 || places.size < same.length || placeOf(figure) === '') return figure;
    return { ...figure, label: `${figure.label} (${placeOf(figure)})` };
  });
}

function highlightBullets(section: Section): string[] {
  return section.bullets
    .map((bullet) => shortenHighlight(bullet.text))
    .filter((text) => text.length > 0)
    .slice(0, MAX_HIGHLIGHTS);
}

/** The first sentence of a text (French punctuation, abbreviations kept whole). */
export function firstSentence(text: string): string {
  // No-break spaces are typography (`22 460`, `Info-Santé : 811`), not layout: they stay.
  const clean = text.replace(/[^\S\u00A0\u202F]+/g, ' ').trim();
  const [end] = sentenceEnds(clean);
  return end === undefined ? clean : clean.slice(0, end);
}

/**
 * Shortens a bullet for a card: its first sentence; if still too long, the longest run of whole
 * clauses that fits, else whole words; a cut always ends with `…`, never inside a word.
 */
export function shortenHighlight(text: string, maxChars = MAX_HIGHLIGHT_CHARS): string {
  const sentence = firstSentence(text);
  if (sentence.length <= maxChars) return sentence;
  const room = maxChars - 1;
  const head = sentence.slice(0, room + 1);
  // A clause ends at , ; : or a dash; keep it only if it carries most of the sentence's start.
  const clauseEnds = [...head.matchAll(/\s*[,;:–—](?=\s)/g)].map((m) => m.index);
  const clauseEnd = clauseEnds.filter((i) => i >= maxChars * 0.6 && i <= room).pop();
  if (clauseEnd !== undefined) return `${sentence.slice(0, clauseEnd).trimEnd()}…`;
  const wordEnd = head.lastIndexOf(' ');
  const cut = wordEnd > 0 ? sentence.slice(0, wordEnd) : sentence.slice(0, room);
  return `${cut.replace(/[\s,;:–—-]+$/, '')}…`;
}
