import { fileURLToPath } from 'node:url';
import type { Bullet, Figure, Update } from '../../src/update/types.js';

export const DOCX_DIR = fileURLToPath(new URL('../fixtures/docx/', import.meta.url));
export const TEXT_DIR = fileURLToPath(new URL('../fixtures/text/', import.meta.url));
export const SAMPLE_MD = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));
export const SAMPLE_DOCX = fileURLToPath(new URL('../../examples/2026-05-14-dsn.docx', import.meta.url));

/** A bullet as the networks see it: text, marks, number and children; not where it was written. */
export interface BulletShape {
  text: string;
  spans: { kind: string; text: string; url?: string }[];
  ordinal?: number;
  children: BulletShape[];
}

export function bulletShape(bullet: Bullet): BulletShape {
  return {
    text: bullet.text,
    spans: bullet.spans.map((span) => ({ ...span })),
    ...(bullet.ordinal !== undefined && { ordinal: bullet.ordinal }),
    children: bullet.children.map(bulletShape),
  };
}

/** Sections, bullets and figures without line numbers (a Word document has none). */
export function contentShape(update: Update) {
  return {
    sections: update.sections.map((section) => ({
      level: section.level,
      heading: section.heading,
      paragraphs: section.paragraphs,
      bullets: section.bullets.map(bulletShape),
    })),
    figures: update.figures.map(figureShape),
  };
}

export function figureShape(figure: Figure) {
  return {
    value: figure.value,
    label: figure.label,
    unit: figure.unit,
    refersTo: figure.refersTo,
    refersToDate: figure.refersToDate,
    total: figure.total?.value,
  };
}

/** Every bullet of an update, children included, in document order. */
export function flatBullets(update: Update): Bullet[] {
  const out: Bullet[] = [];
  const visit = (bullets: Bullet[]) => {
    for (const bullet of bullets) {
      out.push(bullet);
      visit(bullet.children);
    }
  };
  for (const section of update.sections) visit(section.bullets);
  return out;
}
