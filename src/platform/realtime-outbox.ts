import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { bigint, jsonb, PgDialect, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Tx } from './db';
import type { Audience, RealtimeEvent } from './realtime';

/**
 * Socket.IO events waiting to be sent: a transactional outbox. A change writes its event here in
 * its own transaction (with the transaction's other deferred rows, in the same round trip), so the
 * event exists exactly when the change commits; a process then takes the rows and publishes them.
 * One narrow row per event, where a pg-boss job row (a partition with six indexes, changed twice
 * and deleted later) cost about 0.45 ms of PostgreSQL per order.
 */
export const realtimeEvents = pgTable('realtime_events', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  event: text().notNull(),
  payload: jsonb().notNull(),
  audience: jsonb().$type<Audience>().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The INSERT recording the events `recorded` holds, a jsonb array of `{ event, payload, audience }`.
 * The outbox writes its rows with it, and a statement that writes the change anyway can use it as
 * one of its CTEs, so the events cost no statement of their own (the checkout's order insert
 * records `order.created` this way; the caller then calls `publishAfterCommit(tx)`).
 */
export function recordEventSql(recorded: SQLWrapper): SQL {
  return sql`INSERT INTO ${realtimeEvents} (event, payload, audience)
    SELECT r->>'event', r->'payload', r->'audience' FROM jsonb_array_elements(${recorded}::jsonb) AS r`;
}

/** A wake-up drains at once when the outbox was quiet, else at most once per this window. */
const DRAIN_SPACING_MS = 50;
/**
 * Picks up what a wake-up missed: an API process that runs no job workers (START_WORKER=false)
 * leaves its events to the worker processes, as it leaves its jobs, and wakes them as it wakes
 * their job workers (`announce`: JobWakeups' NOTIFY); a lost wake-up waits for this poll.
 */
const POLL_INTERVAL_MS = 1_000;
/** The name the outbox's wake-ups go by among the job queues' (JobQueue.signal / onSignal). */
export const REALTIME_EVENTS_SIGNAL = 'realtime_events';
const BATCH = 200;

/** recordEventSql's text with the events as its one parameter, for the outbox's own writes. */
const INSERT_EVENTS = new PgDialect().sqlToQuery(recordEventSql(sql.placeholder('events'))).sql;

// BEGIN and the batch in one round trip (no parameters: a simple query may hold two statements).
// Rows come back from DELETE … RETURNING in no set order: they are sorted by id before publishing.
const BEGIN_AND_TAKE = `BEGIN; WITH batch AS (
    SELECT id FROM realtime_events ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
  DELETE FROM realtime_events e USING batch WHERE e.id = batch.id
  RETURNING e.id, e.event, e.payload, e.audience`;

/**
 * Records Socket.IO events in the caller's transaction and publishes them after the commit, at
 * least once: a batch is deleted, published and then committed, so a process that dies in between
 * leaves its batch for the next drain (any process's, within POLL_INTERVAL_MS). The processes that
 * run job workers publish (with REDIS_URL the Redis adapter reaches sockets on every instance), a
 * process's own events right after its commits; a process without workers wakes them instead
 * (`announce`). Events of a batch go out in the order they were recorded.
 */
export class RealtimeOutbox {
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private lastDrain = -Infinity;
  private poller: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    /** Publishes a batch, in the order given. */
    private readonly publish: (events: RealtimeEvent[]) => void,
    /** Whether this process runs job workers, and so publishes (JobQueue.working). */
    private readonly working: () => boolean,
    /** Wakes the processes that publish, when this one does not (JobQueue.signal). */
    private readonly announce: () => void,
    private readonly log: Logger,
  ) {}

  /** Polls for events other processes left behind (while this one works), until stop(). */
  start(): void {
    this.poller ??= setInterval(() => this.working() && this.wake(), POLL_INTERVAL_MS).unref();
  }

  /** The event is written with `tx` (published after it commits), or on its own without one. */
  async record(tx: Tx | undefined, event: string, payload: object, audience: Audience): Promise<void> {
    const row: RealtimeEvent = { event, payload, audience };
    if (!tx) {
      await this.insert(this.pool, [row]);
      this.committed();
      return;
    }
    tx.deferred.add('realtime_events', row, (rows) => this.insert(tx.client, rows));
    this.publishAfterCommit(tx);
  }

  /** Drains once `tx` commits (for events a statement of its own recorded: recordEventSql). */
  publishAfterCommit(tx: Tx): void {
    tx.afterCommit(() => this.committed());
  }

  /** Events were committed: published by this process if it works, else by those it wakes. */
  private committed(): void {
    if (this.working()) this.wake();
    else this.announce();
  }

  /** Publishes what is waiting: now when the last drain was a while ago, else within the window. */
  wake(): void {
    if (this.stopped || this.timer || !this.working()) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    const wait = this.lastDrain + DRAIN_SPACING_MS - performance.now();
    if (wait <= 0) this.drainNow();
    else
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drainNow();
      }, wait).unref();
  }

  /** Stops polling; publishes what this process still has waiting (best effort) and waits for it. */
  async stop(): Promise<void> {
    clearInterval(this.poller);
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.draining;
    if (!this.stopped && this.working()) await this.drain().catch(() => {});
    this.stopped = true;
  }

  private drainNow(): void {
    if (this.stopped || this.draining) return;
    this.lastDrain = performance.now();
    this.draining = this.drain()
      .catch((err: unknown) => this.log.warn({ err }, 'realtime events not published yet; retried'))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    for (let full = true; full;) {
      const client = await this.pool.connect();
      let count = 0;
      try {
        const results = (await client.query(BEGIN_AND_TAKE)) as unknown as pg.QueryResult[];
        const rows = results[1]!.rows as Array<RealtimeEvent & { id: string }>;
        count = rows.length;
        rows.sort((a, b) => Number(a.id) - Number(b.id));
        this.publish(rows);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
      full = count === BATCH;
    }
  }

  private async insert(client: pg.Pool | pg.ClientBase, rows: RealtimeEvent[]): Promise<void> {
    await client.query(INSERT_EVENTS, [JSON.stringify(rows)]);
  }
}
