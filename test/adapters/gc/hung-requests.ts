/**
 * Sends requests to a server that never answers, each with a caller's own abort signal as the
 * Bluesky client passes one, through `timedFetch`, and through LinkedIn's HTTP layer; collects
 * garbage while they wait; prints how many were aborted by their deadline.
 * Run: node --expose-gc --import tsx test/adapters/gc/hung-requests.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timedFetch } from '../../../adapters/bluesky/timed-fetch.js';
import { createLinkedInHttp } from '../../../adapters/linkedin/http.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const server = createServer(() => {}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.on('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const COUNT = 20;
const settled = { bluesky: 0, linkedin: 0 };
const fetchWithDeadline = timedFetch(globalThis.fetch, 300);
const linkedin = createLinkedInHttp({
  fetch: globalThis.fetch,
  timeoutMs: 300,
  version: '202610',
  now: () => new Date(),
});
for (let i = 0; i < COUNT; i++) {
  fetchWithDeadline(url, { method: 'POST', body: 'x', signal: new AbortController().signal }).catch(() => {
    settled.bluesky++;
  });
  linkedin.send('read', url, { method: 'GET' }).catch(() => {
    settled.linkedin++;
  });
}
for (let round = 0; round < 5; round++) {
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc();
}
await new Promise((resolve) => setTimeout(resolve, 1500));
process.stdout.write(`${JSON.stringify({ count: COUNT, ...settled })}\n`);
process.exit(0);
