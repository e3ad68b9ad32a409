import pg from 'pg';
import type PgBoss from 'pg-boss';
import type { JobDefinition } from './jobs';

/**
 * Creates the queues (and dead-letter queues) and stores the schedules of `definitions`. Queues and
 * schedules already stored with today's settings are left alone: one read of each instead of three
 * statements per queue on every start.
 */
export async function applyQueueSettings(
  boss: PgBoss,
  definitions: Iterable<JobDefinition<object>>,
): Promise<void> {
  const queues = new Map((await boss.getQueues()).map((queue) => [queue.name, queue]));
  const schedules = new Map(
    ((await boss.getSchedules()) as StoredSchedule[]).map((stored) => [stored.name, stored]),
  );
  for (const definition of definitions) {
    if (definition.deadLetter && !queues.has(definition.deadLetter)) {
      await boss.createQueue(definition.deadLetter, {
        name: definition.deadLetter,
        retentionDays: 30,
      });
    }
    const settings = {
      name: definition.name,
      ...(definition.deadLetter ? { deadLetter: definition.deadLetter } : {}),
      retryLimit: definition.retryLimit ?? 5,
      retryDelay: definition.retryDelay ?? 5,
      retryBackoff: definition.retryBackoff ?? true,
      expireInSeconds: definition.expireInSeconds ?? 60,
    };
    const stored = queues.get(definition.name);
    if (!stored) await boss.createQueue(definition.name, settings);
    // An existing queue keeps the settings it was created with: apply the current ones.
    else if (!sameQueueSettings(stored, settings)) await boss.updateQueue(definition.name, settings);
    if (definition.cron && !sameSchedule(schedules.get(definition.name), definition.cron)) {
      await boss.schedule(definition.name, definition.cron, {}, { tz: 'UTC' });
    }
  }
}

/** A row of pgboss.schedule as getSchedules() returns it. */
export interface StoredSchedule {
  name: string;
  cron: string;
  timezone: string;
  data?: object;
}

export function sameQueueSettings(
  stored: PgBoss.QueueResult,
  settings: {
    deadLetter?: string;
    retryLimit: number;
    retryDelay: number;
    retryBackoff: boolean;
    expireInSeconds: number;
  },
): boolean {
  return (
    stored.policy === 'standard' &&
    (stored.deadLetter ?? undefined) === settings.deadLetter &&
    stored.retryLimit === settings.retryLimit &&
    stored.retryDelay === settings.retryDelay &&
    stored.retryBackoff === settings.retryBackoff &&
    stored.expireInSeconds === settings.expireInSeconds
  );
}

/** True when `stored` is what schedule(name, cron, {}, { tz: 'UTC' }) would write. */
export function sameSchedule(stored: StoredSchedule | undefined, cron: string): boolean {
  return (
    stored !== undefined &&
    stored.cron === cron &&
    stored.timezone === 'UTC' &&
    JSON.stringify(stored.data ?? {}) === '{}'
  );
}

/**
 * The job queue's own small pool. On a PostgreSQL server (not the embedded database) pg-boss's
 * statements run prepared (JobQueue.execute) and its connections plan without bitmap scans: a job
 * row changes state twice, each time leaving a dead entry in its queue's index of ready jobs. An
 * index scan marks the dead entries it passes, so the next fetch skips them; a bitmap scan never
 * does. With the plan PostgreSQL picks while a queue's statistics are missing or old (autovacuum
 * off, or not yet run), every fetch read every job since the last VACUUM. The setting is a SET on
 * each new connection, not a startup option, which PgBouncer would refuse.
 */
export function openJobPool(url: string, postgresServer: boolean): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'bazaar-jobs',
    // Awaited before the new connection serves the query it was opened for (a query sent while
    // another runs on the same client is deprecated in pg 8 and gone in pg 9). A failed SET leaves
    // the connection as it is: the query then fails or succeeds on its own.
    ...(postgresServer
      ? { onConnect: (client: pg.ClientBase) => client.query(PLAN_WITHOUT_BITMAP_SCANS).then(noop, noop) }
      : {}),
  });
  // An idle connection dropping must not end the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

const noop = () => {};

const PLAN_WITHOUT_BITMAP_SCANS = 'SET enable_bitmapscan = off';
