import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeDrafts } from '../../src/compose/compose.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { needsDecision } from '../../src/compose/omitted.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import { allBullets } from './helpers.js';

const UPDATES = {
  'regions-20.md (20 regional sections)': fileURLToPath(new URL('../update/files/regions-20.md', import.meta.url)),
  'long-regional.md': fileURLToPath(new URL('./updates/long-regional.md', import.meta.url)),
  'the sample': fileURLToPath(new URL('../../examples/2026-05-14-dsn.md', import.meta.url)),
};

describe('threads and full posts: no key figure is left out while an ordinary bullet is kept', () => {
  for (const [name, path] of Object.entries(UPDATES)) {
    it(`${name}, at every thread length from 2 to 25 posts`, () => {
      const update = parseUpdateFile(path);
      const figureLines = new Set(update.figures.filter((f) => f.source === 'bullets').map((f) => f.line));
      expect(figureLines.size).toBeGreaterThan(2);
      const bullets = allBullets(update);
      const sectionOf = new Map(
        update.sections.flatMap((section) =>
          allBullets({ ...update, sections: [section] }).map((b) => [b.line, section.heading]),
        ),
      );
      const key = (b: (typeof bullets)[number]) => `${sectionOf.get(b.line) ?? ''}\n${b.text}`;
      let sawOmissions = false;
      for (const maxThreadPosts of [2, 3, 4, 6, 8, 12, 16, 20, 25]) {
        const drafts = composeDrafts(
          update,
          {
            networks: ['x', 'bluesky', 'linkedin', 'facebook'],
            hashtags: [],
            numbering: 'n/N',
            maxThreadPosts,
            formats: WHOLE_UPDATE_FORMATS,
          },
          [],
        );
        for (const draft of drafts) {
          const where = `${draft.network}, ${maxThreadPosts} posts at most`;
          if (draft.network === 'x' || draft.network === 'bluesky') {
            expect(draft.posts.length, where).toBeLessThanOrEqual(maxThreadPosts);
          }
          // Bullets are told apart by their section and text (regional sections repeat the same bullet).
          const omitted = new Set(draft.omitted.map((item) => `${item.section}\n${item.text}`));
          if (omitted.size > 0) {
            sawOmissions = true;
            expect(needsDecision(draft.omitted), where).toBe(true);
          }
          const ordinaryKept = bullets.filter((b) => !figureLines.has(b.line) && !omitted.has(key(b)));
          const figuresLeftOut = bullets.filter((b) => figureLines.has(b.line) && omitted.has(key(b)));
          expect(
            figuresLeftOut.length === 0 || ordinaryKept.length === 0,
            `${where}: ${figuresLeftOut.length} key-figure bullet(s) left out while ${ordinaryKept.length} ordinary one(s) are kept`,
          ).toBe(true);
        }
      }
      expect(sawOmissions).toBe(true);
    });
  }
});
