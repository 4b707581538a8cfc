/** A run of text as Satori laid it out (SVG drawn with `embedFont: false`). */
export interface LaidOutText {
  x: number;
  /** Satori's `y`: the text's baseline. */
  y: number;
  width: number;
  height: number;
  text: string;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The text runs of an SVG Satori drew without embedding fonts, in drawing order. */
export function laidOutText(svg: string): LaidOutText[] {
  return [
    ...svg.matchAll(/<text x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*>([^<]*)<\/text>/g),
  ].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    height: Number(m[4]),
    text: (m[5] ?? '').replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity),
  }));
}

/** Text compared without its spaces (Satori splits runs at spaces, and French uses three kinds). */
export function compact(text: string): string {
  return text.replace(/[\s\u00A0\u202F]+/gu, '');
}
