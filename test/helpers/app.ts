import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { startBazaar, type Bazaar } from '../../src/bootstrap';
import { loadConfig, type Config } from '../../src/config';
import { createCache } from '../../src/platform/cache';
import { createTestDatabase } from './database';

export interface TestApp extends Bazaar {
  config: Config;
  dataDir: string;
  /** Base URL when started with `listen: true`. */
  url: string;
  /** Redis key prefix of this app's cache; instances sharing a database share it too. */
  cachePrefix: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment for loadConfig (the process environment is not read, except the service URLs). */
  env?: Record<string, string>;
  /** Run job handlers in this app (default true). */
  work?: boolean;
  /** Listen on a random loopback port (for real HTTP clients). */
  listen?: boolean;
  /** Share another app's database (e.g. two instances behind one load balancer). */
  shareDatabaseWith?: TestApp;
  /** A second pool to the same database serves catalog reads (as DATABASE_READ_URL). */
  readPool?: boolean;
  /** The logger (default: the one the config describes). */
  log?: Logger;
}

/** Builds the whole application on a fresh, isolated database, exactly as `npm start` does. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    JWT_ACCESS_SECRET: 'test-access-secret-test-access-secret-0123456789',
    JWT_REFRESH_SECRET: 'test-refresh-secret-test-refresh-secret-012345678',
    RATE_LIMIT_MAX: '100000',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...options.env,
  });
  const shared = options.shareDatabaseWith;
  const database = shared
    ? { ...shared.ctx.database, close: async () => {} }
    : await createTestDatabase(inject('templateDatabase'), undefined, options.readPool);
  const cachePrefix = shared ? shared.cachePrefix : `test:${randomBytes(6).toString('hex')}:`;
  const cache = createCache(config.REDIS_URL, cachePrefix);
  const bazaar = await startBazaar(config, {
    database,
    cache,
    work: options.work ?? true,
    ...(options.log ? { log: options.log } : {}),
    jobPollingIntervalSeconds: 0.5,
    redisPrefix: cachePrefix,
  });
  let url = '';
  if (options.listen) {
    await bazaar.app.listen({ port: 0, host: '127.0.0.1' });
    const address = bazaar.app.server.address();
    if (address && typeof address === 'object') url = `http://127.0.0.1:${address.port}`;
  }
  return {
    ...bazaar,
    config,
    dataDir,
    url,
    cachePrefix,
    async close() {
      await bazaar.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Parses a JSON response body. */
export function json<T = any>(response: LightMyRequestResponse): T {
  return response.json() as T;
}

/**
 * Polls `probe` until it returns a truthy value or `timeoutMs` passes. The default is generous:
 * on two cores running the whole suite, a job queue's poll and run took over 10 s (CI, load 13).
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
