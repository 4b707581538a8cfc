import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'adapters/**/*.test.ts', 'templates/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One throwaway PostgreSQL cluster per run, for the PostgreSQL store's tests (see test/support/postgres.ts).
    globalSetup: ['test/support/postgres-global-setup.ts'],
  },
});
