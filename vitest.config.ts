import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Each file gets its own database, so files run in parallel safely.
    fileParallelism: true,
    // Vitest's default is one worker less than the cores: a single worker on a 2-core machine,
    // where test files spend much of their time waiting on PostgreSQL, job polls and child
    // processes. Three keep both cores busy (CI went over 20 minutes with one).
    maxWorkers: 3,
    reporters: ['default'],
  },
});
