/**
 * A `crieur run --no-web` process for the two-instance tests: the service as the command starts it
 * (`startRunning`, with its publishing lease on the wall clock), configured from the environment.
 * Two things differ, both for the test's sake:
 * - its publishing clock is the wall clock shifted by an offset, CRIEUR_TEST_CLOCK_OFFSET_MS at
 *   start, then each `{"clockOffsetMs": n}` line read on stdin (so that the test brings the publish
 *   time a few seconds ahead once both instances are up);
 * - the safety tick runs every second (the exact wake-up timer follows the wall clock, not the shifted one).
 * Bluesky requests to the PDS's own origins go through the test proxy (CRIEUR_TEST_PDS_ORIGINS).
 * Stops cleanly on SIGTERM, as `crieur run` does.
 */

import { createInterface } from 'node:readline';
import { startRunning } from '../../src/app/run-service.js';
import { openServices } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import { redirectingFetch } from '../fakes/fault-proxy.js';

const pdsOrigins = process.env.CRIEUR_TEST_PDS_ORIGINS?.split(',').filter(Boolean) ?? [];
const blueskyService = process.env.BLUESKY_SERVICE;
if (pdsOrigins.length > 0 && blueskyService) {
  globalThis.fetch = redirectingFetch(pdsOrigins, blueskyService, globalThis.fetch);
}

const clock = { offsetMs: Number(process.env.CRIEUR_TEST_CLOCK_OFFSET_MS ?? 0) };
createInterface({ input: process.stdin }).on('line', (line) => {
  const offset = (JSON.parse(line) as { clockOffsetMs?: number }).clockOffsetMs;
  if (typeof offset === 'number') clock.offsetMs = offset;
});

const loaded = loadConfig({ processEnv: process.env });
const services = openServices(loaded, { now: () => new Date(Date.now() + clock.offsetMs) });
const running = await startRunning(services, { web: false, daemon: { tickPattern: '* * * * * *' } });
await new Promise<void>((resolve) => {
  process.once('SIGTERM', () => resolve());
  process.once('SIGINT', () => resolve());
});
services.log.info({}, 'stopping: waiting for publications in progress');
await running.stop();
services.close();
process.exit(0);
