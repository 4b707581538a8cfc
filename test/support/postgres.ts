import { inject } from 'vitest';
import { freshPostgresUrl } from './postgres-schema.js';

/** A URL to a new empty schema on the run's PostgreSQL cluster (one schema per call). */
export function postgresUrlForTest(): string {
  const url = inject('postgresUrl');
  if (!url) throw new Error(`The test PostgreSQL cluster did not start: ${inject('postgresClusterError')}`);
  return freshPostgresUrl(url);
}
