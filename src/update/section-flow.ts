import type { Bullet, Section } from './types.js';

/** A section's content in the order it was written: paragraphs, and runs of bullets between them. */
export type SectionPart = { kind: 'paragraph'; text: string; line?: number } | { kind: 'bullets'; bullets: Bullet[] };

/**
 * The paragraphs and bullets of `section` as written: a paragraph after a list (a source, a closing
 * remark) stays after it. Without `paragraphPlaces`, the paragraphs come first.
 */
export function sectionFlow(section: Section): SectionPart[] {
  const parts: SectionPart[] = [];
  let shown = 0;
  const bulletsUpTo = (end: number) => {
    if (end > shown) parts.push({ kind: 'bullets', bullets: section.bullets.slice(shown, end) });
    shown = Math.max(shown, end);
  };
  section.paragraphs.forEach((text, index) => {
    bulletsUpTo(Math.min(section.paragraphPlaces?.[index] ?? 0, section.bullets.length));
    const line = section.paragraphLines?.[index];
    parts.push({ kind: 'paragraph', text, ...(line === undefined ? {} : { line }) });
  });
  bulletsUpTo(section.bullets.length);
  return parts;
}
