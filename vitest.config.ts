import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests import @keyward/client (and the CLI it serves) from its sources: no build step, no stale dist/.
  resolve: { conditions: ['@keyward/source'] },
  ssr: { resolve: { conditions: ['@keyward/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Suites against one PostgreSQL server use a schema each, so files may run in parallel.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
