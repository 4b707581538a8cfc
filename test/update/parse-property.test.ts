import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UpdateFileError } from '../../src/errors.js';
import { parseUpdateText } from '../../src/update/parse.js';
import { decodeUpdateBytes } from '../../src/update/read-file.js';

const sample = await import('node:fs').then((fs) => fs.readFileSync('examples/2026-05-14-dsn.md', 'utf8'));

const markdownPiece = fc.oneof(
  fc.constantFrom(
    '---\n',
    '# ',
    '## ',
    '### ',
    '- ',
    '  - ',
    '**',
    '*',
    '[',
    '](',
    ')',
    '\n',
    ': ',
    '%',
    '`',
    '> ',
    '<script>',
    '\u0000',
    '\u202e',
    '🩺',
    'é',
  ),
  fc.string(),
  fc.string({ unit: 'binary' }),
);

function onlyTypedErrors(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof UpdateFileError)) throw error;
  }
}

describe('parser under hostile input', () => {
  it('throws nothing but UpdateFileError on random Markdown', () => {
    fc.assert(
      fc.property(fc.array(markdownPiece, { maxLength: 60 }), (pieces) => {
        onlyTypedErrors(() => parseUpdateText(pieces.join(''), 'random.md'));
      }),
      { numRuns: 400 },
    );
  });

  it('throws nothing but UpdateFileError on mutations of the sample', () => {
    fc.assert(
      fc.property(fc.nat(sample.length), fc.nat(200), markdownPiece, (at, cut, insert) => {
        const mutated = sample.slice(0, at) + insert + sample.slice(at + cut);
        onlyTypedErrors(() => parseUpdateText(mutated, 'mutated.md'));
      }),
      { numRuns: 400 },
    );
  });

  it('throws nothing but UpdateFileError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        onlyTypedErrors(() => parseUpdateText(decodeUpdateBytes(bytes, 'bytes.md'), 'bytes.md'));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every bullet of the sample when headings are shuffled in depth', () => {
    fc.assert(
      fc.property(fc.constantFrom('#', '##', '###', '####'), (marker) => {
        const update = parseUpdateText(sample.replace(/^## /gm, `${marker} `), 'sample.md');
        const bullets = update.sections.flatMap((section) => section.bullets).length;
        expect(bullets).toBe(25);
      }),
    );
  });
});
