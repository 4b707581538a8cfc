import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batchedWriter } from '../../src/cli/batched-output.js';

/** A reader that takes its time: each chunk is accepted on a later turn of the event loop. */
function slowReader(): { stream: Writable; received: () => string; maxBuffered: () => number } {
  const chunks: string[] = [];
  let maxBuffered = 0;
  const stream = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      setImmediate(done);
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((text: string) => {
    const room = write(text);
    maxBuffered = Math.max(maxBuffered, stream.writableLength);
    return room;
  }) as typeof stream.write;
  return { stream, received: () => chunks.join(''), maxBuffered: () => maxBuffered };
}

describe('batchedWriter', () => {
  it('writes every line once, in order, in chunks of about 64 KB', async () => {
    const reader = slowReader();
    const out = batchedWriter(reader.stream);
    const lines = Array.from({ length: 20_000 }, (_, index) => `ligne ${index} : « 7 % » ✓\n`);
    for (const line of lines) {
      const full = out.write(line);
      if (full) await full;
    }
    await out.end();
    await new Promise((resolve) => reader.stream.end(resolve));
    expect(reader.received()).toBe(lines.join(''));
  });

  it('waits for a full stream: what it holds stays near one batch, however much is written', async () => {
    const reader = slowReader();
    const out = batchedWriter(reader.stream);
    let waited = 0;
    const line = `${'x'.repeat(99)}\n`;
    for (let index = 0; index < 50_000; index += 1) {
      const full = out.write(line);
      if (full) {
        waited += 1;
        await full;
      }
    }
    await out.end();
    // 5 MB written through a 64 KB stream: it said "full" and the writer waited, many times.
    expect(waited).toBeGreaterThan(10);
    expect(reader.maxBuffered()).toBeLessThan(3 * 64 * 1024);
  });

  it('writes nothing for nothing, and a short text at the end', async () => {
    const reader = slowReader();
    const out = batchedWriter(reader.stream);
    expect(out.end()).toBeUndefined();
    expect(out.write('{}\n')).toBeUndefined();
    await out.end();
    await new Promise((resolve) => reader.stream.end(resolve));
    expect(reader.received()).toBe('{}\n');
  });
});
