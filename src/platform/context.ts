import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config';
import { createCache, type Cache } from './cache';
import { openDatabase, type DatabaseHandle } from './db';
import { jobMetrics } from './job-metrics';
import { JobQueue } from './jobs';
import { logDestination } from './log-destination';
import { logSerializers } from './log-serializers';
import { createMailer, type Mailer } from './mailer';
import { createMetricsRegistry, registerRuntimeMetrics } from './metrics';
import { Realtime } from './realtime';
import { REALTIME_EVENTS_SIGNAL, RealtimeOutbox } from './realtime-outbox';

/**
 * Everything a service needs, built once per process (or per test) and passed down explicitly.
 * Services receive it as their first argument; nothing reaches for globals.
 */
export interface AppContext {
  config: Config;
  log: Logger;
  database: DatabaseHandle;
  cache: Cache;
  jobs: JobQueue;
  mailer: Mailer;
  realtime: Realtime;
  /** Socket.IO events recorded in transactions and published after their commit. */
  realtimeOutbox: RealtimeOutbox;
  /** Prometheus registry served at /metrics. */
  metrics: Registry;
}

export function createLogger(
  config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>,
  destination: DestinationStream | undefined = logDestination(config.NODE_ENV),
): Logger {
  const options: LoggerOptions = {
    level: config.LOG_LEVEL,
    serializers: logSerializers,
    // Secrets never reach the logs, whatever a handler logs by mistake.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.token',
        '*.refreshToken',
        '*.accessToken',
        'password',
        'token',
      ],
      censor: '[redacted]',
    },
  };
  const logger = pino(options, destination);
  // Fastify's request loggers take their serializers from here (pino keeps its own private).
  return Object.assign(logger, { serializers: logSerializers });
}

export interface ContextOverrides {
  database?: DatabaseHandle;
  cache?: Cache;
  log?: Logger;
  jobPollingIntervalSeconds?: number;
  /** Redis key prefix (tests isolate instances with it). */
  redisPrefix?: string;
}

export async function createContext(config: Config, overrides: ContextOverrides = {}): Promise<AppContext> {
  const log = overrides.log ?? createLogger(config);
  const database = overrides.database ?? (await openDatabase(config));
  const cache = overrides.cache ?? createCache(config.REDIS_URL, undefined, log);
  const metrics = createMetricsRegistry();
  const jobs = JobQueue.withOwnPool(database.url, log, {
    ...(overrides.jobPollingIntervalSeconds
      ? { pollingIntervalSeconds: overrides.jobPollingIntervalSeconds }
      : {}),
    observer: jobMetrics(metrics, database.pool),
    wakeAcrossProcesses: !database.embedded,
    postgresServer: !database.embedded,
  });
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, dataDir: config.dataDir });
  const realtime = new Realtime({
    jwtSecret: config.JWT_ACCESS_SECRET,
    redisUrl: config.REDIS_URL,
    ...(overrides.redisPrefix ? { redisPrefix: overrides.redisPrefix } : {}),
    log,
  });
  const realtimeOutbox = new RealtimeOutbox(
    database.pool,
    (events) => realtime.publishAll(events),
    () => jobs.working,
    () => jobs.signal(REALTIME_EVENTS_SIGNAL),
    log,
  );
  jobs.onSignal(REALTIME_EVENTS_SIGNAL, () => realtimeOutbox.wake());
  realtimeOutbox.start();
  registerRuntimeMetrics(metrics, { pool: database.pool, cache });
  return { config, log, database, cache, jobs, mailer, realtime, realtimeOutbox, metrics };
}

/** Closes what the context opened, in dependency order. */
export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.jobs.stop().catch((err: unknown) => ctx.log.warn({ err }, 'job queue did not stop cleanly'));
  await ctx.realtimeOutbox.stop();
  await ctx.realtime.close();
  ctx.mailer.close();
  await ctx.cache.close();
  await ctx.database.close();
}
