import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildContent } from '../../src/compose/content.js';
import { parseUpdateText } from '../../src/update/parse.js';
import { parseUpdateBytes, readUpdateFile } from '../../src/update/read-update.js';
import type { Update } from '../../src/update/types.js';
import { SAMPLE_DOCX } from './intake-helpers.js';

const file = (name: string) => new URL(`./files/${name}`, import.meta.url).pathname;

/** Every paragraph and bullet of the update, as the posts and the page get them. */
const allText = (update: Update) =>
  JSON.stringify(update.sections.map((section) => [section.heading, section.paragraphs, section.bullets]));

describe('hashtags and a subtitle written in the body of an update without front matter', () => {
  it.each(['2026-06-12-mots-clics.txt', '2026-06-12-sans-en-tete.md'])(
    '%s: the hashtags line is the update’s hashtags, the subtitle its subtitle, neither a stray line',
    async (name) => {
      const update = await readUpdateFile(file(name));
      expect(update.hashtags).toEqual(['DSN', 'SantéQuébec', 'Laval']);
      expect(update.subtitle).toBe('Dossier santé numérique (DSN) – semaine 5');
      expect(update.sections.map((section) => section.heading)).toEqual([
        'Faits saillants – Laval',
        'Mise à jour technologique',
      ]);
      expect(allText(update)).not.toContain('#');
      expect(allText(update)).not.toContain('Sous-titre');
      expect(update.intake?.warnings).toEqual([]);
      // The posts end with them, after the configured ones are merged in.
      expect(buildContent(update, ['SantéQuébec', 'Québec'], 'narrow').hashtags).toEqual([
        'DSN',
        'SantéQuébec',
        'Laval',
        'Québec',
      ]);
    },
  );

  it('a Word document’s last paragraph of hashtags is its hashtags', async () => {
    const zip = await JSZip.loadAsync(readFileSync(SAMPLE_DOCX));
    const document = await zip.file('word/document.xml')!.async('string');
    const at = document.lastIndexOf('<w:sectPr');
    zip.file(
      'word/document.xml',
      `${document.slice(0, at)}<w:p><w:r><w:t>#DSN #SantéQuébec</w:t></w:r></w:p>${document.slice(at)}`,
    );
    const bytes = Buffer.from(await zip.generateAsync({ type: 'uint8array' }));
    const update = await parseUpdateBytes(bytes, '2026-05-14-dsn.docx');
    expect(update.hashtags).toEqual(['DSN', 'SantéQuébec']);
    expect(allText(update)).not.toContain('#DSN');
  });

  it('with front matter, a body line of hashtags adds to the front matter’s, each once', () => {
    const update = parseUpdateText(
      '---\ndate: 2026-06-12\ntitle: Mise à jour\nhashtags: [DSN]\n---\n\n# Faits saillants\n\n- Les équipes de nuit sont en place.\n\n#dsn #SantéQuébec\n',
      'essai.md',
    );
    expect(update.hashtags).toEqual(['DSN', 'SantéQuébec']);
    expect(update.sections[0]?.paragraphs).toEqual([]);
  });

  it('a hashtag inside a sentence or a bullet stays where it is written', () => {
    const update = parseUpdateText(
      '---\ndate: 2026-06-12\ntitle: Mise à jour\n---\n\n# Faits saillants\n\n- Suivez #DSN pour les nouvelles.\n\nSuivez-nous avec #DSN sur les réseaux.\n',
      'essai.md',
    );
    expect(update.hashtags).toEqual([]);
    expect(update.sections[0]?.paragraphs).toEqual(['Suivez-nous avec #DSN sur les réseaux.']);
    expect(update.sections[0]?.bullets[0]?.text).toBe('Suivez #DSN pour les nouvelles.');
  });
});
