import type { CardElement, CardSize } from '../../templates/element.js';
import { highlightsCard } from '../../templates/highlights.js';
import { type KeyFiguresFit, keyFiguresCard } from '../../templates/key-figures.js';
import type { CardSpec } from '../cards/types.js';
import type { Branding } from '../config/schema.js';

/** The Satori tree for a card: dispatches on the spec's template. */
export function cardTree(spec: CardSpec, branding: Branding, size: CardSize, fit?: KeyFiguresFit): CardElement {
  switch (spec.template) {
    case 'key-figures':
      return keyFiguresCard(spec, branding, size, fit);
    case 'highlights':
      return highlightsCard(spec, branding, size);
  }
}
