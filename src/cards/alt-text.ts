import { tileTexts } from '../../templates/key-figures.js';
import type { Figure } from '../update/types.js';
import { expandAcronyms, typesetText } from './french-text.js';
import type { CardSpec } from './types.js';

/**
 * Alt text for a card, in French, written from the card's data (never from its pixels): every
 * figure with its label and the date it refers to, or every highlight. Fits in `maxChars`
 * (code points); if it cannot, it is cut at a word boundary and ends with `…`.
 */
export function altText(spec: CardSpec, maxChars: number): string {
  const full = spec.template === 'key-figures' ? keyFiguresAlt(spec) : highlightsAlt(spec);
  return fitLength(expandAcronyms(full, spec.glossary ?? {}), maxChars);
}

function keyFiguresAlt(spec: Extract<CardSpec, { template: 'key-figures' }>): string {
  const title = spec.subtitle ? `${spec.title} – ${spec.subtitle}` : spec.title;
  const intro = `${sentence(typesetText(title, spec.typography))} ${spec.dateLabel}.`;
  const plural = spec.figures.length > 1;
  const figures = spec.figures
    .slice(0, 4)
    .map((figure) => describeFigure(figure, spec))
    .join(' ');
  return `${intro} ${plural ? 'Chiffres clés' : 'Chiffre clé'}. ${figures}`;
}

/**
 * One sentence per figure, holding the very strings its tile draws for the value, total and place,
 * so the card and its alt text always hold the same figures. A figure read from a bullet is told
 * in its bullet's own sentence (`74,88 % des accès sont déjà effectués (13 mai 2026).`); otherwise
 * from the tile: `22 460 utilisateurs connectés au DSN sur 30 000, Laval (13 mai 2026).`
 */
function describeFigure(figure: Figure, spec: Pick<CardSpec, 'typography'>): string {
  const tile = tileTexts(figure, spec.typography);
  const said = figure.sentence ? typesetText(figure.sentence, spec.typography).replace(/[.!?…;:,\s]+$/u, '') : '';
  // A tile keeps a number on its word's line with a no-break space; a sentence says it with any space.
  const spaced = (text: string) => text.replaceAll('\u00A0', ' ');
  const holds = (part: string | undefined) => part === undefined || spaced(said).includes(spaced(part));
  if (said !== '' && holds(tile.value) && holds(tile.total?.replace(/^sur /u, '')) && holds(tile.place)) {
    const day = figure.refersTo?.split(/[ ,]/u).slice(0, 2).join(' ');
    // The place the card adds to a label its sentence lacks (`Occupation (Hôpital Pierre-Boucher)`
    // beside another hospital's `Occupation`) is said too: two equal sentences would mislead.
    const added = /\(([^()]+)\)$/u.exec(tile.label)?.[1];
    const where = added !== undefined && !holds(added) ? ` (${spaced(added)})` : '';
    const when = figure.refersTo && !(day && said.includes(day)) ? ` (${figure.refersTo})` : '';
    return `${capitalised(said)}${where}${when}.`;
  }
  const total = tile.total ? ` ${tile.total}` : '';
  const place = tile.place ? `, ${tile.place}` : '';
  const when = figure.refersTo ? ` (${figure.refersTo})` : '';
  return `${tile.value} ${tile.label}${total}${place}${when}.`;
}

function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase('fr-CA') + text.slice(1);
}

function highlightsAlt(spec: Extract<CardSpec, { template: 'highlights' }>): string {
  const bullets = spec.bullets.map((b) => sentence(typesetText(b, spec.typography))).join(' ');
  return `${sentence(typesetText(spec.heading, spec.typography))} ${spec.dateLabel}. ${bullets}`;
}

/** Ends a phrase with punctuation so a screen reader pauses; a trailing `…` or `!` is kept. */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (/[.!?…]$/.test(trimmed)) return trimmed;
  return /[:;,]$/.test(trimmed) ? `${trimmed.slice(0, -1)}.` : `${trimmed}.`;
}

function fitLength(text: string, maxChars: number): string {
  const chars = [...text];
  if (chars.length <= maxChars) return text;
  // One character more than the room left: if it is a space, the last word is whole.
  const head = chars.slice(0, Math.max(0, maxChars)).join('');
  const wordEnd = head.lastIndexOf(' ');
  const cut = wordEnd > 0 ? head.slice(0, wordEnd) : [...head].slice(0, maxChars - 1).join('');
  return `${cut.replace(/[\s,;:.–—-]+$/, '')}…`;
}
