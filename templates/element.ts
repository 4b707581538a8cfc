/**
 * The element tree Satori draws: plain `{ type, props }` objects, the shape React elements have,
 * so templates need no React.
 */
export type Style = Record<string, string | number>;

export interface CardElement {
  type: string;
  props: {
    style?: Style;
    children?: CardNode | CardNode[];
    src?: string;
    width?: number;
    height?: number;
  };
}

export type CardNode = CardElement | string;

export interface CardSize {
  width: number;
  height: number;
}

/** `div` with a style and children; falsy children are left out. */
export function box(style: Style, ...children: Array<CardNode | false | null | undefined>): CardElement {
  const kept = children.filter((c): c is CardNode => c !== false && c !== null && c !== undefined);
  return { type: 'div', props: { style: { display: 'flex', boxSizing: 'border-box', ...style }, children: kept } };
}

/** A text run. `lineClamp` needs block layout; Satori then ends the last kept line with `…`. */
export function text(style: Style, content: string, maxLines?: number): CardElement {
  const clamp: Style = maxLines === undefined ? { display: 'flex' } : { display: 'block', lineClamp: maxLines };
  return {
    type: 'div',
    props: { style: { ...clamp, boxSizing: 'border-box', wordBreak: 'break-word', ...style }, children: content },
  };
}

export function image(src: string, width: number, height: number, style: Style = {}): CardElement {
  return { type: 'img', props: { src, width, height, style: { width, height, objectFit: 'contain', ...style } } };
}
