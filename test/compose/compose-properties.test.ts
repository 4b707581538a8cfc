import fc from 'fast-check';
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { composeDrafts } from '../../src/compose/compose.js';
import { BULLET_MARKERS } from '../../src/compose/content.js';
import { WHOLE_UPDATE_FORMATS } from '../../src/compose/formats.js';
import { graphemeLength, utf8Bytes } from '../../src/compose/measure.js';
import type { NumberingStyle } from '../../src/compose/numbering.js';
import { normalizeTypography, typographyStyleFor } from '../../src/compose/typography.js';
import { frenchLongDate } from '../../src/update/french-dates.js';
import type { Bullet, Section, Update } from '../../src/update/types.js';
import { baseUpdate, bullet, withoutNumbering } from './helpers.js';

const WORDS = [
  'santé',
  'données',
  'hôpital',
  'élève',
  'déjà',
  'ça',
  'naïve',
  'cœur',
  'Québec',
  'équipes',
  'usagers',
  'soutien',
  'le',
  'à',
  'des',
  'anticonstitutionnellement',
  'intergouvernementalisations',
];
const NUMBERS = ['22 460', '74,88 %', '1 106', '7%', '100 %', '3,5', '1790', '30 000 000', '14h15', '00h00'];
const URLS = [
  'https://www.santequebec.gouv.qc.ca/',
  'https://exemple.qc.ca/bilan?jour=2026-05-14&h=14:15',
  'quebec.ca',
];
const EMOJI = ['🎉', '👩‍⚕️', '🇨🇦', '❤️', '✅'];
const PUNCTUATED = ['fin.', 'vrai !', 'ici :', 'puis,', 'alors ;', 'quoi ?', '« entre guillemets »'];

const longWord = fc
  .array(fc.constantFrom(...'abcdéèêàçôû'), { minLength: 20, maxLength: 60 })
  .map((chars) => chars.join(''));
const token = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(...URLS) },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATED) },
  { weight: 1, arbitrary: longWord },
);
const sentence = fc.array(token, { minLength: 1, maxLength: 18 }).map((tokens) => `${tokens.join(' ')}.`);
const text = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((sentences) => sentences.join(' '));
const heading = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const bulletArb: fc.Arbitrary<Bullet> = fc.tuple(text, fc.array(text, { maxLength: 2 })).map(([t, children]) =>
  bullet(
    t,
    children.map((c) => bullet(c)),
  ),
);
const sectionArb: fc.Arbitrary<Section> = fc
  .tuple(heading, fc.array(bulletArb, { minLength: 1, maxLength: 4 }), fc.constantFrom<Section['level']>(1, 2, 3))
  .map(([h, bullets, level]) => ({ level, heading: h, line: 1, paragraphs: [], bullets }));
const updateArb: fc.Arbitrary<Update> = fc
  .tuple(heading, fc.array(sectionArb, { minLength: 1, maxLength: 4 }))
  .map(([subtitle, sections]) => baseUpdate({ subtitle, sections }));
const numberingArb = fc.constantFrom<NumberingStyle>('n/N', '(n/N)', 'off');

/** What a reader should find, in order, for one network: title line, subtitle, then every heading and bullet. */
function expectedTexts(update: Update, network: 'x' | 'bluesky'): string[] {
  const style = typographyStyleFor(network);
  const out = [`${update.title} – ${frenchLongDate(update.date)}`, update.subtitle ?? ''];
  const visit = (bullets: Bullet[]) => {
    for (const b of bullets) {
      out.push(b.text);
      visit(b.children);
    }
  };
  for (const s of update.sections) {
    out.push(s.heading);
    visit(s.bullets);
  }
  return out.map((t) => normalizeTypography(t, style));
}

const MARKER_AT_LINE_START = new RegExp(`^(?:${BULLET_MARKERS.map((m) => m.replace(/ /gu, ' ')).join('|')})`, 'gmu');

function words(text: string): string[] {
  return text.split(/[\s\u00A0\u202F]+/u).filter(Boolean);
}

const LINK_LINE = /\n\nPour en savoir plus\u00A0: \S+$/u;
const HASHTAG_LINE = /(?:^|\n\n)#[^\s#]+(?: #[^\s#]+)*$/u;

