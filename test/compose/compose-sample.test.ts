import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import type { CardSpec } from '../../src/cards/types.js';
import { type ComposeOptions, composeDrafts } from '../../src/compose/compose.js';
import { bulletText } from '../../src/compose/content.js';
import { describeCount } from '../../src/compose/describe-count.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { escapeLittleText, graphemeLength, utf8Bytes } from '../../src/compose/measure.js';
import type { ComposedDraft } from '../../src/compose/types.js';
import { normalizeTypography, typographyStyleFor } from '../../src/compose/typography.js';
import type { NetworkId } from '../../src/networks/index.js';
import { allBullets, flattenSpaces, sampleUpdate, threadAsText, withoutNumbering } from './helpers.js';

const DEFAULTS: ComposeOptions = {
  networks: ['x', 'bluesky', 'linkedin', 'facebook'],
  hashtags: [],
  numbering: 'n/N',
  maxThreadPosts: 25,
  formats: WHOLE_UPDATE_FORMATS,
};

const update = sampleUpdate();
const cards: CardSpec[] = [
  {
    template: 'key-figures',
    title: update.title,
    dateLabel: '14 mai 2026',
    figures: update.figures,
    anchor: { kind: 'lead' },
  },
  {
    template: 'highlights',
    heading: 'Mise à jour technologique',
    dateLabel: '14 mai 2026',
    bullets: ['22 460 utilisateurs'],
    anchor: { kind: 'section', sectionIndex: 5 },
  },
  {
    template: 'highlights',
    heading: 'Bons coups – Mauricie-Centre-du-Québec',
    dateLabel: '14 mai 2026',
    bullets: ['Entraide du réseau'],
    anchor: { kind: 'section', sectionIndex: 2 },
  },
];
const drafts = composeDrafts(update, DEFAULTS, cards);
const draft = (network: NetworkId): ComposedDraft => drafts.find((d) => d.network === network)!;
const texts = (network: NetworkId) => draft(network).posts.map((p) => p.text);

