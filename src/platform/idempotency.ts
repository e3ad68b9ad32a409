import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { AppContext } from './context';
import { LockBusyError, type Tx } from './db';
import { AppError } from './errors';

/**
 * Stored results of mutations sent with an `Idempotency-Key` (Stripe's model). The row is written
 * in the same transaction as the work (see runIdempotent), so a crash between the business commit
 * and the HTTP response still replays the one result that was committed.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Whose key: a user id (one user can never replay another's) or e.g. `guest:<cart token>`. */
    scope: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    state: text({ enum: ['IN_PROGRESS', 'COMPLETED'] }).notNull(),
    responseStatus: integer(),
    responseBody: jsonb(),
    lockedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.scope, table.key] })],
);

const RETENTION_HOURS = 24;
/** An IN_PROGRESS claim older than this belongs to a request that died; a retry may take it over. */
const STALE_CLAIM_SECONDS = 60;

/** Header schema for routes that accept the key (merge into the route's `headers`). */
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional(),
});

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** Sends a result of runIdempotent; a replay carries `Idempotent-Replayed: true`. */
export function sendIdempotent<T>(reply: FastifyReply, result: IdempotentResult<T>) {
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(result.status).send(result.body);
}

/** Stable hash of what the request asks for: same key + different fingerprint → 422. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const keyReused = () =>
  new AppError(
    422,
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was used with a different request; use a new key',
  );
const keyInUse = () =>
  new AppError(
    409,
    'IDEMPOTENCY_KEY_IN_USE',
    'A request with this Idempotency-Key is still in progress',
    undefined,
    {
      'retry-after': '1',
    },
  );

/** The advisory lock class of idempotency keys (the first of the lock's two integers). */
const KEY_LOCK_CLASS = 0x1de4;

/** The advisory lock that marks (scope, key) as running: a 32-bit hash of both. */
function keyLock(scope: string, key: string): [number, number] {
  const digest = createHash('sha256').update(scope).update('\0').update(key).digest();
  return [KEY_LOCK_CLASS, digest.readInt32BE(0)];
}

/** Thrown by the key's insert when another request holds the key: rolls the work back. */
class KeyTaken extends Error {}

/**
 * Runs `work` in one transaction, at most once per (scope, key). Without a key it simply runs.
 * - same key + same request, finished → the stored status and body, `replayed: true`
 * - same key + different request → 422 IDEMPOTENCY_KEY_REUSED
 * - same key while the first is still running → 409 IDEMPOTENCY_KEY_IN_USE (Retry-After: 1)
 * A failed attempt (any thrown error) stores nothing, so a corrected retry with the same key runs.
 *
 * The key costs ONE statement, inside the business transaction, just before its COMMIT: the
 * completed result is inserted with the transaction's other deferred writes. "Still running" is an
 * advisory lock on the key, tried in BEGIN's own round trip (TransactionOptions.tryLock): a second
 * request that finds it held runs nothing and gets 409, or the replay when the first committed in
 * between. One that comes after the first's COMMIT runs its work, which usually fails (the first
 * consumed what it needs, e.g. the cart) or finds the key taken at its insert and rolls back; the
 * stored result then decides the answer. So `work` must only touch the database: it may run, and
 * be rolled back, more than once.
 */
export async function runIdempotent<T>(
  ctx: AppContext,
  request: { scope: string; key: string | undefined; fingerprint: unknown },
  work: (tx: Tx) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  if (!request.key) {
    const result = await ctx.database.transaction(work);
    return { ...result, replayed: false };
  }
  const { scope, key } = request;
  const requestHash = fingerprint(request.fingerprint);
  try {
    const result = await ctx.database.transaction(
      async (tx) => {
        const outcome = await work(tx);
        tx.deferred.add(
          'idempotency_keys',
          { scope, key, requestHash, status: outcome.status, body: outcome.body as object },
          (rows) => storeResults(tx, rows),
        );
        return outcome;
      },
      { tryLock: keyLock(scope, key) },
    );
    return { ...result, replayed: false };
  } catch (error) {
    const stored = await storedResult(ctx, scope, key).catch((lookupError: unknown) => {
      ctx.log.warn({ err: lookupError }, 'could not read an idempotency key');
      return undefined;
    });
    if (!stored) throw error instanceof KeyTaken || error instanceof LockBusyError ? keyInUse() : error;
    if (stored.requestHash !== requestHash) throw keyReused();
    if (stored.state === 'IN_PROGRESS') throw keyInUse();
    return { status: stored.responseStatus ?? 200, body: stored.responseBody as T, replayed: true };
  }
}

