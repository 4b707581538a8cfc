import type { TypographyOptions } from '../compose/typography.js';
import type { Figure } from '../update/types.js';

/** The team's wording choices every card follows (config `typography` and `glossary`). */
export interface CardStyle {
  typography?: TypographyOptions;
  /** Acronyms the alt text spells out the first time (`DSN` → `Dossier santé numérique`). */
  glossary?: Record<string, string>;
}

/** Card data: what a template draws and what its alt text is written from. */
export type CardSpec =
  | (CardStyle & {
      template: 'key-figures';
      title: string;
      subtitle?: string;
      /** French long date of the update, e.g. `14 mai 2026`. */
      dateLabel: string;
      figures: Figure[];
      /** Where the composer attaches it: the first post. */
      anchor: { kind: 'lead' };
    })
  | (CardStyle & {
      template: 'highlights';
      heading: string;
      dateLabel: string;
      bullets: string[];
      /** Index in `Update.sections` of the section this card illustrates. */
      anchor: { kind: 'section'; sectionIndex: number };
    });

/** A card rendered for one network: the file and what goes with it. */
export interface RenderedCard {
  spec: CardSpec;
  path: string;
  alt: string;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  bytes: number;
  /** sha256 of the file bytes, hex. */
  sha256: string;
  /** Characters no card font can draw: left out of the card (a flag is drawn as its letters). */
  missing?: string[];
  /** Figures that could not be shown whole even at the smallest size (index in `spec.figures`, parts cut). */
  cut?: Array<{ index: number; parts: string[] }>;
}
