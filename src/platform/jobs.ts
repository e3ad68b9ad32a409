import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { JobObserver } from './job-metrics';
import { applyQueueSettings, openJobPool } from './job-settings';
import { JobDataWrites, REPLACE_JOB_DATA } from './job-data-writes';
import { JobWakeups } from './job-wakeups';
import { LocalWorkers } from './local-workers';
import { queryByText } from './prepared-statements';

/**
 * How often an idle worker asks for jobs. A job queued in this process wakes a worker at once
 * (and, on a real server, one queued in another process too: see JobWakeups), so polling only
 * finds retries and delayed jobs coming due: every 2 s costs ~10 fetches/s for all queues, where
 * 0.5 s cost ~42 and 4–5% of a core on an idle server.
 */
const IDLE_POLLING_SECONDS = 2;

import type { EnqueueOptions, JobContext, JobDefinition } from './job-types';

export type { EnqueueOptions, JobContext, JobDefinition };

/** A job row as pg-boss's multi-row insert takes it. */
interface JobInsert {
  id: string;
  name: string;
  data: object;
  singletonKey?: string;
  singletonSeconds?: number;
  startAfter?: string;
}

/**
 * The durable job queue (pg-boss in the application database). Side effects are enqueued in the
 * same transaction as the change that causes them, and delivered at least once by a worker, so
 * handlers must be idempotent.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private started = false;
  private workingFlag = false;
  private stopping: Promise<void> | undefined;
  private stopped = false;
  /** pg-boss's own queries in flight (e.g. marking a job completed just as we shut down). */
  private readonly pending = new Set<Promise<unknown>>();
  /** Handler batches running (a fetch in flight at stop() can still hand out jobs). */
  private readonly running = new Set<Promise<unknown>>();
  /** replaceData() calls of running batches, written once per batch. */
  private readonly dataWrites = new JobDataWrites();
  /** Each queue's workers in this process, woken when a job of their queue is queued. */
  private readonly workers = new LocalWorkers((workerId) => this.boss.notifyWorker(workerId));
  /** Cross-process wake-ups (a real server only); see JobWakeups. */
  private wakeups: JobWakeups | undefined;
  /** What answers a wake-up that names no job queue (e.g. the realtime outbox's), by name. */
  private readonly signals = new Map<string, () => void>();
  private scheduler: PgBoss | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    private readonly pollingIntervalSeconds = IDLE_POLLING_SECONDS,
    private readonly observer?: JobObserver,
  ) {
    // The scheduler (cron) runs only in a process that works, started after it serves: see startWorking.
    this.boss = this.createBoss({ supervise: true, schedule: false });
  }

  private createBoss(roles: { supervise: boolean; schedule: boolean; migrate?: boolean }): PgBoss {
    const boss = new PgBoss({
      // After stop(), execute() answers undefined, as pg-boss's own database does once closed:
      // its late bookkeeping (complete, fail, fetch) expects exactly that. The declared type
      // promises rows, hence the cast.
      db: { executeSql: (text, values) => this.execute(text, values) as Promise<{ rows: unknown[] }> },
      schema: 'pgboss',
      // Maintenance returns jobs whose worker died (kill -9) to the queue once they expire: check
      // often, so a restart picks them up within seconds, not minutes (pg-boss's default is 120 s).
      maintenanceIntervalSeconds: 10,
      ...roles,
    });
    boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
    return boss;
  }

  /**
   * A queue on a small connection pool of its own, so fetching and completing jobs never waits
   * behind HTTP requests for a connection (under load, mail would lag by seconds); closed by stop().
   */
  static withOwnPool(
    url: string,
    log: Logger,
    options: {
      pollingIntervalSeconds?: number;
      observer?: JobObserver;
      wakeAcrossProcesses: boolean;
      /** A PostgreSQL server, not the embedded database: see openJobPool. */
      postgresServer: boolean;
    },
  ) {
    const pool = openJobPool(url, options.postgresServer);
    const queue = new JobQueue(pool, log, options.pollingIntervalSeconds, options.observer);
    queue.ownedPool = pool;
    queue.namedStatements = options.postgresServer;
    if (options.wakeAcrossProcesses) queue.wakeups = new JobWakeups(url, pool, log);
    return queue;
  }
  private ownedPool: pg.Pool | undefined;
  private namedStatements = false;

  /** True once this process runs handlers (START_WORKER, or the worker process). */
  get working(): boolean {
    return this.workingFlag;
  }

  define<TData extends object>(definition: JobDefinition<TData>): void {
    if (this.started) throw new Error(`job ${definition.name} defined after the queue started`);
    this.definitions.set(definition.name, definition as unknown as JobDefinition<object>);
  }

  /** Creates the queues; with `work`, this process also runs the handlers (or later: startWorking). */
  async start(options: { work: boolean }): Promise<void> {
    await this.boss.start();
    await applyQueueSettings(this.boss, this.definitions.values());
    this.started = true;
    if (options.work) await this.startWorking();
  }

  /**
   * Runs the handlers in this process from now on, and the cron scheduler: a second pg-boss on the
   * same database, so that a server can start it after it listens (its first cron check parses
   * every schedule, ~0.3 s of a start's CPU). Only a process that works schedules: without one,
   * nothing would run the scheduled jobs anyway.
   */
  async startWorking(): Promise<void> {
    if (!this.started) throw new Error('startWorking() before start()');
    if (this.workingFlag || this.stopping) return;
    this.workingFlag = true;
    for (const definition of this.definitions.values()) {
      for (let worker = 0; worker < (definition.concurrency ?? 1); worker++) {
        if (this.stopping) return; // a shutdown began while the workers were starting
        await this.work(definition);
      }
    }
    await this.wakeups?.listen((name) => this.workers.wake(name) || this.signals.get(name)?.());
    const scheduler = this.createBoss({ supervise: false, schedule: true, migrate: false });
    await scheduler.start();
    if (this.stopping) await scheduler.stop({ graceful: false, close: false });
    else this.scheduler = scheduler;
  }

  /**
   * Wakes `onSignal(name)`'s handler in the processes that work, through the jobs' wake-ups: for
   * rows only they handle that are not jobs (the realtime outbox's). Nothing on the embedded database.
   */
  signal(name: string): void {
    this.wakeups?.announce(name);
  }
  onSignal(name: string, handle: () => void): void {
    this.signals.set(name, handle);
  }

  /** A job of `name` was queued: wake one of this process's workers, or tell the processes that work. */
  private wake(name: string): void {
    if (!this.workers.wake(name)) this.wakeups?.announce(name);
  }

  private async work(definition: JobDefinition<object>): Promise<void> {
    const batchSize = definition.batchSize ?? 1;
    let workerId = '';
    workerId = await this.boss.work<object>(
      definition.name,
      { pollingIntervalSeconds: this.pollingIntervalSeconds, batchSize, includeMetadata: true },
      async (jobs) => {
        // UPDATE … RETURNING (pg-boss's fetch) gives rows in no set order: restore the queue's order.
        if (jobs.length > 1) jobs.sort(inQueueOrder);
        const batch = this.runBatch(definition, jobs);
        this.running.add(batch);
        try {
          await batch;
        } finally {
          this.running.delete(batch);
        }
        // A full batch: more are probably waiting, so fetch again now rather than after the interval.
        if (jobs.length === batchSize) this.boss.notifyWorker(workerId);
      },
    );
    this.workers.add(definition.name, workerId);
  }

  /**
   * Runs a fetched batch side by side. A job that throws is failed on its own (retried later);
   * pg-boss then completes the rest, and only those, since it completes active jobs only.
   */
  private async runBatch(definition: JobDefinition<object>, jobs: PgBoss.JobWithMetadata<object>[]) {
    const run = async (job: PgBoss.JobWithMetadata<object>) => {
      this.observer?.started(job.name, job.createdOn, job.startAfter);
      const began = performance.now();
      let failed = true;
      try {
        await definition.handle(job.data, {
          id: job.id,
          name: job.name,
          retryCount: job.retryCount,
          retryLimit: job.retryLimit,
        });
        failed = false;
      } finally {
        this.observer?.finished(job.name, (performance.now() - began) / 1000, failed);
      }
    };
    const ids = jobs.map((job) => job.id);
    const writes = this.dataWrites.begin(ids);
    try {
      // One job: pg-boss fails it when it throws, after the finally below has written its data.
      if (jobs.length === 1) return await run(jobs[0]!);
      const outcomes = await Promise.allSettled(jobs.map(run));
      // pg-boss copies a failed job's data into its dead letter: write it first.
      await this.writeData(definition.name, writes);
      await Promise.all(
        outcomes.map((outcome, index) =>
          outcome.status === 'rejected'
            ? this.boss.fail(definition.name, jobs[index]!.id, serializeError(outcome.reason))
            : undefined,
        ),
      );
    } finally {
      this.dataWrites.end(ids);
      await this.writeData(definition.name, writes);
    }
  }

  /**
   * The batch's held data replacements, in one statement. A failure is logged, not thrown: the
   * jobs' work is done (a mail sent), and failing them would only do it again.
   */
  private async writeData(name: string, writes: Map<string, object>): Promise<void> {
    if (writes.size === 0) return;
    const ids = [...writes.keys()];
    const data = [...writes.values()].map((value) => JSON.stringify(value));
    writes.clear();
    await this.execute(REPLACE_JOB_DATA, [name, ids, data]).catch((err: unknown) =>
      this.log.warn({ err, queue: name, jobs: ids.length }, 'job data not replaced'),
    );
  }

  /**
   * Replaces a job's stored data (e.g. once a mail is sent, so the job row, which pg-boss keeps for
   * days, no longer holds its message). Before a last try throws, this is also what the failed row
   * and its dead-letter copy keep: pg-boss copies the data as it is when the job fails. Called by
   * a running job, the write happens when its batch's handlers are done, with the others' writes.
   */
  async replaceData(job: JobContext, data: object): Promise<void> {
    if (this.dataWrites.hold(job.id, data)) return;
    await this.execute(REPLACE_JOB_DATA, [job.name, [job.id], [JSON.stringify(data)]]);
  }

  /**
   * Queues a job. Inside a transaction (`tx`) the job is written just before the COMMIT, together
   * with every other job the transaction queued, in ONE multi-row insert (see DeferredWrites): it
   * exists exactly when the transaction commits. Returns the job's id (a job a singleton option
   * leaves out is never created, so its id names nothing).
   */
  async enqueue<TData extends object>(
    name: string,
    data: TData,
    options: EnqueueOptions = {},
  ): Promise<string> {
    if (!this.definitions.has(name)) throw new Error(`unknown job ${name}`);
    const { tx } = options;
    if (tx) {
      const job: JobInsert = {
        id: randomUUID(),
        name,
        data,
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
        ...(options.singletonSeconds ? { singletonSeconds: options.singletonSeconds } : {}),
        ...(options.startAfterSeconds ? { startAfter: `${options.startAfterSeconds} seconds` } : {}),
      };
      tx.deferred.add('pgboss.job', job, (jobs) =>
        this.boss.insert(jobs, {
          db: {
            executeSql: (text: string, values: unknown[]) =>
              tx.client.query(queryByText(text, values, this.namedStatements)),
          },
        }),
      );
      if (!options.startAfterSeconds) tx.afterCommit(() => this.wake(name));
      return job.id;
    }
    const id = await this.boss.send(name, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.singletonSeconds ? { singletonSeconds: options.singletonSeconds } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    });
    if (!id) return '';
    if (!options.startAfterSeconds) this.wake(name);
    return id;
  }

  private async execute(text: string, values: unknown[]): Promise<{ rows: unknown[] } | undefined> {
    if (this.stopped) {
      // pg-boss can finish bookkeeping (e.g. completing a job whose handler outlived the stop
      // timeout, or that a fetch in flight at stop() handed out) after stop() resolved and the pool
      // closed. Dropping it is safe: the job stays active, expires and runs again, and handlers are
      // idempotent. Answer undefined, as pg-boss's own closed database does: its complete() and
      // fail() (called without await) read `rows[0].count` from any result with rows, so an empty
      // result would reject unhandled ("Cannot read properties of undefined (reading 'count')").
      this.log.debug('job queue stopped: late bookkeeping query dropped');
      return undefined;
    }
    const query = this.pool.query(queryByText(text, values, this.namedStatements));
    this.pending.add(query);
    try {
      return await query;
    } finally {
      this.pending.delete(query);
    }
  }

  /** Stops fetching new jobs and waits (up to `timeoutMs`) for running handlers to finish. */
  stop(timeoutMs = 8_000): Promise<void> {
    // Idempotent: a drain stops the queue early, and closing the context stops it again.
    this.stopping ??= this.stopNow(timeoutMs);
    return this.stopping;
  }

  private async stopNow(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.workers.stop();
    await this.wakeups?.stop();
    await this.scheduler?.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
    // Let pg-boss record the outcome of the last handlers before the pool goes away: a fetch in
    // flight may still start a batch, and a finished batch is completed a tick later.
    // A handler still running at the deadline is left behind (its bookkeeping is then dropped).
    // The timers stay referenced: a process with nothing else to do (a script) must not exit
    // while stop() is still pending. The deadline timer is cleared once the race is decided.
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
    do {
      await sleep(50);
      let timer: NodeJS.Timeout | undefined;
      const deadlineReached = new Promise((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      });
      await Promise.race([Promise.allSettled([...this.pending, ...this.running]), deadlineReached]);
      clearTimeout(timer);
    } while ((this.pending.size > 0 || this.running.size > 0) && Date.now() < deadline);
    this.stopped = true;
    await this.ownedPool?.end();
  }
}

function serializeError(error: unknown): object {
  return error instanceof Error ? { message: error.message, name: error.name } : { message: String(error) };
}

/** The order pg-boss's fetch takes jobs in (its ORDER BY): priority, then oldest first, then id. */
function inQueueOrder(a: PgBoss.JobWithMetadata<object>, b: PgBoss.JobWithMetadata<object>): number {
  const byTime = b.priority - a.priority || a.createdOn.getTime() - b.createdOn.getTime();
  return byTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
