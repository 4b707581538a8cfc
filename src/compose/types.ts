import type { CardSpec, RenderedCard } from '../cards/types.js';
import type { NetworkId } from '../networks/index.js';
import type { DraftFormat } from './formats.js';
import type { Omitted } from './omitted.js';

/** A post as composed, before its cards are rendered. */
export interface ComposedPost {
  text: string;
  cards: CardSpec[];
}

/** One network's draft as composed: ordered posts (a thread for X and Bluesky, one post elsewhere). */
export interface ComposedDraft {
  network: NetworkId;
  posts: ComposedPost[];
  /** French messages for the team: dropped content, words too long, etc. */
  warnings: string[];
  format: DraftFormat;
  /** What of the update this draft does not hold, and why. */
  omitted: Omitted[];
}

/** A post with its cards rendered for its network: the exact bytes that will be sent. */
export interface DraftPost {
  text: string;
  media: RenderedCard[];
}

export interface RenderedDraft {
  network: NetworkId;
  posts: DraftPost[];
  warnings: string[];
  /** Absent in drafts made before formats existed: those hold the whole update. */
  format?: DraftFormat;
  omitted?: Omitted[];
}
