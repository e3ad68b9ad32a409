import { buildApp } from './app';
import type { Config } from './config';
import { defineJobs } from './modules';
import { configurePasswordHashing } from './modules/auth/password';
import { ensureAdmin } from './modules/auth/service';
import { createContext, closeContext, type AppContext, type ContextOverrides } from './platform/context';
import { openDatabase, runMigrations } from './platform/db';
import { trackConnections } from './platform/drain';
import type { App } from './platform/http';

/** Thrown when the database cannot be reached at start-up; server.ts prints it as one line. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface Bazaar {
  ctx: AppContext;
  app: App;
  /** Closes at once: connections, jobs (running handlers finish first), database. */
  close(): Promise<void>;
  /**
   * SIGTERM: stop accepting, finish every request in flight or still arriving on an open
   * connection (answered with `Connection: close`), stop fetching jobs (running ones finish or go
   * back to the queue), then close. Resolves within about `budgetMs`.
   */
  drainAndClose(budgetMs?: number): Promise<void>;
}

/** How a SIGTERM's time budget is shared: requests first, jobs alongside, the rest to closing. */
const DRAIN_SHARE = 0.6;
const JOBS_SHARE = 0.7;

/**
 * config → database (embedded or URL) → migrations → context → jobs → app.
 * The same path runs in `npm start`, the worker and every test.
 */
export async function startBazaar(
  config: Config,
  overrides: ContextOverrides & { work?: boolean; migrate?: boolean } = {},
): Promise<Bazaar> {
  // Wall time per phase, and the process's CPU time in it (the figure a loaded machine inflates least).
  const phases: Record<string, number> = {};
  const cpuMs: Record<string, number> = {};
  let mark = performance.now();
  let cpuMark = process.cpuUsage();
  const phase = (name: string) => {
    const now = performance.now();
    const cpu = process.cpuUsage(cpuMark);
    phases[name] = Math.round(now - mark);
    cpuMs[name] = Math.round((cpu.user + cpu.system) / 1000);
    mark = now;
    cpuMark = process.cpuUsage();
  };
  const database = overrides.database ?? (await openDatabase(config));
  phase('databaseMs');
  try {
    await database.ping();
  } catch (error) {
    await database.close().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`Cannot connect to the database (${redactUrl(database.url)}): ${reason}`);
  }
  if (overrides.migrate ?? true) await runMigrations(database.pool);
  phase('migrationsMs');

  const ctx = await createContext(config, { ...overrides, database });
  configurePasswordHashing(config.PASSWORD_HASH_CONCURRENCY);
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    try {
      await ensureAdmin(ctx, config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    } catch (error) {
      await closeContext(ctx).catch(() => {});
      throw error;
    }
  }
  defineJobs(ctx);
  const app = await buildApp(ctx);
  phase('appMs');
  await ctx.jobs.start({ work: overrides.work ?? config.START_WORKER });
  phase('jobsMs');
  await app.ready();
  phase('readyMs');
  ctx.log.info({ ...phases, cpuMs }, 'started');

  const http = trackConnections(app.server);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await closeContext(ctx);
  };
  return {
    ctx,
    app,
    close,
    async drainAndClose(budgetMs = 9_000) {
      const jobsStopped = ctx.jobs.stop(budgetMs * JOBS_SHARE);
      // Websockets are not requests: their clients reconnect (to another instance).
      ctx.realtime.io.local.disconnectSockets(true);
      await http.drain(budgetMs * DRAIN_SHARE);
      await jobsStopped;
      await close();
    },
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'unparseable URL';
  }
}
