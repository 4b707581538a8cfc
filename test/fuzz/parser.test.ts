import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UpdateFileError } from '../../src/errors.js';
import { MAX_LIST_DEPTH, parseUpdateText } from '../../src/update/parse.js';
import { decodeUpdateBytes, MAX_UPDATE_BYTES } from '../../src/update/read-file.js';
import type { Bullet, Update } from '../../src/update/types.js';
import { EMOJI, emojiRun, HOSTILE_CHARS, hostileLine, hostileText } from './hostile.js';

const sample = readFileSync(new URL('../../examples/2026-05-14-dsn.md', import.meta.url));
const FRONT = '---\ndate: 2026-05-14\ntitle: Mise à jour quotidienne\n---\n\n';

/** Parses, accepting only a typed refusal: any other exception fails the property. */
function parseOrRefuse(text: string): Update | UpdateFileError {
  try {
    return parseUpdateText(text, 'fuzz.md');
  } catch (error) {
    if (error instanceof UpdateFileError) return error;
    throw error;
  }
}

function decodeOrRefuse(bytes: Uint8Array): string | UpdateFileError {
  try {
    return decodeUpdateBytes(bytes, 'fuzz.md');
  } catch (error) {
    if (error instanceof UpdateFileError) return error;
    throw error;
  }
}

function allBullets(update: Update): Bullet[] {
  const out: Bullet[] = [];
  const visit = (bullets: Bullet[]) => {
    for (const b of bullets) {
      out.push(b);
      visit(b.children);
    }
  };
  for (const section of update.sections) visit(section.bullets);
  return out;
}

/** A refusal names the file and, when it has one, a line inside the text. */
function expectUsefulRefusal(error: UpdateFileError, text: string): void {
  expect(error.message).toContain('fuzz.md');
  expect(error.messageFr.length).toBeGreaterThan(0);
  if (error.line !== undefined) {
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(text.split('\n').length + 1);
  }
}

const marker = fc.constantFrom('', '# ', '## ', '### ', '- ', '  - ', '    - ', '* ', '1. ', '> ', '---', '```');
const hostileLineOfMarkdown = fc.tuple(marker, hostileText(12)).map(([m, text]) => `${m}${text}`);
const hostileBody = fc.array(hostileLineOfMarkdown, { minLength: 1, maxLength: 30 }).map((lines) => lines.join('\n'));

