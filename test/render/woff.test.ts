import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CARD_FONT_FILES } from '../../src/render/fonts.js';
import { woffToSfnt } from '../../src/render/woff.js';

/** OpenType table checksum: the sum of its big-endian 32-bit words, zero-padded. */
function checksum(data: Buffer): number {
  const padded = Buffer.alloc((data.length + 3) & ~3);
  data.copy(padded);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

describe('woffToSfnt', () => {
  const require = createRequire(import.meta.url);
  for (const file of CARD_FONT_FILES) {
    it(`unwraps ${file.module.split('/').pop()} into an OpenType font whose tables match their checksums`, async () => {
      const woff = await readFile(require.resolve(file.module));
      const sfnt = woffToSfnt(woff);
      expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
      const count = sfnt.readUInt16BE(4);
      expect(count).toBe(woff.readUInt16BE(12));
      expect(sfnt.length).toBe(woff.readUInt32BE(16));
      for (let i = 0; i < count; i++) {
        const tag = sfnt.subarray(12 + i * 16, 16 + i * 16).toString('latin1');
        const offset = sfnt.readUInt32BE(20 + i * 16);
        const length = sfnt.readUInt32BE(24 + i * 16);
        expect(offset % 4).toBe(0);
        const table = Buffer.from(sfnt.subarray(offset, offset + length));
        // `head` holds the whole font's checksum adjustment, left out of its own checksum.
        if (tag === 'head') table.writeUInt32BE(0, 8);
        expect(checksum(table), tag).toBe(sfnt.readUInt32BE(16 + i * 16));
      }
    });
  }

  it('leaves a font that is not WOFF as it is', () => {
    const ttf = Buffer.from([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(woffToSfnt(ttf)).toBe(ttf);
  });
});
