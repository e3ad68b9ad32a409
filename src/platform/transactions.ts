import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Database } from './db';
import { DeferredWrites } from './deferred-writes';
import { postgresErrorCode } from './postgres-errors';
import {
  endPipeline,
  runFixed,
  runFixedThenCommit,
  withPipelinedBegin,
  type FixedStatement,
} from './prepared-statements';

/** A database transaction: the typed query builder plus the raw client (for the job queue). */
export interface Tx {
  db: Database;
  client: pg.PoolClient;
  /** Writes deferred to just before COMMIT, batched into one statement each (see DeferredWrites). */
  deferred: DeferredWrites;
  /**
   * True on PostgreSQL when the transaction runs in pg's pipeline mode (no tryLock): a query issued
   * before the previous one answered goes out at once, and PostgreSQL still runs them in order
   * (each starts, with its own snapshot, once the one before has finished). Otherwise issue queries
   * one after the other.
   */
  pipelined: boolean;
  /** Runs a fixed statement (see fixedStatement) in this transaction. */
  run<Row>(statement: FixedStatement<Row>, values: Record<string, unknown>): Promise<Row[]>;
  /**
   * Ends the transaction with this statement: sends the deferred writes, the statement and COMMIT
   * together (one write on PostgreSQL, which runs them back to back), so the rows the statement
   * locks are released as soon as PostgreSQL commits, without waiting for this process to read the
   * statement's result first. To abort, the statement must raise an error: the server then turns
   * the COMMIT into a ROLLBACK and the error is thrown here. Nothing may run on `tx` afterwards.
   */
  commitWith<Row>(statement: FixedStatement<Row>, values: Record<string, unknown>): Promise<Row[]>;
  /** Runs `effect` (an in-process signal, e.g. waking a job worker) once the transaction commits. */
  afterCommit(effect: () => void): void;
}

export interface TransactionOptions {
  /**
   * A transaction-scoped advisory lock (two 32-bit integers) tried in BEGIN's round trip, without
   * waiting: when another transaction holds it, nothing runs and LockBusyError is thrown. On the
   * embedded database transactions already run one at a time, so it is always free there.
   */
  tryLock?: readonly [number, number];
}

/** The transaction's `tryLock` is held by another transaction right now. */
export class LockBusyError extends Error {
  constructor() {
    super('advisory lock held by another transaction');
  }
}

const MAX_TRANSACTION_ATTEMPTS = 3;
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const isRetryable = (error: unknown) => RETRYABLE_CODES.has(postgresErrorCode(error) ?? '');

/**
 * Runs `work` inside a savepoint of `tx`. When it throws, or `keep(result)` is false, only what
 * `work` did is undone and the transaction stays usable (the caller decides what happens next).
 */
export async function inSavepoint<T>(
  tx: Tx,
  work: () => Promise<T>,
  keep: (result: T) => boolean = () => true,
): Promise<T> {
  await tx.client.query('SAVEPOINT bazaar_savepoint');
  const mark = tx.deferred.mark();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await tx.client.query('ROLLBACK TO SAVEPOINT bazaar_savepoint').catch(() => {});
    tx.deferred.rollbackTo(mark);
    throw error;
  }
  const kept = keep(result);
  await tx.client.query(
    kept ? 'RELEASE SAVEPOINT bazaar_savepoint' : 'ROLLBACK TO SAVEPOINT bazaar_savepoint',
  );
  if (!kept) tx.deferred.rollbackTo(mark);
  return result;
}

/** BEGIN; with `lock`, its advisory lock tried in the same round trip (LockBusyError when held). */
async function begin(client: pg.PoolClient, lock: readonly [number, number] | undefined): Promise<void> {
  if (!lock) {
    await client.query('BEGIN');
    return;
  }
  // Integers only (checked), so the lock's key can sit in BEGIN's text: one round trip.
  if (!lock.every((n) => Number.isInteger(n) && Math.abs(n) < 2 ** 31)) {
    throw new TypeError('tryLock takes two 32-bit integers');
  }
  const results = (await client.query(
    `BEGIN; SELECT pg_try_advisory_xact_lock(${lock[0]}, ${lock[1]}) AS held`,
  )) as unknown as pg.QueryResult[];
  if (results[1]?.rows[0]?.held !== true) throw new LockBusyError();
}

/** Effects are signals: one that throws must not fail (or, worse, retry) a committed transaction. */
function runAfterCommit(effects: Array<() => void>): void {
  for (const effect of effects) {
    try {
      effect();
    } catch {
      // The transaction committed: nothing to undo.
    }
  }
}

/** `fn` in a transaction on one pool connection; a deadlock victim runs again (see isRetryable). */
export async function runTransaction<T>(
  pool: pg.Pool,
  embedded: boolean,
  fn: (tx: Tx) => Promise<T>,
  lock: readonly [number, number] | undefined,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let committed = false;
    const effects: Array<() => void> = [];
    // On PostgreSQL without a lock to try, BEGIN goes out in the same write as the transaction's
    // first statement (see withPipelinedBegin).
    const pipelined = !embedded && !lock;
    try {
      if (!pipelined) await begin(client, lock);
      const deferred = new DeferredWrites();
      const tx: Tx = {
        db: drizzle({ client, casing: 'snake_case' }),
        client,
        deferred,
        pipelined,
        run: (statement, values) => runFixed(client, embedded, statement, values),
        async commitWith(statement, values) {
          // Pipelined, the deferred writes go in the same socket write as the statement and COMMIT.
          if (!pipelined) await deferred.flush();
          const first = pipelined && deferred.size > 0 ? () => deferred.start(client) : undefined;
          const rows = await runFixedThenCommit(client, embedded, statement, values, first);
          committed = true;
          return rows;
        },
        afterCommit: (effect) => effects.push(effect),
      };
      const result = await (pipelined ? withPipelinedBegin(client, () => fn(tx)) : fn(tx));
      if (committed) {
        if (deferred.size > 0) throw new Error('a write was deferred after the transaction committed');
      } else {
        await deferred.flush();
        await client.query('COMMIT');
        committed = true;
      }
      runAfterCommit(effects);
      return result;
    } catch (error) {
      // No ROLLBACK after a COMMIT that went through (commitWith), and no second attempt.
      if (committed) {
        runAfterCommit(effects);
        throw error;
      }
      await client.query('ROLLBACK').catch(() => {});
      // PostgreSQL chose this transaction as a deadlock victim (or a serialization failure):
      // nothing of it happened, so running it again is safe and is what the client wants.
      if (attempt < MAX_TRANSACTION_ATTEMPTS && isRetryable(error)) {
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
        continue;
      }
      throw error;
    } finally {
      // Every query of the transaction has been answered (COMMIT or ROLLBACK last).
      if (pipelined) endPipeline(client);
      client.release();
    }
  }
}
