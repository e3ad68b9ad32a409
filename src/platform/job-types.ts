import type { Tx } from './db';

// What modules see of the job queue (jobs.ts): a job's definition, its context, how it is queued.

export interface JobContext {
  id: string;
  name: string;
  /** 0 on the first try. */
  retryCount: number;
  /** Retries allowed: the try with `retryCount === retryLimit` is the last one. */
  retryLimit: number;
}

export interface JobDefinition<TData extends object> {
  name: string;
  handle(data: TData, job: JobContext): Promise<void>;
  retryLimit?: number;
  /** Seconds before the first retry; doubled each time when `retryBackoff`. */
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** Also run on this cron schedule (UTC), e.g. '17 * * * *'. */
  cron?: string;
  /**
   * Queue that receives the job once its retries are exhausted, so a permanently failing job is
   * kept (with its data and last error) for someone to look at, never silently dropped.
   */
  deadLetter?: string;
  /**
   * pg-boss workers of this queue in this process (default 1). Each fetches and runs on its own,
   * so one slow job never holds up another worker's jobs.
   */
  concurrency?: number;
  /**
   * Jobs each worker fetches at once and runs side by side (default 1): at most
   * `concurrency × batchSize` jobs of the queue run at once per process. A full batch is followed
   * by the next fetch at once, so a backlog drains without waiting for the polling interval.
   * A batch ends when its slowest job does: keep 1 for queues whose jobs may be slow (webhooks).
   */
  batchSize?: number;
}

export interface EnqueueOptions {
  /** Enqueue inside this transaction: the job exists exactly when the transaction commits. */
  tx?: Tx;
  /** Deduplicates: a second job with the same key for the same queue is not created while the first exists. */
  singletonKey?: string;
  /**
   * Throttles: at most one job per queue (and singletonKey) in each slot of this many seconds;
   * the others of the slot are not created.
   */
  singletonSeconds?: number;
  startAfterSeconds?: number;
}
