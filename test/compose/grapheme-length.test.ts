import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemeLength } from '../../src/compose/measure.js';

const segmenter = new Intl.Segmenter('fr', { granularity: 'grapheme' });
const bySegmenter = (text: string) => [...segmenter.segment(text)].length;

/** Pieces French posts are made of, and the ones that join their neighbours. */
const PIECES = [
  'a',
  'É',
  'œ',
  ' ',
  '\u202f',
  '\u00a0',
  '’',
  '«',
  '—',
  '€',
  '%',
  '\n',
  '\r',
  '\t',
  '\u0301',
  '\u200d',
  '\ufe0f',
  '🩺',
  '👩‍⚕️',
  '🇨🇦',
  '🙏🏽',
  'ǅ',
  'ʼ',
  '\u00ad',
  '#',
];

describe('graphemeLength', () => {
  it('counts like the grapheme segmenter for any mix of letters, spaces, marks, joiners and emoji', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(graphemeLength(text)).toBe(bySegmenter(text));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        expect(graphemeLength(text)).toBe(bySegmenter(text));
      }),
    );
  });

  it('counts a combining accent, CR LF and a family emoji as one each', () => {
    expect(graphemeLength('e\u0301te\u0301')).toBe(3);
    expect(graphemeLength('ligne\r\nsuivante')).toBe(14);
    expect(graphemeLength('22\u202f460 usagers 👨‍👩‍👧')).toBe(16);
  });
});
