import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { altText } from '../../src/cards/alt-text.js';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import { composeDrafts } from '../../src/compose/compose.js';
import { bulletText, collapseSpaces, withoutRefusedChars } from '../../src/compose/content.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { MEASURES } from '../../src/compose/measure.js';
import type { NumberingStyle } from '../../src/compose/numbering.js';
import { normalizeTypography, typographyStyleFor } from '../../src/compose/typography.js';
import { NETWORKS, type NetworkId } from '../../src/networks/index.js';
import { CARD_FORMATS } from '../../src/render/formats.js';
import { frenchLongDate } from '../../src/update/french-dates.js';
import type { Bullet, Figure, Section, Update } from '../../src/update/types.js';
import { EMOJI, emojiRun, hostileLine, hostileText } from './hostile.js';

function bulletOf(text: string, children: Bullet[] = []): Bullet {
  return { text, spans: [{ kind: 'text', text }], line: 1, children };
}

/** Bullets nested `depth` levels below the given ones. */
function bulletTree(depth: number): fc.Arbitrary<Bullet> {
  const leaf = hostileText(15).map((text) => bulletOf(text));
  if (depth <= 0) return leaf;
  return fc.tuple(hostileText(15), fc.array(bulletTree(depth - 1), { maxLength: 2 })).map(([t, c]) => bulletOf(t, c));
}

const sectionArb: fc.Arbitrary<Section> = fc
  .record({
    level: fc.constantFrom<Section['level']>(1, 2, 3),
    heading: fc.oneof(hostileText(10), fc.constant('Bons coups')),
    paragraphs: fc.array(hostileText(20), { maxLength: 2 }),
    bullets: fc.array(bulletTree(4), { maxLength: 4 }),
  })
  .map((s) => ({ ...s, line: 1 }));

const figureArb: fc.Arbitrary<Figure> = fc
  .record({ value: hostileLine(3), label: hostileText(12), refersTo: fc.option(hostileText(6), { nil: undefined }) })
  .map(({ value, label, refersTo }) => ({
    value,
    numeric: 1,
    unit: '' as const,
    label,
    ...(refersTo === undefined ? {} : { refersTo }),
    source: 'bullets' as const,
  }));

const updateArb: fc.Arbitrary<Update> = fc
  .record({
    title: hostileLine(12),
    subtitle: fc.option(hostileText(12), { nil: undefined }),
    link: fc.option(fc.oneof(hostileText(6), fc.constant('https://www.exemple.qc.ca/bilan?x=1')), { nil: undefined }),
    hashtags: fc.array(hostileText(4), { maxLength: 4 }),
    figures: fc.array(figureArb, { maxLength: 6 }),
    sections: fc.array(sectionArb, { minLength: 1, maxLength: 5 }),
  })
  .map((u) => ({
    date: '2026-05-14',
    title: u.title,
    ...(u.subtitle === undefined ? {} : { subtitle: u.subtitle }),
    ...(u.link === undefined ? {} : { link: u.link }),
    hashtags: u.hashtags,
    figures: u.figures,
    sections: u.sections,
    source: { path: 'fuzz.md', sha256: '0'.repeat(64) },
  }));

const numberingArb = fc.constantFrom<NumberingStyle>('n/N', '(n/N)', 'off');

function compose(update: Update, networks: readonly NetworkId[], numbering: NumberingStyle, hashtags: string[] = []) {
  return composeDrafts(
    update,
    { networks: [...networks], hashtags, numbering, maxThreadPosts: 10_000, formats: WHOLE_UPDATE_FORMATS },
    planCards(update),
  );
}

/** Every post of every draft fits its network, as that network measures it. */
function expectEveryPostFits(update: Update, numbering: NumberingStyle, hashtags: string[] = []): void {
  for (const draft of compose(update, NETWORKS, numbering, hashtags)) {
    expect(draft.posts.length).toBeGreaterThan(0);
    for (const post of draft.posts) {
      const measure = MEASURES[draft.network](post.text);
      expect(measure.valid, `${draft.network}: ${JSON.stringify(post.text)}`).toBe(true);
    }
  }
}