describe('composeDrafts on the sample update', () => {
  it('gives one draft per configured network, threads for X and Bluesky, one post elsewhere', () => {
    expect(drafts.map((d) => d.network)).toEqual(['x', 'bluesky', 'linkedin', 'facebook']);
    expect(draft('x').posts.length).toBeGreaterThan(3);
    expect(draft('bluesky').posts.length).toBeGreaterThan(3);
    expect(draft('linkedin').posts).toHaveLength(1);
    expect(draft('facebook').posts).toHaveLength(1);
  });

  it('keeps every X post valid for twitter-text', () => {
    for (const text of texts('x')) {
      const parsed = twitterText.parseTweet(text);
      expect(parsed.valid, text).toBe(true);
      expect(parsed.weightedLength).toBeLessThanOrEqual(280);
      expect(text).not.toContain('\u202F');
    }
  });

  it('keeps every Bluesky post within 300 graphemes and 3000 bytes', () => {
    for (const text of texts('bluesky')) {
      expect(graphemeLength(text), text).toBeLessThanOrEqual(300);
      expect(utf8Bytes(text)).toBeLessThanOrEqual(3000);
    }
  });

  it('keeps LinkedIn within 3000 characters once escaped, and Facebook within 63 206', () => {
    expect(escapeLittleText(texts('linkedin')[0]!).length).toBeLessThanOrEqual(3000);
    expect(texts('facebook')[0]!.length).toBeLessThanOrEqual(63_206);
    for (const d of drafts)
      for (const text of texts(d.network)) expect(describeCount(d.network, text).valid).toBe(true);
  });

  it.each(['x', 'bluesky', 'facebook'] as const)(
    '%s shows every bullet and sub-bullet, without warnings',
    (network) => {
      const whole = network === 'facebook' ? flattenSpaces(texts(network)[0]!) : threadAsText(texts(network));
      const style = typographyStyleFor(network);
      const bullets = allBullets(update);
      expect(bullets.length).toBe(28);
      for (const b of bullets) {
        expect(whole).toContain(flattenSpaces(normalizeTypography(bulletText(b), style)));
      }
      for (const section of update.sections) {
        expect(whole).toContain(flattenSpaces(normalizeTypography(section.heading, style)));
      }
      expect(draft(network).warnings).toEqual([]);
    },
  );

  it('lists in the LinkedIn warnings every bullet the LinkedIn post leaves out', () => {
    const { warnings } = draft('linkedin');
    const text = flattenSpaces(texts('linkedin')[0]!);
    const missing = allBullets(update).filter(
      (b) => !text.includes(flattenSpaces(normalizeTypography(bulletText(b), 'narrow'))),
    );
    expect(missing.length).toBeGreaterThan(0);
    for (const b of missing) {
      const start = b.text.slice(0, 40);
      expect(
        warnings.some((w) => w.startsWith('LinkedIn : ') && w.includes('retirée') && w.includes(start)),
        b.text,
      ).toBe(true);
    }
    expect(warnings.length).toBeGreaterThanOrEqual(missing.length);
  });

  it.each(['x', 'bluesky'] as const)('%s numbers the posts 1/N … N/N', (network) => {
    const posts = texts(network);
    posts.forEach((text, i) => {
      expect(text.endsWith(`\n\n${i + 1}/${posts.length}`)).toBe(true);
    });
  });

  it.each(['x', 'bluesky'] as const)('%s opens with the title, the date and the subtitle', (network) => {
    const first = flattenSpaces(texts(network)[0]!);
    expect(first.startsWith('Mise à jour quotidienne – 14 mai 2026 Dossier santé numérique (DSN)')).toBe(true);
  });

  it.each(['x', 'bluesky'] as const)('%s carries the link in post 1 and ends with the hashtags', (network) => {
    const first = withoutNumbering(texts(network)[0]!);
    expect(first.endsWith('\n\nPour en savoir plus\u00A0: https://www.santequebec.gouv.qc.ca/')).toBe(true);
    // Post 1 carries content, not only the title and the link.
    expect(first).toContain('Malgré');
    const rest = texts(network).slice(1).join('\n');
    expect(rest).not.toContain('santequebec.gouv.qc.ca');
    expect(withoutNumbering(texts(network).at(-1)!).endsWith('\n\n#DSN #SantéQuébec')).toBe(true);
  });

  it.each(['x', 'bluesky'] as const)('%s never ends a post with a section heading', (network) => {
    const headings = update.sections.map((s) =>
      flattenSpaces(normalizeTypography(s.heading, typographyStyleFor(network))),
    );
    for (const text of texts(network)) {
      const lastLine = flattenSpaces(withoutNumbering(text).split('\n').at(-1)!);
      expect(headings).not.toContain(lastLine);
    }
  });

  it.each(['x', 'bluesky'] as const)(
    '%s attaches the lead card first and section cards where the section starts',
    (network) => {
      const posts = draft(network).posts;
      expect(posts[0]!.cards.map((c) => c.template)).toEqual(['key-figures']);
      const techPost = posts.find((p) => p.text.includes('Mise à jour technologique'))!;
      expect(techPost.cards.map((c) => c.anchor)).toEqual([{ kind: 'section', sectionIndex: 5 }]);
      const bonsCoups = posts.find((p) => p.text.includes('Bons coups – Mauricie'))!;
      expect(bonsCoups.cards.map((c) => c.anchor)).toEqual([{ kind: 'section', sectionIndex: 2 }]);
      expect(posts.flatMap((p) => p.cards)).toHaveLength(3);
    },
  );

  it.each(['linkedin', 'facebook'] as const)('%s carries only the key-figures card', (network) => {
    expect(draft(network).posts[0]!.cards.map((c) => c.template)).toEqual(['key-figures']);
  });

  it('adds configured hashtags after the update’s own, without duplicates', () => {
    const [x] = composeDrafts(update, { ...DEFAULTS, networks: ['x'], hashtags: ['dsn', '#Santé', 'Santé'] }, []);
    expect(withoutNumbering(x!.posts.at(-1)!.text).endsWith('#DSN #SantéQuébec #Santé')).toBe(true);
  });
});

/** A thread as a reviewer reads it: each post under a rule with its number and count. */
function goldenText(network: NetworkId): string {
  return texts(network)
    .map((text, i) => `──── post ${i + 1} · ${describeCount(network, text).label}\n${text}\n`)
    .join('\n');
}

describe('golden threads of the sample update', () => {
  it('X', async () => {
    await expect(goldenText('x')).toMatchFileSnapshot('./__golden__/sample-x.golden.txt');
  });

  it('Bluesky', async () => {
    await expect(goldenText('bluesky')).toMatchFileSnapshot('./__golden__/sample-bluesky.golden.txt');
  });
});
