import { describe, expect, it } from 'vitest';
import { type ComposeOptions, composeDrafts } from '../../src/compose/compose.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { measureX } from '../../src/compose/measure.js';
import { siteText } from '../../src/compose/site-text.js';
import { splitUnits } from '../../src/compose/split-text.js';
import { normalizeTypography } from '../../src/compose/typography.js';
import { parseUpdateText } from '../../src/update/parse.js';
import type { Section } from '../../src/update/types.js';
import { baseUpdate, bullet, threadAsText, withoutNumbering } from './helpers.js';

const OPTIONS: ComposeOptions = {
  networks: ['x', 'bluesky', 'linkedin', 'facebook'],
  hashtags: [],
  numbering: 'n/N',
  maxThreadPosts: 25,
  formats: WHOLE_UPDATE_FORMATS,
};

function section(heading: string, bullets: string[], level: Section['level'] = 2): Section {
  return { level, heading, line: 1, paragraphs: [], bullets: bullets.map((text) => bullet(text)) };
}

const LONG_CLAUSES =
  'Une travailleuse sociale du soutien à domicile, qui devait auparavant naviguer dans cinq systèmes différents, ' +
  'réalise désormais ses tâches à partir d’un seul système intégré, ce qui lui laisse plus de temps auprès des usagers, ' +
  'de leurs proches et des équipes de soins qui les accompagnent au quotidien dans toute la région.';

describe('threads of updates not seen before', () => {
  it.each(['x', 'bluesky'] as const)('%s never leaves a heading alone in a post', (network) => {
    const heading = `Bons coups – ${'Mauricie-et-du-Centre-du-Québec, Nord-de-l’Île-de-Montréal, Laval et Laurentides réunis'}`;
    const update = baseUpdate({
      sections: [section('Faits saillants', ['Une puce courte.']), section(heading, [LONG_CLAUSES])],
    });
    const [draft] = composeDrafts(update, { ...OPTIONS, networks: [network] }, []);
    const posts = draft!.posts.map((p) => withoutNumbering(p.text));
    const headingPost = posts.find((p) => p.startsWith('Bons coups'));
    expect(headingPost).toBeDefined();
    expect(headingPost).toMatch(/\n• Une travailleuse sociale/u);
    expect(threadAsText(posts)).toContain('réunis • Une travailleuse sociale');
    expect(draft!.warnings).toEqual([]);
  });

  it('never ends a post on a number whose unit starts the next one', () => {
    const fits = (text: string) => measureX(text).valid;
    for (const unit of ['$', 'km', 'patients']) {
      for (let pad = 0; pad < 12; pad++) {
        const raw = `${'mot '.repeat(60 + pad)}un coût de 30 000 ${unit} et encore des mots pour finir la phrase`;
        const { units, cutWords } = splitUnits(normalizeTypography(raw, 'x'), fits);
        expect(cutWords).toEqual([]);
        for (const piece of units.slice(0, -1)) expect(piece, `${unit} ${pad}`).not.toMatch(/\p{N}$/u);
      }
    }
  });

  it('still breaks after a number when nothing else fits, rather than cut a word', () => {
    const within = (piece: string) => [...piece].length <= 8;
    expect(splitUnits('aaaa 22 460 bbbb', within)).toEqual({ units: ['aaaa', '22 460', 'bbbb'], cutWords: [] });
  });
});

describe('single posts of updates not seen before', () => {
  it.each(['linkedin', 'facebook'] as const)(
    '%s keeps a heading written with nothing under it at the end, as the threads do, without a warning',
    (network) => {
      const update = baseUpdate({ sections: [section('Faits saillants', ['Une puce.']), section('Section vide', [])] });
      const [single] = composeDrafts(update, { ...OPTIONS, networks: [network] }, []);
      const [thread] = composeDrafts(update, { ...OPTIONS, networks: ['x'] }, []);
      expect(single!.warnings).toEqual([]);
      expect(single!.posts[0]!.text).toContain('\n\nSection vide\n\n');
      expect(threadAsText(thread!.posts.map((p) => p.text))).toContain('Section vide');
    },
  );
});

describe('numbered lists', () => {
  const text =
    '---\ndate: 2026-06-09\ntitle: Mise à jour quotidienne\n---\n\n# Priorités\n\n1. Stabiliser les interfaces.\n2. Former les équipes de nuit.\n   1. Urgence.\n   2. Soins intensifs.\n3. Préparer le bilan.\n';
  const update = parseUpdateText(text, 'essai.md');

  it('keep their numbers in the posts', () => {
    const [x] = composeDrafts(update, { ...OPTIONS, networks: ['x'] }, []);
    expect(x!.posts[0]!.text).toContain(
      '1. Stabiliser les interfaces.\n2. Former les équipes de nuit.\n  1. Urgence.\n  2. Soins intensifs.\n3. Préparer le bilan.',
    );
  });

  it('keep their numbers and nesting on the website, read back the same', () => {
    const site = siteText(update);
    expect(site).toContain('1. Stabiliser les interfaces.\n2. Former les équipes de nuit.\n   1. Urgence.\n');
    const back = parseUpdateText(site, 'site.md');
    const shape = (u: typeof update) =>
      u.sections[0]!.bullets.map((b) => [b.ordinal, b.text, b.children.map((c) => [c.ordinal, c.text])]);
    expect(shape(back)).toEqual(shape(update));
  });
});