/**
 * The posts read in order without numbering, bullet markers, the link ending post 1 and the
 * hashtags ending the thread; checks those two are where they belong.
 */
function contentWords(posts: string[], update: Update): string[] {
  const bodies = posts.map(withoutNumbering);
  if (update.hashtags.length > 0) {
    const last = bodies.length - 1;
    expect(bodies[last]).toMatch(HASHTAG_LINE);
    bodies[last] = bodies[last]!.replace(HASHTAG_LINE, '');
  }
  if (update.link) {
    expect(bodies[0]).toMatch(LINK_LINE);
    expect(bodies.slice(1).join('\n')).not.toContain(update.link);
    bodies[0] = bodies[0]!.replace(LINK_LINE, '');
  }
  return words(bodies.map((p) => p.replace(MARKER_AT_LINE_START, '')).join('\n'));
}

const NUMBER_RUN = /\p{N}+(?:[,\u00A0\u202F]\p{N}+)*(?:[\u00A0\u202F]%)?/gu;

describe('thread properties on random French updates', () => {
  it.each(['x', 'bluesky'] as const)(
    '%s: every post fits, nothing is lost or reordered, no number is cut',
    (network) => {
      fc.assert(
        fc.property(updateArb, numberingArb, (update, numbering) => {
          const [draft] = composeDrafts(
            update,
            { networks: [network], hashtags: ['DSN'], numbering, maxThreadPosts: 100, formats: WHOLE_UPDATE_FORMATS },
            [],
          );
          const posts = draft!.posts.map((p) => p.text);

          for (const post of posts) {
            if (network === 'x') {
              expect(twitterText.parseTweet(post).valid, post).toBe(true);
            } else {
              expect(graphemeLength(post), post).toBeLessThanOrEqual(300);
              expect(utf8Bytes(post)).toBeLessThanOrEqual(3000);
            }
            const body = withoutNumbering(post).replace(MARKER_AT_LINE_START, '');
            expect(body, post).not.toMatch(/^[:;!?%»]/u);
          }
          expect(draft!.warnings).toEqual([]);

          const expected = expectedTexts(update, network);
          expect(contentWords(posts, update)).toEqual(words(expected.join('\n')));

          for (const run of expected.join('\n').match(NUMBER_RUN) ?? []) {
            expect(
              posts.some((p) => p.includes(run)),
              `${JSON.stringify(run)} cut across posts`,
            ).toBe(true);
          }
          if (numbering !== 'off' && posts.length > 1) {
            for (const [i, p] of posts.entries())
              expect(p).toMatch(new RegExp(`\\(?${i + 1}/${posts.length}\\)?$`, 'u'));
          }
        }),
        { numRuns: 60 },
      );
    },
  );

  it.each(['x', 'bluesky'] as const)(
    '%s: a word longer than a post is cut, reported, and nothing else is lost',
    (network) => {
      const huge = fc.array(fc.constantFrom(...'abcdéèà'), { minLength: 300, maxLength: 700 }).map((c) => c.join(''));
      fc.assert(
        fc.property(text, huge, text, (before, word, after) => {
          const update = baseUpdate({
            sections: [
              { level: 2, heading: 'Titre', line: 1, paragraphs: [], bullets: [bullet(`${before} ${word} ${after}`)] },
            ],
          });
          const [draft] = composeDrafts(
            update,
            { networks: [network], hashtags: [], numbering: 'n/N', maxThreadPosts: 100, formats: WHOLE_UPDATE_FORMATS },
            [],
          );
          const posts = draft!.posts.map((p) => p.text);
          for (const post of posts) {
            if (network === 'x') expect(twitterText.parseTweet(post).valid).toBe(true);
            else expect(graphemeLength(post)).toBeLessThanOrEqual(300);
          }
          expect(draft!.warnings.some((w) => w.includes('mot trop long'))).toBe(true);
          const expected = expectedTexts(update, network).join('');
          expect(contentWords(posts, update).join('')).toBe(words(expected).join(''));
        }),
        { numRuns: 25 },
      );
    },
  );
});
