import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's throwaway PostgreSQL cluster; empty when it could not start. */
    postgresUrl: string;
    /** Why the cluster could not start; empty when it runs. */
    postgresClusterError: string;
  }
}

/**
 * Starts one throwaway PostgreSQL cluster for the whole run and stops it at the end. A machine without
 * PostgreSQL still runs every other test: the reason is handed on, and only tests that ask for a URL fail.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const cluster = await startPostgresCluster();
    project.provide('postgresUrl', cluster.url);
    project.provide('postgresClusterError', '');
    return () => cluster.stop();
  } catch (error) {
    project.provide('postgresUrl', '');
    project.provide('postgresClusterError', error instanceof Error ? error.message : String(error));
    return async () => {};
  }
}
