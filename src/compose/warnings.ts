import type { Block } from './content.js';

const EXCERPT_LENGTH = 80;

/** The start of a text for a warning: `« Les témoignages se multiplient… »`. */
export function excerpt(text: string): string {
  const chars = [...text.trim()];
  const short = chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('').trimEnd()}…` : text.trim();
  return `« ${short} »`;
}

/**
 * One French warning per dropped section (when all of it is gone) and per dropped or shortened
 * bullet, so the team sees exactly what a network will not show.
 */
export function droppedContentWarnings(
  network: string,
  blocks: Block[],
  status: ('kept' | 'partial' | 'dropped')[],
  reason: string,
): string[] {
  const warnings: string[] = [];
  const sectionDropped = new Map<number, boolean>();
  blocks.forEach((b, i) => {
    if (b.sectionIndex === null) return;
    const dropped = status[i] === 'dropped';
    sectionDropped.set(b.sectionIndex, (sectionDropped.get(b.sectionIndex) ?? true) && dropped);
  });
  blocks.forEach((b, i) => {
    const state = status[i];
    if (state === 'kept') return;
    const [what, feminine] = describeBlock(b, sectionDropped);
    const e = feminine ? 'e' : '';
    warnings.push(
      state === 'partial'
        ? `${network} : ${what} coupé${e}, la fin est retirée (${reason}) : ${excerpt(b.source)}`
        : `${network} : ${what} retiré${e} (${reason}) : ${excerpt(b.source)}`,
    );
  });
  return warnings;
}

/** What the block is called in French, and whether the word is feminine (for agreement). */
function describeBlock(b: Block, sectionDropped: Map<number, boolean>): [string, boolean] {
  switch (b.kind) {
    case 'heading':
      return b.sectionIndex !== null && sectionDropped.get(b.sectionIndex)
        ? ['section entière', true]
        : ['titre de section', false];
    case 'bullet':
      return [b.depth === 0 ? 'puce' : 'sous-puce', true];
    case 'paragraph':
      return ['paragraphe', false];
    case 'title':
      return ['titre', false];
    case 'subtitle':
      return ['sous-titre', false];
  }
}

export function cutWordWarning(network: string, word: string): string {
  return `${network} : mot trop long pour une seule publication, coupé en plusieurs morceaux : ${excerpt(word)}`;
}
