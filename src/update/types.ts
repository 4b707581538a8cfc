import type { Formats } from '../compose/formats.js';
import type { FigureUnit } from './numbers.js';

/** A run of inline text inside a heading, paragraph or bullet. */
export type Span = { kind: 'text' | 'strong' | 'emphasis'; text: string } | { kind: 'link'; text: string; url: string };

export interface Bullet {
  /** Plain text, Markdown marks removed; a link keeps its label only. */
  text: string;
  spans: Span[];
  /** 1-based line in the update file. */
  line: number;
  children: Bullet[];
  /** The item's number in a numbered list (`1.`, `2.`); absent in a bulleted list. */
  ordinal?: number;
}

export interface Section {
  /** 1 for `#`, 2 for `##`, 3 for `###`. */
  level: 1 | 2 | 3;
  heading: string;
  line: number;
  /** Plain paragraphs written under the heading, before or between bullets. */
  paragraphs: string[];
  /** 1-based line of each paragraph in the update file; absent when the text was not read from lines. */
  paragraphLines?: number[];
  /**
   * The inline runs of each paragraph, when one of them holds a number in bold (`**412 318 doses**`):
   * that sentence gives a key figure as a bullet would. Absent when no paragraph has one.
   */
  paragraphSpans?: Span[][];
  bullets: Bullet[];
  /**
   * Where each paragraph was written: how many of `bullets` come before it. Absent when every
   * paragraph comes before the bullets (the usual case), so a note after a list stays after it.
   */
  paragraphPlaces?: number[];
}

export interface Figure {
  /** As written in the update, e.g. `22 460`, `74,88 %`. */
  value: string;
  /** Numeric value: 22460, 74.88. */
  numeric: number;
  /** The unit written with the value (`%`, `$`, `M$`, `k$`, `h`, `jours`…), otherwise empty. */
  unit: FigureUnit;
  /** The words saying what it counts, e.g. `utilisateurs connectés`: no unit, emoji nor markup. */
  label: string;
  /** The region or place it is about (`Laval`), from its section heading or its sentence; absent for update-wide figures. */
  place?: string;
  /** Weight used to choose the card's figures: percentages and totals over plain counts, the headline over highlights. */
  score?: number;
  /** The total it is part of, when stated (`sur 30 000`). */
  total?: { value: string; numeric: number };
  /** The date (and time) the figure refers to, in French, when stated, e.g. `13 mai 2026, 14 h 15`. */
  refersTo?: string;
  /** The same date as ISO `YYYY-MM-DD`, when known. */
  refersToDate?: string;
  source: 'front-matter' | 'bullets';
  /**
   * The sentence of its bullet, as written (no emoji nor markup), when it holds the value, its total
   * and place: the alt text reads it (`74,88 % des accès sont déjà effectués.`) rather than the tile's
   * short label. Bullets only.
   */
  sentence?: string;
  /** Line in the update file it was read from. */
  line?: number;
  /** Heading of the section it was read from (bullets only). */
  section?: string;
}

/** Something in the update the team should look at; it stops nothing. */
export interface UpdateWarning {
  /** 1-based line in the update file, when known. */
  line?: number;
  message: string;
  messageFr: string;
  /**
   * `text`: about the update's text itself, whatever the network (a comment left out, a figure dated
   * after the update, an empty section…); the draft page shows these. Absent on what composing for the
   * networks adds (characters a card cannot draw, @handles), which each draft carries itself.
   */
  about?: 'text';
}

export interface Update {
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  title: string;
  subtitle?: string;
  /** The lead the team wrote for the digest (front matter `summary`); else the first sentence is used. */
  summary?: string;
  link?: string;
  /** The update's own formats, over the configured ones (front matter `formats`). */
  formats?: Partial<Formats>;
  /** Without the leading `#`. */
  hashtags: string[];
  /** `HH:MM` local time overriding the configured publish time. */
  publishAt?: string;
  /** Ordered by importance: index 0 is the most important (front-matter figures first). */
  figures: Figure[];
  /** Figures dated after the update, characters cards cannot draw… (absent when none). */
  warnings?: UpdateWarning[];
  /** In document order, flat; `level` gives the nesting. */
  sections: Section[];
  source: { path: string; sha256: string };
  /**
   * How the update was read when it was not Markdown with front matter (plain text, Word), and what
   * was left out on the way, each with a French and an English message.
   */
  intake?: { format: 'text' | 'docx'; warnings: IntakeWarning[] };
}

export interface IntakeWarning {
  message: string;
  messageFr: string;
}