describe('update parser under hostile input', () => {
  it('returns an update or an UpdateFileError for hostile Markdown under a valid front matter', () => {
    fc.assert(
      fc.property(hostileBody, (body) => {
        const text = FRONT + body;
        const result = parseOrRefuse(text);
        if (result instanceof UpdateFileError) {
          expectUsefulRefusal(result, text);
          return;
        }
        expect(result.date).toBe('2026-05-14');
        for (const b of allBullets(result)) {
          expect(typeof b.text).toBe('string');
          expect(b.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns an update or an UpdateFileError for hostile front matter values', () => {
    const yamlValue = fc.oneof(hostileText(10), fc.constantFrom('[', '{', '&a', '*a', '!!binary', '|', '>', "'", '"'));
    fc.assert(
      fc.property(
        fc.constantFrom('date', 'title', 'subtitle', 'link', 'hashtags', 'publishAt', 'figures', 'autre'),
        yamlValue,
        (key, value) => {
          const text = `---\ndate: 2026-05-14\ntitle: Titre\n${key}: ${value}\n---\n\n# Section\n\n- Un point.\n`;
          const result = parseOrRefuse(text);
          if (result instanceof UpdateFileError) expectUsefulRefusal(result, text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes random bytes to text without NUL or CR, or refuses them with UpdateFileError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const decoded = decodeOrRefuse(bytes);
        if (decoded instanceof UpdateFileError) return;
        expect(decoded).not.toContain('\u0000');
        expect(decoded).not.toContain('\r');
        const parsed = parseOrRefuse(decoded);
        if (parsed instanceof UpdateFileError) expectUsefulRefusal(parsed, decoded);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses the sample with corrupted bytes with UpdateFileError, naming a line inside the file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (edits) => {
          const bytes = Uint8Array.from(sample);
          for (const [at, value] of edits) bytes[at] = value;
          const decoded = decodeOrRefuse(bytes);
          if (decoded instanceof UpdateFileError) {
            if (decoded.line !== undefined) {
              expect(decoded.line).toBeGreaterThanOrEqual(1);
              expect(decoded.line).toBeLessThanOrEqual(sample.toString('latin1').split('\n').length);
            }
            return;
          }
          const parsed = parseOrRefuse(decoded);
          if (parsed instanceof UpdateFileError) expectUsefulRefusal(parsed, decoded);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps every level of a list nested up to the limit and refuses deeper lists naming a line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.boolean(), (depth, oneLine) => {
        const list = oneLine
          ? `${'- '.repeat(depth)}fin`
          : Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- niveau ${i + 1}`).join('\n');
        const text = `${FRONT}# Profond\n\n${list}\n`;
        const result = parseOrRefuse(text);
        if (depth > MAX_LIST_DEPTH) {
          expect(result).toBeInstanceOf(UpdateFileError);
          expectUsefulRefusal(result as UpdateFileError, text);
          expect((result as UpdateFileError).line).toBeGreaterThanOrEqual(8);
          return;
        }
        if (result instanceof UpdateFileError) throw result;
        let level: Bullet | undefined = result.sections[0]?.bullets[0];
        let seen = 0;
        while (level) {
          seen++;
          level = level.children[0];
        }
        expect(seen).toBe(depth);
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['list markers on one line', (n: number) => `${'- '.repeat(n)}fin`],
    [
      'list markers over lines',
      (n: number) => Array.from({ length: n / 10 }, (_, i) => `${'  '.repeat(10 * i)}${'- '.repeat(10)}x`).join('\n'),
    ],
    ['block quotes', (n: number) => `${'>'.repeat(n)} - fin`],
    ['emphasis', (n: number) => `- ${'*'.repeat(n)}fin${'*'.repeat(n)}`],
    ['links', (n: number) => `- ${'['.repeat(n)}fin${'](https://exemple.qc.ca)'.repeat(n)}`],
    ['brackets and parentheses', (n: number) => `- ${'(['.repeat(n)}fin${'])'.repeat(n)}`],
  ])('parses or refuses 5 000 nested %s without overflowing the stack', (_, build) => {
    const text = `${FRONT}# Profond\n\n${build(5000)}\n`;
    const result = parseOrRefuse(text);
    if (result instanceof UpdateFileError) expectUsefulRefusal(result, text);
  });

  it('accepts a thematic break made of many spaced dashes', () => {
    const result = parseOrRefuse(`${FRONT}# Section\n\n- Un point.\n\n${'- '.repeat(60)}\n\n- Un autre.\n`);
    if (result instanceof UpdateFileError) throw result;
    expect(allBullets(result).map((b) => b.text)).toEqual(['Un point.', 'Un autre.']);
  });

  it('refuses YAML aliases to nowhere and alias bombs in the front matter', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    for (const yaml of ['figures: *nowhere', bomb.replace('a: ', 'hashtags: ')]) {
      const result = parseOrRefuse(`---\ndate: 2026-05-14\ntitle: Titre\n${yaml}\n---\n\n# S\n\n- Point.\n`);
      expect(result).toBeInstanceOf(UpdateFileError);
    }
  });

  it('keeps 10 000 emoji in a title, a heading and a bullet', () => {
    const run = emojiRun(10_000, '👩‍⚕️');
    const text = `---\ndate: 2026-05-14\ntitle: "${run}"\n---\n\n# ${run}\n\n- ${run}\n`;
    const result = parseOrRefuse(text);
    if (result instanceof UpdateFileError) throw result;
    expect(result.title).toBe(run);
    expect(result.sections[0]?.heading).toBe(run);
    expect(result.sections[0]?.bullets[0]?.text).toBe(run);
  });

  it('parses an update just under the byte limit and refuses one byte over', () => {
    const bulletLine = `- Point ${EMOJI.join(' ')} ${HOSTILE_CHARS.filter((c) => c !== '\u0000').join('')} santé.\n`;
    let text = `${FRONT}# Section\n\n`;
    while (Buffer.byteLength(text) + Buffer.byteLength(bulletLine) <= MAX_UPDATE_BYTES) text += bulletLine;
    text += 'x'.repeat(MAX_UPDATE_BYTES - Buffer.byteLength(text));
    const bytes = Buffer.from(text);
    expect(bytes.length).toBe(MAX_UPDATE_BYTES);
    const decoded = decodeOrRefuse(bytes);
    if (decoded instanceof UpdateFileError) throw decoded;
    const result = parseOrRefuse(decoded);
    if (result instanceof UpdateFileError) throw result;
    expect(allBullets(result).length).toBeGreaterThan(1000);

    const over = decodeOrRefuse(Buffer.concat([bytes, Buffer.from('x')]));
    expect(over).toBeInstanceOf(UpdateFileError);
  });

  it('refuses binary content (NUL byte) naming its line', () => {
    fc.assert(
      fc.property(fc.array(hostileLine(6), { minLength: 1, maxLength: 20 }), fc.nat(), (lines, pick) => {
        const at = pick % lines.length;
        const withNul = lines.map((line, i) => (i === at ? `${line}\u0000` : line.replaceAll('\u0000', '')));
        const text = FRONT + withNul.join('\n');
        const decoded = decodeOrRefuse(Buffer.from(text));
        expect(decoded).toBeInstanceOf(UpdateFileError);
        const nulLine = text.slice(0, text.indexOf('\u0000')).split('\n').length;
        expect((decoded as UpdateFileError).line).toBe(nulLine);
      }),
      { numRuns: 100 },
    );
  });
});
