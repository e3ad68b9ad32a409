import type pg from 'pg';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const waitBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];
const runBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What the job queue reports about each job it runs. */
export interface JobObserver {
  started(queue: string, createdOn: Date, startAfter: Date | undefined): void;
  finished(queue: string, seconds: number, failed: boolean): void;
}

/**
 * bazaar_job_* metrics: queue depth per queue (read from pgboss.job when scraped), wait time
 * (ready to run → started), run time and failures.
 */
export function jobMetrics(registry: Registry, pool: pg.Pool): JobObserver {
  new Gauge({
    name: 'bazaar_job_queue_depth',
    help: 'Jobs waiting to run (created or waiting for a retry), by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const { rows } = await pool.query<{ name: string; n: number }>(
          `SELECT name, count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry') GROUP BY name`,
        );
        for (const row of rows) this.set({ queue: row.name }, row.n);
      } catch {
        // The database is away: /health/ready says so; the scrape still answers.
      }
    },
  });
  const wait = new Histogram({
    name: 'bazaar_job_wait_seconds',
    help: 'Time from a job becoming due (enqueued, or its start-after time) to a worker starting it',
    labelNames: ['queue'] as const,
    buckets: waitBuckets,
    registers: [registry],
  });
  const run = new Histogram({
    name: 'bazaar_job_run_seconds',
    help: 'Time a job handler ran, by queue',
    labelNames: ['queue'] as const,
    buckets: runBuckets,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'bazaar_job_failures_total',
    help: 'Job runs that threw (each is retried until its retry limit, then dead-lettered)',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  return {
    started(queue, createdOn, startAfter) {
      const due = Math.max(createdOn.getTime(), startAfter?.getTime() ?? 0);
      wait.observe({ queue }, Math.max(0, Date.now() - due) / 1000);
    },
    finished(queue, seconds, failed) {
      run.observe({ queue }, seconds);
      if (failed) failures.inc({ queue });
    },
  };
}
