import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import type { CardSpec } from '../../src/cards/types.js';
import { type ComposeOptions, composeDrafts } from '../../src/compose/compose.js';
import { bulletText } from '../../src/compose/content.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { measureBluesky } from '../../src/compose/measure.js';
import { normalizeTypography, typographyStyleFor } from '../../src/compose/typography.js';
import type { Section } from '../../src/update/types.js';
import {
  allBullets,
  baseUpdate,
  bullet,
  flattenSpaces,
  sampleUpdate,
  threadAsText,
  withoutNumbering,
} from './helpers.js';

const OPTIONS: ComposeOptions = {
  networks: ['x', 'bluesky'],
  hashtags: [],
  numbering: 'n/N',
  maxThreadPosts: 25,
  formats: WHOLE_UPDATE_FORMATS,
};

function section(heading: string, bullets: string[], level: Section['level'] = 2): Section {
  return { level, heading, line: 1, paragraphs: [], bullets: bullets.map((text) => bullet(text)) };
}

describe('maxThreadPosts', () => {
  const update = sampleUpdate();
  const [x, bluesky] = composeDrafts(update, { ...OPTIONS, maxThreadPosts: 6 }, []);
  const figureLines = new Set(update.figures.map((f) => f.line));

  it.each([
    ['X', () => x!],
    ['Bluesky', () => bluesky!],
  ])('%s keeps the limit and numbers to it, the link ending post 1 and the hashtags the last', (label, get) => {
    const draft = get();
    const n = draft.posts.length;
    expect(n).toBeGreaterThanOrEqual(5);
    expect(n).toBeLessThanOrEqual(6);
    for (const [i, post] of draft.posts.entries()) expect(post.text.endsWith(`\n\n${i + 1}/${n}`)).toBe(true);
    expect(withoutNumbering(draft.posts[0]!.text)).toMatch(
      /\n\nPour en savoir plus\u00A0: https:\/\/www\.santequebec\.gouv\.qc\.ca\/$/u,
    );
    expect(withoutNumbering(draft.posts[n - 1]!.text)).toMatch(/\n\n#DSN #SantéQuébec$/u);
    expect(draft.warnings.every((w) => w.startsWith(`${label} : `))).toBe(true);
  });

  it.each([
    ['X', () => x!],
    ['Bluesky', () => bluesky!],
  ])('%s lists every bullet it leaves out in omitted and in French, key figures last', (label, get) => {
    const draft = get();
    // Posts and warnings write the typographic apostrophe.
    const typographic = (text: string) => text.replace(/'/g, '’');
    const shown = threadAsText(draft.posts.map((p) => p.text));
    const style = typographyStyleFor(label === 'X' ? 'x' : 'bluesky');
    const isShown = (text: string) => shown.includes(flattenSpaces(normalizeTypography(text, style)).slice(0, 30));
    const missing = allBullets(update).filter((b) => !isShown(b.text));
    expect(missing.length).toBeGreaterThan(5);
    expect(draft.format).toBe('thread');
    expect(draft.omitted.every((o) => o.reason === 'max-thread-posts')).toBe(true);
    for (const b of missing) {
      expect(
        draft.omitted.some((o) => typographic(o.text).startsWith(typographic(b.text.slice(0, 30)))),
        b.text,
      ).toBe(true);
      expect(
        draft.warnings.some(
          (w) => typographic(w).includes(typographic(b.text.slice(0, 30))) && /retirée|coupée/u.test(w),
        ),
        b.text,
      ).toBe(true);
    }
    // Every bullet a key figure was read from is kept while ordinary bullets are left out.
    for (const b of allBullets(update).filter((b) => figureLines.has(b.line)))
      expect(isShown(b.text), b.text).toBe(true);
    expect(draft.omitted.find((o) => o.section === 'Billets quotidiens – données du mardi 12 mai 00h00 à 23h59')).toBe(
      undefined,
    );
    expect(draft.warnings.some((w) => w.includes('le fil est limité à 6 publications'))).toBe(true);
  });

  it('leaves out key figures only once every ordinary bullet is gone', () => {
    const [tiny] = composeDrafts(update, { ...OPTIONS, networks: ['x'], maxThreadPosts: 2 }, []);
    const figureBullets = allBullets(update).filter((b) => figureLines.has(b.line));
    const ordinaryKept = allBullets(update).filter(
      (b) => !figureLines.has(b.line) && !tiny!.omitted.some((o) => o.text === b.text),
    );
    const figuresOmitted = figureBullets.filter((b) => tiny!.omitted.some((o) => o.text === b.text));
    expect(tiny!.posts.length).toBeLessThanOrEqual(2);
    expect(figuresOmitted.length === 0 || ordinaryKept.length === 0).toBe(true);
  });
});

describe('numbering', () => {
  const many = baseUpdate({
    sections: Array.from({ length: 14 }, (_, i) =>
      section(`Section ${i + 1}`, [
        `Première puce de la section ${i + 1}, assez longue pour occuper une bonne partie de la publication, avec 22 460 personnes et 74,88 % de réussite.`,
        `Deuxième puce de la section ${i + 1}, elle aussi assez longue pour qu'une section entière ne tienne pas dans une seule publication sur X.`,
      ]),
    ),
  });

  it('reserves room for a two-digit count and numbers every post n/N', () => {
    const [x] = composeDrafts(many, { ...OPTIONS, networks: ['x'] }, []);
    const posts = x!.posts.map((p) => p.text);
    expect(posts.length).toBeGreaterThanOrEqual(10);
    posts.forEach((text, i) => {
      expect(text.endsWith(`\n\n${i + 1}/${posts.length}`)).toBe(true);
      expect(twitterText.parseTweet(text).valid).toBe(true);
    });
  });

  it('uses (n/N) when configured', () => {
    const [bluesky] = composeDrafts(many, { ...OPTIONS, networks: ['bluesky'], numbering: '(n/N)' }, []);
    const posts = bluesky!.posts.map((p) => p.text);
    for (const [i, text] of posts.entries()) expect(text.endsWith(`\n\n(${i + 1}/${posts.length})`)).toBe(true);
  });

  it('adds nothing when off', () => {
    const [x] = composeDrafts(many, { ...OPTIONS, networks: ['x'], numbering: 'off' }, []);
    for (const post of x!.posts) expect(post.text).not.toMatch(/\d+\/\d+\)?$/u);
  });

  it('does not number a single post', () => {
    const tiny = baseUpdate({ link: undefined, hashtags: [], sections: [section('Court', ['Une seule puce.'])] });
    const [x] = composeDrafts(tiny, { ...OPTIONS, networks: ['x'] }, []);
    expect(x!.posts.map((p) => p.text)).toEqual([
      'Mise à jour quotidienne – 14 mai 2026\nEssai\n\nCourt\n• Une seule puce.',
    ]);
  });
});

describe('hard cases', () => {
  it('cuts a word longer than a post and warns instead of failing', () => {
    const word = `https-pas-un-lien-${'a'.repeat(400)}`;
    const update = baseUpdate({ sections: [section('Mot', [`Avant ${word} après.`])] });
    const [x, bluesky] = composeDrafts(update, OPTIONS, []);
    for (const draft of [x!, bluesky!]) {
      expect(draft.warnings.some((w) => w.includes('mot trop long'))).toBe(true);
      const withoutLink = draft.posts.map((p) => p.text.replace(/\n\nPour en savoir plus\u00A0: \S+/u, ''));
      expect(threadAsText(withoutLink).replace(/\s/gu, '')).toContain(`Avant${word}après.`);
    }
    for (const post of x!.posts) expect(twitterText.parseTweet(post.text).valid).toBe(true);
    for (const post of bluesky!.posts) expect(measureBluesky(post.text).valid).toBe(true);
  });

  it('keeps a section that fits in one post together in a new post', () => {
    const update = baseUpdate({
      sections: [
        section('Premier', ['a'.repeat(60), 'b'.repeat(60)]),
        section('Deuxième', ['c'.repeat(80), 'd'.repeat(80)]),
      ],
    });
    const [x] = composeDrafts(update, { ...OPTIONS, networks: ['x'] }, []);
    const second = x!.posts.find((p) => p.text.includes('Deuxième'))!;
    expect(second.text.startsWith('Deuxième\n• cccc')).toBe(true);
    expect(second.text).toContain('dddd');
  });

  it('keeps a link inside a bullet, with its address', () => {
    const update = baseUpdate({
      sections: [
        {
          level: 2,
          heading: 'Liens',
          line: 1,
          paragraphs: ['Un paragraphe sous le titre.'],
          bullets: [
            {
              text: 'Lire le bilan complet',
              spans: [
                { kind: 'text', text: 'Lire ' },
                { kind: 'link', text: 'le bilan complet', url: 'https://exemple.qc.ca/bilan' },
              ],
              line: 2,
              children: [],
            },
          ],
        },
      ],
    });
    expect(bulletText(update.sections[0]!.bullets[0]!)).toBe('Lire le bilan complet (https://exemple.qc.ca/bilan)');
    const [facebook] = composeDrafts(update, { ...OPTIONS, networks: ['facebook'] }, []);
    expect(facebook!.posts[0]!.text).toContain(
      'Liens\nUn paragraphe sous le titre.\n• Lire le bilan complet (https://exemple.qc.ca/bilan)',
    );
  });

  it('ends without a closing post when there is neither link nor hashtag', () => {
    const update = baseUpdate({
      link: undefined,
      hashtags: [],
      sections: [section('Seul', ['x'.repeat(200), 'y'.repeat(200)])],
    });
    const [x] = composeDrafts(update, { ...OPTIONS, networks: ['x'] }, []);
    expect(x!.posts.at(-1)!.text).toContain('yyyy');
  });

  it('drops hashtags that cannot fit in the closing post, with a warning each', () => {
    const hashtags = Array.from({ length: 40 }, (_, i) => `MotClic${i}Long`);
    const update = baseUpdate({ hashtags, sections: [section('Titre', ['Une puce.'])] });
    const [x] = composeDrafts(update, { ...OPTIONS, networks: ['x'] }, []);
    const last = x!.posts.at(-1)!.text;
    expect(twitterText.parseTweet(last).valid).toBe(true);
    const dropped = x!.warnings.filter((w) => w.includes('mot-clic'));
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.length + (last.match(/#/gu)?.length ?? 0)).toBe(40);
  });

  it('warns about a section card whose section is not in the thread, and about a fifth image', () => {
    const update = sampleUpdate();
    const highlights = (sectionIndex: number): CardSpec => ({
      template: 'highlights',
      heading: `Section ${sectionIndex}`,
      dateLabel: '14 mai 2026',
      bullets: [],
      anchor: { kind: 'section', sectionIndex },
    });
    const cards: CardSpec[] = [
      highlights(9),
      { template: 'key-figures', title: 't', dateLabel: 'd', figures: [], anchor: { kind: 'lead' } },
      highlights(0),
      highlights(0),
      highlights(0),
      highlights(0),
    ];
    const [x] = composeDrafts(update, { ...OPTIONS, networks: ['x'], maxThreadPosts: 4 }, cards);
    expect(x!.posts[0]!.cards).toHaveLength(4);
    expect(x!.warnings.some((w) => w.includes('Section 9') && w.includes('ne figure pas dans le fil'))).toBe(true);
    expect(x!.warnings.some((w) => w.includes('a déjà 4 images'))).toBe(true);
  });
});
