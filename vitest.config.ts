import { defineConfig } from 'vitest/config';

/**
 * The store, queue, publish, audit and leadership tests run twice: on SQLite and on PostgreSQL
 * (`CRIEUR_TEST_STORE=postgres`: the stores they open are schemas of a throwaway cluster).
 */
const ON_BOTH_DATABASES = [
  'test/store/draft-summaries.test.ts',
  'test/store/postgres-*.test.ts',
  'test/queue/approval.test.ts',
  'test/queue/content-hash.test.ts',
  'test/queue/import-edit.test.ts',
  'test/queue/lifecycle.test.ts',
  'test/queue/cli.test.ts',
  'test/queue/choose-figures.test.ts',
  'test/queue/choose-figures-fit.test.ts',
  'test/publish/*.test.ts',
  'test/audit/*.test.ts',
  'test/app/runner.test.ts',
  'test/web/web.test.ts',
  'test/web/queue-page.test.ts',
  'test/web/records-pages.test.ts',
  'test/web/security.test.ts',
  'test/web/postgres-*.test.ts',
  'test/leadership/lease.test.ts',
  'test/leadership/fencing.test.ts',
  'test/leadership/failover.test.ts',
  'test/leadership/thread-failover.test.ts',
  'test/leadership/postgres-*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One throwaway PostgreSQL cluster per run (see test/support/postgres.ts).
    globalSetup: ['test/support/postgres-global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'adapters/**/*.test.ts', 'templates/**/*.test.ts'],
          // PostgreSQL only: the database's own behaviour (notifications, a cut connection).
          exclude: [
            'test/store/postgres-*.test.ts',
            'test/leadership/postgres-*.test.ts',
            'test/web/postgres-*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: { name: 'postgres', include: ON_BOTH_DATABASES, env: { CRIEUR_TEST_STORE: 'postgres' } },
      },
    ],
  },
});
