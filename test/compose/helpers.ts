import { fileURLToPath } from 'node:url';
import { parseUpdateFile } from '../../src/update/parse.js';
import type { Bullet, Update } from '../../src/update/types.js';

export const SAMPLE_PATH = fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));

export function sampleUpdate(): Update {
  return parseUpdateFile(SAMPLE_PATH);
}

/** Every bullet and sub-bullet of an update, in document order. */
export function allBullets(update: Update): Bullet[] {
  const out: Bullet[] = [];
  const visit = (bullets: Bullet[]) => {
    for (const b of bullets) {
      out.push(b);
      visit(b.children);
    }
  };
  for (const section of update.sections) visit(section.bullets);
  return out;
}

/** Any run of spaces (plain, no-break, narrow no-break, newlines) as one plain space. */
export function flattenSpaces(text: string): string {
  return text.replace(/[\s\u00A0\u202F]+/gu, ' ').trim();
}

const NUMBERING = /\n\n\(?\d+\/\d+\)?$/u;

export function withoutNumbering(text: string): string {
  return text.replace(NUMBERING, '');
}

/** A thread read as one text: numbering removed, posts joined by a space. */
export function threadAsText(posts: string[]): string {
  return flattenSpaces(posts.map(withoutNumbering).join(' '));
}

export function baseUpdate(overrides: Partial<Update> = {}): Update {
  return {
    date: '2026-05-14',
    title: 'Mise à jour quotidienne',
    subtitle: 'Essai',
    link: 'https://www.exemple.qc.ca/nouvelles',
    hashtags: ['Essai'],
    figures: [],
    sections: [],
    source: { path: 'essai.md', sha256: '0'.repeat(64) },
    ...overrides,
  };
}

export function bullet(text: string, children: Bullet[] = []): Bullet {
  return { text, spans: [{ kind: 'text', text }], line: 1, children };
}
