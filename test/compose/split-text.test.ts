import { describe, expect, it } from 'vitest';
import { splitSentences, splitUnits } from '../../src/compose/split-text.js';
import { normalizeTypography } from '../../src/compose/typography.js';

const within = (max: number) => (piece: string) => [...piece].length <= max;

describe('splitUnits', () => {
  it('keeps a text that fits whole', () => {
    expect(splitUnits('Une phrase. Une autre.', within(100))).toEqual({
      units: ['Une phrase. Une autre.'],
      cutWords: [],
    });
  });

  it('cuts at sentences first', () => {
    const { units } = splitUnits('Première phrase ici. Deuxième phrase là. Troisième!', within(25));
    expect(units).toEqual(['Première phrase ici.', 'Deuxième phrase là.', 'Troisième!']);
  });

  it('cuts a long sentence at a clause before cutting between words', () => {
    const text = 'Les équipes se déplacent sur le terrain, travaillent avec les soignants et trouvent des solutions.';
    const { units } = splitUnits(text, within(50));
    expect(units[0]).toBe('Les équipes se déplacent sur le terrain,');
    expect(units.join(' ')).toBe(text);
    for (const unit of units) expect([...unit].length).toBeLessThanOrEqual(50);
  });

  it('never cuts inside a number, nor before « : », « % », « ! » or inside « »', () => {
    const text = normalizeTypography(
      'aaaa bbbb 22 460 cccc 74,88 % dddd eeee : ffff gggg ! hhhh « iiii jjjj » kkkk 1 106 llll',
      'narrow',
    );
    for (let max = 12; max < 40; max++) {
      const { units } = splitUnits(text, within(max));
      expect(units.join(' ')).toBe(text);
      for (const unit of units) {
        expect(unit).not.toMatch(/^[:;!?%»]/u);
        expect(unit).not.toMatch(/«$/u);
      }
      const all = units.join('\n');
      for (const glued of ['22\u202F460', '74,88\u202F%', '1\u202F106', 'eeee\u00A0:', 'gggg\u202F!']) {
        expect(all).toContain(glued);
      }
      if (max >= 21) expect(all).toContain('«\u00A0iiii jjjj\u00A0»');
    }
  });

  it('does not cut a number typed with a plain space', () => {
    const { units } = splitUnits('aaaa 22 460 bbbb', within(8));
    expect(units).toContain('22 460');
  });

  it('hard-cuts a word longer than the limit and reports it', () => {
    const word = 'x'.repeat(25);
    const { units, cutWords } = splitUnits(`avant ${word} après`, within(10));
    expect(cutWords).toEqual([word]);
    expect(units.join('')).toBe(`avant${word}après`);
    for (const unit of units) expect([...unit].length).toBeLessThanOrEqual(10);
  });

  it('never cuts inside a grapheme', () => {
    const word = '👩‍⚕️'.repeat(6);
    const { units } = splitUnits(word, (piece) => piece.length <= 12);
    expect(units.join('')).toBe(word);
    for (const unit of units) expect(unit.startsWith('\u200D')).toBe(false);
  });
});

describe('splitSentences', () => {
  it('gives the sentences even when the whole text fits', () => {
    expect(splitSentences('Un. Deux. Trois.', within(100)).units).toEqual(['Un.', 'Deux.', 'Trois.']);
  });
});
