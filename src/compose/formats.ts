import type { NetworkId } from '../networks/index.js';

/**
 * How an update is written for a network: `digest` (the lead, the key figures, the card and the
 * link), `thread` (X and Bluesky: the whole update, post after post) or `full` (LinkedIn and
 * Facebook: the whole update in one post). The website always gets the whole update.
 */
export type DraftFormat = 'digest' | 'thread' | 'full';

export const THREAD_FORMATS = ['digest', 'thread'] as const;
export const SINGLE_POST_FORMATS = ['digest', 'full'] as const;

export interface Formats {
  x: (typeof THREAD_FORMATS)[number];
  bluesky: (typeof THREAD_FORMATS)[number];
  linkedin: (typeof SINGLE_POST_FORMATS)[number];
  facebook: (typeof SINGLE_POST_FORMATS)[number];
}

export const DEFAULT_FORMATS: Formats = { x: 'digest', bluesky: 'digest', linkedin: 'digest', facebook: 'digest' };

/** Every network given its whole update: threads on X and Bluesky, one long post elsewhere. */
export const WHOLE_UPDATE_FORMATS: Formats = { x: 'thread', bluesky: 'thread', linkedin: 'full', facebook: 'full' };

export function formatFor(network: NetworkId, formats: Formats): DraftFormat {
  return network === 'site' ? 'full' : formats[network];
}

/** The formats a network accepts, for messages and the page's switch. */
export function formatsAllowed(network: NetworkId): readonly DraftFormat[] {
  if (network === 'site') return ['full'];
  return network === 'x' || network === 'bluesky' ? THREAD_FORMATS : SINGLE_POST_FORMATS;
}

/** The configured formats with the update's own choices on top. */
export function mergeFormats(configured: Formats, fromUpdate: Partial<Formats> | undefined): Formats {
  return { ...configured, ...(fromUpdate ?? {}) };
}

/** French name of a format, for the team. */
export const FORMAT_LABELS: Record<DraftFormat, string> = {
  digest: 'condensé',
  thread: 'fil complet',
  full: 'texte complet',
};
