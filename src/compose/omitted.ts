import type { Block } from './content.js';

/**
 * Why part of the update is not in a network's draft:
 * - `on-site-only`: the digest keeps the lead, the key figures and the link; the rest is read on the
 *   full text (expected, nothing to decide);
 * - `max-thread-posts`: the thread would be longer than `maxThreadPosts`;
 * - `network-limit`: the one post would be longer than the network allows (LinkedIn's 3 000 characters);
 * - `figure-too-long`: a key figure cannot be drawn whole on any card, even at the smallest size,
 *   and no other card of the post can take it: it is left off the cards (the text keeps it).
 * All but the first need a person's decision before approval.
 */
export type OmissionReason = 'on-site-only' | 'max-thread-posts' | 'network-limit' | 'figure-too-long';

/** Something of the update that a network's draft does not hold. */
export interface Omitted {
  /** As written in the update. */
  text: string;
  /** Heading of its section as written; empty for the header. */
  section: string;
  reason: OmissionReason;
}

/** French, for the team: why it is not in the draft. */
export const OMISSION_REASONS_FR: Record<OmissionReason, string> = {
  'on-site-only': 'sur le site seulement',
  'max-thread-posts': 'le fil dépasserait le nombre de publications permis',
  'network-limit': 'la publication dépasserait la limite du réseau',
  'figure-too-long': 'le chiffre ne tient sur aucune carte, même à la plus petite taille',
};

/** Whether omissions must be acknowledged by a person before the draft can be approved. */
export function needsDecision(omitted: readonly Omitted[]): boolean {
  return omitted.some((item) => item.reason !== 'on-site-only');
}

/**
 * One entry per paragraph or bullet not kept (whole or in part). Headings are not listed: a
 * section with nothing kept is seen from its items.
 */
export function omittedBlocks(
  blocks: readonly Block[],
  status: readonly ('kept' | 'partial' | 'dropped')[],
  reason: OmissionReason,
): Omitted[] {
  const out: Omitted[] = [];
  blocks.forEach((b, i) => {
    if (status[i] === 'kept' || b.kind === 'heading' || b.kind === 'title' || b.kind === 'subtitle') return;
    out.push({ text: b.source, section: b.section, reason });
  });
  return out;
}
