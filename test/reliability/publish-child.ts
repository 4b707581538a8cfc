/**
 * A publisher process, as `crieur publish --now` runs it: loads the configuration from the
 * environment, opens the data directory's store and publishes the approved drafts of a date.
 * With CRIEUR_TEST_TIMEOUT_MS set, the social networks' adapters wait that long per request,
 * retries back off from 50 ms (capped at 500 ms), so a run through many faults stays short, and the
 * process exits as soon as the publication is over.
 * Usage: node --import tsx publish-child.ts <dataDir> [date]
 * Prints one JSON line with the outcomes; exits 0 when every draft is published.
 */

import { createRunner } from '../../src/app/runner.js';
import { openServices } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import { redirectingFetch } from '../fakes/fault-proxy.js';
import { envTestAdapters } from './test-adapters.js';

const [dataDir, date = '2026-05-14'] = process.argv.slice(2);
if (dataDir === undefined) {
  process.stderr.write('usage: publish-child.ts <dataDir> [date]\n');
  process.exit(2);
}

const pdsOrigins = process.env.CRIEUR_TEST_PDS_ORIGINS?.split(',').filter(Boolean) ?? [];
const blueskyService = process.env.BLUESKY_SERVICE;
if (pdsOrigins.length > 0 && blueskyService) {
  globalThis.fetch = redirectingFetch(pdsOrigins, blueskyService, globalThis.fetch);
}

const loaded = loadConfig({ processEnv: { ...process.env, CRIEUR_DATA_DIR: dataDir } });
const services = openServices(loaded);
const timeoutMs = Number(process.env.CRIEUR_TEST_TIMEOUT_MS ?? 0);
const runner = timeoutMs > 0 ? shortRunner(timeoutMs) : services.runner;
try {
  const outcomes = await runner.publishNow(date, { by: 'Opérateur relance' });
  process.stdout.write(
    `${JSON.stringify(outcomes.map((outcome) => ({ draftId: outcome.draftId, status: outcome.status })))}\n`,
  );
  process.exitCode = outcomes.every((outcome) => outcome.status === 'published') ? 0 : 1;
} finally {
  services.close();
}
// A request abandoned at its timeout may still hold a socket to a server that never answers; the
// publication is over, so the process ends rather than wait for that server.
if (timeoutMs > 0) process.exit();

function shortRunner(timeoutMs: number) {
  const adapters = new Map(services.adapters);
  for (const [network, adapter] of envTestAdapters(loaded, { timeoutMs })) {
    if (adapters.has(network)) adapters.set(network, adapter);
  }
  const { config } = loaded;
  return createRunner({
    queue: services.queue,
    adapters,
    rules: {
      timezone: config.timezone,
      publishTime: config.publishTime,
      latenessWindowMinutes: config.latenessWindowMinutes,
      mediaLeadMinutes: config.mediaLeadMinutes,
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    log: services.log,
    notify: (notification) => services.notifier.send(notification),
    publish: { retryBaseMs: 50, retryCapMs: 500 },
  });
}
