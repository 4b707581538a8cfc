import { describe, expect, it } from 'vitest';
import { describeCount } from '../../src/compose/describe-count.js';

describe('describeCount', () => {
  it('counts X by weighted length, a URL as 23', () => {
    const text = `${'a'.repeat(250)} https://www.exemple.qc.ca/une/adresse/tres/longue/qui/depasse/vingt-trois`;
    expect(describeCount('x', text)).toEqual({ length: 274, limit: 280, label: '274 / 280', valid: true });
  });

  it('counts U+202F twice on X, U+00A0 once', () => {
    expect(describeCount('x', '22\u202F460').length).toBe(7);
    expect(describeCount('x', '22\u00A0460').length).toBe(6);
  });

  it('counts Bluesky in graphemes and shows bytes when they are over', () => {
    expect(describeCount('bluesky', 'été 👩‍⚕️')).toMatchObject({ length: 5, limit: 300, label: '5 / 300' });
    const heavy = describeCount('bluesky', '𝕏'.repeat(760));
    expect(heavy.valid).toBe(false);
    expect(heavy.label).toBe('760 / 300 (3\u00A0040 / 3\u00A0000 octets)');
  });

  it('counts LinkedIn after little-text escaping, hashtags unescaped', () => {
    expect(describeCount('linkedin', '(DSN) #Santé')).toMatchObject({ length: 14, label: '14 / 3\u00A0000' });
  });

  it('counts Facebook in characters', () => {
    expect(describeCount('facebook', 'x'.repeat(63_207))).toMatchObject({
      length: 63_207,
      valid: false,
      label: '63\u00A0207 / 63\u00A0206',
    });
  });
});
