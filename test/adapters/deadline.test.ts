import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadline } from '../../adapters/deadline.js';

let server: Server;
let url: string;

beforeAll(async () => {
  // Never answers.
  server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('deadline', () => {
  it('aborts a request to a server that never answers, as a TimeoutError, garbage collection or not', async () => {
    const started = Date.now();
    const pending = fetch(url, { signal: deadline(200).signal });
    // What made AbortSignal.timeout() unreliable: a collection while the request waits.
    (globalThis as { gc?: () => void }).gc?.();
    const error = await pending.catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('passes the caller’s own abort on, and a cleared deadline no longer fires', async () => {
    const caller = new AbortController();
    const { signal } = deadline(60_000, caller.signal);
    const pending = fetch(url, { signal });
    caller.abort(new Error('stopped by the caller'));
    expect(((await pending.catch((caught: unknown) => caught)) as Error).message).toBe('stopped by the caller');

    const cleared = deadline(50);
    cleared.clear();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cleared.signal.aborted).toBe(false);
  });
});
