import type { CardElement, CardNode } from '../../templates/element.js';

const segmenter = new Intl.Segmenter('fr', { granularity: 'grapheme' });
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/** Every emoji (grapheme cluster with a pictograph or a flag letter) in a card's text, once each. */
export function cardEmoji(tree: CardElement): string[] {
  const found = new Set<string>();
  const visit = (node: CardNode | undefined): void => {
    if (node === undefined) return;
    if (typeof node === 'string') {
      for (const { segment } of segmenter.segment(node)) if (PICTOGRAPHIC.test(segment)) found.add(segment);
      return;
    }
    const { children } = node.props;
    if (Array.isArray(children)) for (const child of children) visit(child);
    else visit(children);
  };
  visit(tree);
  return [...found];
}
