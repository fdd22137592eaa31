import { availableParallelism } from 'node:os';
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
    // Vitest's default is one fork fewer than the cores: one fork on a 2-core CI machine. Most
    // files wait on servers, PostgreSQL and timers rather than compute, so two forks there cut
    // the run from ~19 to ~12 minutes (measured on 2 cores with the whole suite passing).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
