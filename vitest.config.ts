import { defineConfig } from 'vitest/config';

/** Files that assert what a fresh process has loaded, so they need a process of their own. */
const ownProcess = ['test/platform/start-up.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Each file gets its own database, so files run in parallel safely.
    fileParallelism: true,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        // Test files share their worker's loaded modules (the app, Fastify, the SDKs) instead of
        // importing them again per file: about 3 s of CPU per file, half of a small file's cost.
        // Every file builds its own app, database and Redis prefix, and src/ keeps per-app state
        // per app (WeakMaps keyed by context, per-app registries), so nothing leaks between files.
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ownProcess, isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: ownProcess, isolate: true } },
    ],
  },
});
