/** A mask Satori writes for an element's box: one white rectangle. */
const BOX_MASK = /<mask id="([^"]+)"><rect [^>]*\/><\/mask>/g;
const REFERENCE = /url\(#([^)]+)\)/g;

/**
 * The SVG without the box masks no element refers to. Satori defines one for every element it
 * lays out (40 in a key-figures card), and a mask nothing refers to is never drawn; a referenced
 * mask, or one holding anything but a rectangle, is kept as it is.
 */
export function withoutUnusedMasks(svg: string): string {
  const used = new Set<string>();
  for (const match of svg.matchAll(REFERENCE)) used.add(match[1]!);
  return svg.replace(BOX_MASK, (mask, id: string) => (used.has(id) ? mask : ''));
}