interface CompletedKey {
  scope: string;
  key: string;
  requestHash: string;
  status: number;
  body: object;
}

/**
 * Inserts completed results. A key already there is taken over only when its result expired or
 * its claim is a dead request's (an IN_PROGRESS row of an older build); otherwise → KeyTaken.
 */
async function storeResults(tx: Tx, rows: CompletedKey[]): Promise<void> {
  const stored = await tx.db
    .insert(idempotencyKeys)
    .values(
      rows.map((r) => ({
        scope: r.scope,
        key: r.key,
        requestHash: r.requestHash,
        state: 'COMPLETED' as const,
        responseStatus: r.status,
        responseBody: r.body,
        expiresAt: sql`now() + make_interval(hours => ${RETENTION_HOURS})`,
      })),
    )
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: {
        requestHash: sql`excluded.request_hash`,
        state: 'COMPLETED',
        responseStatus: sql`excluded.response_status`,
        responseBody: sql`excluded.response_body`,
        lockedAt: sql`now()`,
        createdAt: sql`now()`,
        expiresAt: sql`excluded.expires_at`,
      },
      setWhere: sql`${idempotencyKeys.expiresAt} < now() OR (${idempotencyKeys.state} = 'IN_PROGRESS' AND ${idempotencyKeys.lockedAt} < now() - make_interval(secs => ${STALE_CLAIM_SECONDS}))`,
    })
    .returning({ key: idempotencyKeys.key });
  if (stored.length < rows.length) throw new KeyTaken('idempotency key taken by another request');
}

/** The live (unexpired, not a dead claim) record of a key, if any. */
async function storedResult(ctx: AppContext, scope: string, key: string) {
  const [row] = await ctx.database.db
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scope, scope),
        eq(idempotencyKeys.key, key),
        sql`${idempotencyKeys.expiresAt} > now()`,
        sql`NOT (${idempotencyKeys.state} = 'IN_PROGRESS' AND ${idempotencyKeys.lockedAt} < now() - make_interval(secs => ${STALE_CLAIM_SECONDS}))`,
      ),
    );
  return row;
}

/**
 * `Idempotency-Key` for work that must not run inside a transaction (a call to a payment provider):
 * a completed result is replayed (a different request refused with 422, an in-flight key with 409)
 * BEFORE anything runs; then `run` runs without a transaction (so it must itself be safe to repeat)
 * and its answer is stored through runIdempotent.
 */
export async function runIdempotentOutsideTransaction<T>(
  ctx: AppContext,
  request: { scope: string; key: string | undefined; fingerprint: unknown },
  run: () => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  if (request.key) {
    const [existing] = await ctx.database.db
      .select()
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.scope, request.scope),
          eq(idempotencyKeys.key, request.key),
          sql`${idempotencyKeys.expiresAt} > now()`,
        ),
      );
    if (existing) {
      if (existing.requestHash !== fingerprint(request.fingerprint)) throw keyReused();
      if (existing.state === 'COMPLETED')
        return { status: existing.responseStatus ?? 200, body: existing.responseBody as T, replayed: true };
      throw keyInUse();
    }
  }
  const outcome = await run();
  return runIdempotent(ctx, request, async () => outcome);
}

/** Deletes stored results past their 24 h retention (run periodically by a job). */
export async function purgeExpiredIdempotencyKeys(ctx: AppContext): Promise<number> {
  const deleted = await ctx.database.db
    .delete(idempotencyKeys)
    .where(sql`${idempotencyKeys.expiresAt} < now()`)
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
