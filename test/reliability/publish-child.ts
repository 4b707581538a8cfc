/**
 * A publisher process, as `crieur publish --now` runs it: loads the configuration from the
 * environment, opens the data directory's store and publishes the approved drafts of a date.
 * Usage: node --import tsx publish-child.ts <dataDir> [date]
 * Prints one JSON line with the outcomes; exits 0 when every draft is published.
 */
import { openServices } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import { redirectingFetch } from '../fakes/fault-proxy.js';

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
try {
  const outcomes = await services.runner.publishNow(date, { by: 'Opérateur relance' });
  process.stdout.write(
    `${JSON.stringify(outcomes.map((outcome) => ({ draftId: outcome.draftId, status: outcome.status })))}\n`,
  );
  process.exitCode = outcomes.every((outcome) => outcome.status === 'published') ? 0 : 1;
} finally {
  services.close();
}
