import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UpdateFileError } from '../../src/errors.js';
import { pastedHtmlToText } from '../../src/update/pasted-html.js';
import { parsePlainText } from '../../src/update/plain-text.js';
import { hostileText } from './hostile.js';

const seed = readFileSync(new URL('../fixtures/text/mise-a-jour-dsn-2026-05-14.txt', import.meta.url), 'utf8');

function parseOrRefuse(text: string) {
  try {
    return parsePlainText(text, '2026-05-14-fuzz.txt');
  } catch (error) {
    if (error instanceof UpdateFileError) return error;
    throw error;
  }
}

describe('plain text and pasted HTML under random input', () => {
  it('plain text: a typed refusal or an update, never another exception', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        parseOrRefuse(text);
      }),
      { numRuns: 300 },
    );
  });

  it('the document as received, lines dropped, duplicated or re-indented: every bullet kept is a line of the text', () => {
    const lines = seed.split('\n');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(lines.length - 1), fc.constantFrom('drop', 'twice', 'indent', 'dedent')), {
          maxLength: 12,
        }),
        (edits) => {
          const edited = [...lines];
          for (const [at, how] of edits) {
            const line = edited[at] ?? '';
            if (how === 'drop') edited[at] = '';
            else if (how === 'twice') edited[at] = `${line}\n${line}`;
            else if (how === 'indent') edited[at] = ` ${line}`;
            else edited[at] = line.replace(/^\s+/, '');
          }
          const text = edited.join('\n');
          const result = parseOrRefuse(text);
          if (result instanceof UpdateFileError) return;
          const flat = text.replace(/\*/g, '');
          for (const section of result.sections) {
            for (const bullet of section.bullets) expect(flat).toContain(bullet.text.slice(0, 30).replace(/\*/g, ''));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pasted HTML: any string converts to text without markup', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom(
              '<p>',
              '</p>',
              '<ul><li>',
              '</li></ul>',
              '<b>',
              '</b>',
              '<h2>',
              '</h2>',
              '<script>x</script>',
            ),
            fc.constantFrom(
              '<a href="javascript:alert(1)">',
              '</a>',
              '<img src=x onerror=y>',
              '<!--[if x]>',
              '<![endif]>',
            ),
            fc.stringMatching(/^[a-zé 0-9.,:]{0,20}$/),
          ),
          { maxLength: 40 },
        ),
        (parts) => {
          const { text } = pastedHtmlToText(parts.join(''));
          expect(text).not.toMatch(/<script|<img|javascript:/i);
        },
      ),
      { numRuns: 300 },
    );
  });
});
