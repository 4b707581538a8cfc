import type { CardSpec } from './types.js';

/** Every text a card draws, in the order a reader meets it. */
export function specTexts(spec: CardSpec): string[] {
  if (spec.template === 'highlights') return [spec.heading, spec.dateLabel, ...spec.bullets];
  return [
    spec.title,
    spec.subtitle ?? '',
    spec.dateLabel,
    ...spec.figures.flatMap((f) => [f.value, f.total?.value ?? '', f.label, f.place ?? '', f.refersTo ?? '']),
  ].filter((text) => text !== '');
}

/** The same card with `change` applied to every text it draws. */
export function mapSpecText(spec: CardSpec, change: (text: string) => string): CardSpec {
  if (spec.template === 'highlights') {
    return { ...spec, heading: change(spec.heading), bullets: spec.bullets.map(change) };
  }
  return {
    ...spec,
    title: change(spec.title),
    ...(spec.subtitle === undefined ? {} : { subtitle: change(spec.subtitle) }),
    figures: spec.figures.map((figure) => ({
      ...figure,
      label: change(figure.label),
      ...(figure.place === undefined ? {} : { place: change(figure.place) }),
      ...(figure.refersTo === undefined ? {} : { refersTo: change(figure.refersTo) }),
    })),
  };
}
