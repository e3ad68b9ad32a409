import type { AddressInfo } from 'node:net';
import type * as Bootstrap from './bootstrap';
import { ConfigError, loadConfig, loadDotEnv } from './config';
import { limitHeapGrowth } from './platform/heap-growth';
import { openDatabase } from './platform/db';
import { keepEventLoopBusy } from './platform/embedded-database';
import {
  DamagedDataDirError,
  DataDirLockedError,
  embeddedDataDir,
  lockDataDir,
} from './platform/data-dir-lock';
import { assertPortFree, PreflightError } from './platform/preflight';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/** The application's modules, imported while the database opens (see main). */
let bootstrap: typeof Bootstrap | undefined;

async function main(): Promise<void> {
  const release = keepEventLoopBusy();
  try {
    await start();
  } finally {
    release();
  }
}

async function start(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  limitHeapGrowth(config.HEAP_GROWTH_PERCENT);
  // Refuse at once, before the database opens: a data directory someone else owns, a busy port.
  const lock = config.DATABASE_URL ? undefined : lockDataDir(embeddedDataDir(config));
  try {
    await assertPortFree(config.HOST, config.PORT);
  } catch (error) {
    lock?.release();
    throw error;
  }
  // The database opens while the application's modules load (most of a start's CPU): PGlite's
  // WebAssembly compiles in the background meanwhile.
  const opening = openDatabase(config);
  const [loaded, database] = await Promise.allSettled([import('./bootstrap'), opening]);
  if (loaded.status === 'rejected') {
    if (database.status === 'fulfilled') await database.value.close().catch(() => {});
    throw loaded.reason;
  }
  bootstrap = loaded.value;
  if (database.status === 'rejected') throw database.reason;
  const opened = { modulesAndDatabaseMs: Math.round(performance.now()) };
  // The job workers and the scheduler start once the server listens (see JobQueue.startWorking).
  const bazaar = await bootstrap.startBazaar(config, { database: database.value, work: false });
  lock?.release(); // the database holds its own share of the lock until it closes
  const { app, ctx } = bazaar;
  await app.listen({ port: config.PORT, host: config.HOST });
  const base = config.APP_URL?.replace(/\/+$/, '') ?? localUrl(app.server.address(), config.HOST);
  const cpu = process.cpuUsage();
  ctx.log.info(
    {
      database: ctx.database.embedded ? 'embedded (PGlite)' : 'postgres',
      cache: ctx.cache.kind,
      // From the process's start: module loading and everything startBazaar's "started" line splits.
      ...opened,
      sinceProcessStartMs: Math.round(performance.now()),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    },
    `Bazaar API at ${base}/api/v1, docs at ${base}/docs`,
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests and jobs');
    const force = setTimeout(() => {
      ctx.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    bazaar.drainAndClose(SHUTDOWN_TIMEOUT_MS - 1_000).then(
      () => process.exit(0),
      (err: unknown) => {
        ctx.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // After the handlers: a signal meanwhile drains as usual, and the job queue stops what started.
  if (config.START_WORKER) await ctx.jobs.startWorking();
}

/** The URL a person on this machine opens: wildcard hosts become localhost. */
function localUrl(address: AddressInfo | string | null, host: string): string {
  const port = address && typeof address === 'object' ? address.port : 0;
  const name = ['0.0.0.0', '::', ''].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    (bootstrap && error instanceof bootstrap.StartupError) ||
    error instanceof DataDirLockedError ||
    error instanceof DamagedDataDirError ||
    error instanceof PreflightError
  ) {
    console.error(`bazaar: ${error.message}`);
  } else {
    console.error('bazaar: failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