/** What a reader sees of a text, for comparison: no whitespace, no bullet markers, NFC. */
function visible(text: string): string {
  // Combining marks are left out: canonical ordering moves them when two texts are joined.
  return text
    .replace(/[\s•◦–]/gu, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

const NUMBERING = /\n\n\(?\d+\/\d+\)?$/u;

/** The update's text as the network's typography writes it, in reading order. */
function expectedText(update: Update, network: NetworkId): string {
  return expectedPieces(update, network, true).join('');
}

/** Each block's visible text, in reading order; headings only when asked. */
function expectedPieces(update: Update, network: NetworkId, withHeadings: boolean): string[] {
  const style = typographyStyleFor(network);
  const typo = (text: string) => normalizeTypography(collapseSpaces(withoutRefusedChars(text)), style);
  const out = [typo(`${update.title.trim()} – ${frenchLongDate(update.date)}`), typo(update.subtitle?.trim() ?? '')];
  const visit = (bullets: Bullet[]) => {
    for (const b of bullets) {
      out.push(typo(bulletText(b)));
      visit(b.children);
    }
  };
  for (const section of update.sections) {
    if (withHeadings) out.push(typo(section.heading.trim()));
    for (const paragraph of section.paragraphs) out.push(typo(paragraph.trim()));
    visit(section.bullets);
  }
  return out.map(visible).filter(Boolean);
}

/** Every piece appears in `text`, in order, none overlapping the one before. */
function expectInOrder(text: string, pieces: string[]): void {
  let from = 0;
  for (const piece of pieces) {
    const at = text.indexOf(piece, from);
    expect(at, `${JSON.stringify(piece)} missing after ${from}`).toBeGreaterThanOrEqual(0);
    from = at + piece.length;
  }
}

/** The posts read in order, without numbering nor the link line that ends post 1. */
function publishedText(posts: string[], link?: string): string {
  const line = link === undefined ? '' : `\n\nPour en savoir plus\u00A0: ${withoutRefusedChars(link).trim()}`;
  return visible(
    posts
      .map((post) => post.replace(NUMBERING, ''))
      .map((post, i) => (i === 0 && line && post.endsWith(line) ? post.slice(0, -line.length) : post))
      .join(''),
  );
}

describe('composer under hostile text', () => {
  it('never throws and every post of every network fits its limit', () => {
    fc.assert(
      fc.property(updateArb, numberingArb, fc.array(hostileText(4), { maxLength: 3 }), (update, numbering, tags) => {
        expectEveryPostFits(update, numbering, tags);
      }),
      { numRuns: 120 },
    );
  });

  it.each(['x', 'bluesky'] as const)('%s: no visible character is lost or reordered', (network) => {
    fc.assert(
      fc.property(updateArb, numberingArb, (update, numbering) => {
        const [draft] = compose(update, [network], numbering);
        const posts = draft!.posts.map((post) => post.text);
        expect(publishedText(posts, update.link)).toContain(expectedText(update, network));
      }),
      { numRuns: 120 },
    );
  });

  it('facebook: every bullet and paragraph is there in order (headings without content may go)', () => {
    fc.assert(
      fc.property(updateArb, (update) => {
        const [draft] = compose(update, ['facebook'], 'off');
        expect(draft!.posts).toHaveLength(1);
        expectInOrder(publishedText([draft!.posts[0]!.text]), expectedPieces(update, 'facebook', false));
      }),
      { numRuns: 120 },
    );
  });

  it.each(['x', 'bluesky', 'facebook'] as const)(
    '%s: keeps a bullet of 10 000 emoji whole, each post within its limit',
    (network) => {
      const update: Update = {
        date: '2026-05-14',
        title: 'Mise à jour quotidienne',
        hashtags: ['DSN'],
        figures: [],
        sections: [
          { level: 2, heading: 'Émojis', line: 1, paragraphs: [], bullets: [bulletOf(emojiRun(10_000, '👩‍⚕️'))] },
        ],
        source: { path: 'fuzz.md', sha256: '0'.repeat(64) },
      };
      const [draft] = compose(update, [network], 'n/N');
      for (const post of draft!.posts) expect(MEASURES[network](post.text).valid).toBe(true);
      expect(publishedText(draft!.posts.map((p) => p.text))).toContain(expectedText(update, network));
    },
  );

  it('fits every post when the update is huge (hundreds of bullets, some of 2 000 words)', () => {
    const long = `${'mot '.repeat(2000)}${EMOJI.join('')}`;
    const bullets = Array.from({ length: 200 }, (_, i) =>
      bulletOf(
        i % 50 === 0 ? long : `Point ${i} : 22 460 usagers \u202e à l'envers \u202c, ${EMOJI[i % EMOJI.length]}.`,
      ),
    );
    const update: Update = {
      date: '2026-05-14',
      title: 'Mise à jour quotidienne',
      link: 'https://www.exemple.qc.ca/',
      hashtags: ['DSN'],
      figures: [],
      sections: [{ level: 2, heading: 'Beaucoup', line: 1, paragraphs: [], bullets }],
      source: { path: 'fuzz.md', sha256: '0'.repeat(64) },
    };
    for (const draft of compose(update, NETWORKS, '(n/N)')) {
      for (const post of draft.posts) expect(MEASURES[draft.network](post.text).valid).toBe(true);
    }
  });
});

describe('typography under hostile text', () => {
  it('changes only spacing and the apostrophe, even with private-use characters next to links and hashtags', () => {
    const withProtected = fc
      .tuple(
        hostileText(20),
        fc.constantFrom('\ue000', '\ue001', '\uf8ff'),
        fc.constantFrom('https://quebec.ca/a', '#DSN', 'x@y.ca'),
      )
      .map(([text, pua, kept]) => `${pua} ${text} ${kept} ${pua}`);
    fc.assert(
      fc.property(withProtected, fc.constantFrom('x' as const, 'narrow' as const), (text, style) => {
        const out = normalizeTypography(text, style);
        // The one apostrophe style (’ by default) is the only other change typography makes.
        const bare = (value: string) => value.replace(/\s/gu, '').replace(/’/gu, "'");
        expect(bare(out)).toBe(bare(text.normalize('NFC')));
      }),
      { numRuns: 300 },
    );
  });
});

describe('alt text under hostile card data', () => {
  const cardArb: fc.Arbitrary<CardSpec> = fc.oneof(
    fc
      .record({
        title: hostileText(30),
        subtitle: fc.option(hostileText(30), { nil: undefined }),
        figures: fc.array(figureArb, { maxLength: 4 }),
      })
      .map(({ title, subtitle, figures }) => ({
        template: 'key-figures' as const,
        title,
        ...(subtitle === undefined ? {} : { subtitle }),
        dateLabel: '14 mai 2026',
        figures,
        anchor: { kind: 'lead' as const },
      })),
    fc
      .record({ heading: hostileText(20), bullets: fc.array(hostileText(60), { maxLength: 4 }) })
      .map(({ heading, bullets }) => ({
        template: 'highlights' as const,
        heading,
        dateLabel: '14 mai 2026',
        bullets,
        anchor: { kind: 'section' as const, sectionIndex: 0 },
      })),
  );

  it('stays within every network limit and within any limit asked for', () => {
    fc.assert(
      fc.property(cardArb, fc.integer({ min: 1, max: 3000 }), (card, max) => {
        expect([...altText(card, max)].length).toBeLessThanOrEqual(max);
        for (const network of NETWORKS) {
          const limit = CARD_FORMATS[network].altMaxChars;
          expect([...altText(card, limit)].length).toBeLessThanOrEqual(limit);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays within limits for 10 000 emoji in every field', () => {
    const run = emojiRun(10_000, '👩‍⚕️');
    const cards: CardSpec[] = [
      {
        template: 'key-figures',
        title: run,
        subtitle: run,
        dateLabel: '14 mai 2026',
        figures: [{ value: run, numeric: 1, unit: '', label: run, refersTo: run, source: 'bullets' }],
        anchor: { kind: 'lead' },
      },
      {
        template: 'highlights',
        heading: run,
        dateLabel: '14 mai 2026',
        bullets: [run, run],
        anchor: { kind: 'section', sectionIndex: 0 },
      },
    ];
    for (const card of cards) {
      for (const network of NETWORKS) {
        const limit = CARD_FORMATS[network].altMaxChars;
        const alt = altText(card, limit);
        expect([...alt].length).toBeLessThanOrEqual(limit);
        expect(alt.endsWith('…')).toBe(true);
      }
    }
  });
});
