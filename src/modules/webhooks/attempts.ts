import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import type { DeliveryStatus } from './events';
import { retryDelayMs } from './schedule';
import type { AttemptResult } from './sender';
import { webhookDeliveries, webhookEndpoints } from './tables';
import { wakeEndpoint } from './wake';

/** Delivered events and their deliveries are kept this long, then purged. */
export const RETENTION_DAYS = 30;

/** A delivery claimed for one attempt, with what is needed to send it. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  /** This attempt's number (1 for the first). */
  attempt: number;
  url: string;
  secret: string;
  type: string;
  data: unknown;
  createdAt: Date;
}

const ms = (value: number) => sql`(${value}::double precision * interval '1 millisecond')`;

/**
 * Claims the endpoint's next due delivery for one attempt: counts the attempt and leases the row
 * until the attempt must be over (timeout + margin), so no other worker sends it meanwhile and a
 * crashed worker's claim lapses by itself. Undefined when nothing is due (or the endpoint is off).
 */
export async function claimNextDelivery(
  ctx: AppContext,
  endpointId: string,
): Promise<ClaimedDelivery | undefined> {
  const leaseMs = ctx.config.WEBHOOK_TIMEOUT + 30_000;
  const result = await ctx.database.db.execute<
    Omit<ClaimedDelivery, 'createdAt'> & { createdAt: Date | string }
  >(sql`
    WITH next AS (
      SELECT d.id FROM webhook_deliveries d
      JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.active
      WHERE d.endpoint_id = ${endpointId} AND d.status = 'PENDING' AND d.next_attempt_at <= now()
        AND (d.locked_until IS NULL OR d.locked_until < now())
      ORDER BY d.next_attempt_at, d.created_at
      LIMIT 1
      FOR UPDATE OF d SKIP LOCKED
    ), claimed AS (
      UPDATE webhook_deliveries d
      SET attempt = d.attempt + 1, locked_until = now() + ${ms(leaseMs)}, updated_at = now()
      FROM next WHERE d.id = next.id
      RETURNING d.id, d.endpoint_id, d.event_id, d.attempt
    )
    SELECT c.id, c.endpoint_id AS "endpointId", c.event_id AS "eventId", c.attempt,
           e.url, e.secret, ev.type, ev.data, ev.created_at AS "createdAt"
    FROM claimed c
    JOIN webhook_endpoints e ON e.id = c.endpoint_id
    JOIN webhook_events ev ON ev.id = c.event_id`);
  const row = result.rows[0];
  return row ? { ...row, createdAt: new Date(row.createdAt) } : undefined;
}

/**
 * Records an attempt's outcome in one transaction. Success: SUCCEEDED, and the endpoint is healthy
 * again. Failure: the next attempt is scheduled (and its wake-up queued), or, after the last one,
 * FAILED; an endpoint whose attempts have all failed for WEBHOOK_DISABLE_AFTER is switched off and
 * its pending deliveries FAILED. Returns the delivery's new status.
 */
export async function recordAttempt(
  ctx: AppContext,
  delivery: ClaimedDelivery,
  result: AttemptResult,
): Promise<{ status: DeliveryStatus; endpointDisabled: boolean }> {
  const { config } = ctx;
  const succeeded = result.outcome === 'success';
  const exhausted = !succeeded && delivery.attempt >= config.WEBHOOK_MAX_ATTEMPTS;
  const delay = retryDelayMs(delivery.attempt, config.WEBHOOK_RETRY_BASE);
  const status: DeliveryStatus = succeeded ? 'SUCCEEDED' : exhausted ? 'FAILED' : 'PENDING';
  return ctx.database.transaction(async (tx) => {
    await tx.db
      .update(webhookDeliveries)
      .set({
        status,
        responseStatus: result.responseStatus,
        durationMs: result.durationMs,
        lastError: result.error,
        nextAttemptAt: status === 'PENDING' ? sql`now() + ${ms(delay)}` : null,
        lockedUntil: null,
        updatedAt: sql`now()`,
      })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (succeeded) {
      await tx.db
        .update(webhookEndpoints)
        .set({ failingSince: null })
        .where(
          and(
            eq(webhookEndpoints.id, delivery.endpointId),
            sql`${webhookEndpoints.failingSince} IS NOT NULL`,
          ),
        );
      return { status, endpointDisabled: false };
    }
    const [endpoint] = await tx.db
      .update(webhookEndpoints)
      .set({ failingSince: sql`COALESCE(${webhookEndpoints.failingSince}, now())` })
      .where(eq(webhookEndpoints.id, delivery.endpointId))
      .returning({
        active: webhookEndpoints.active,
        failingTooLong: sql<boolean>`${webhookEndpoints.failingSince} <= now() - ${ms(config.WEBHOOK_DISABLE_AFTER)}`,
      });
    if (endpoint?.active && endpoint.failingTooLong) {
      await disableEndpoint(tx, delivery.endpointId);
      return { status: 'FAILED', endpointDisabled: true };
    }
    if (status === 'PENDING') await wakeEndpoint(ctx, tx, delivery.endpointId, delay);
    return { status, endpointDisabled: false };
  });
}

async function disableEndpoint(tx: Tx, endpointId: string): Promise<void> {
  await tx.db
    .update(webhookEndpoints)
    .set({ active: false, disabledAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(webhookEndpoints.id, endpointId));
  await tx.db
    .update(webhookDeliveries)
    .set({
      status: 'FAILED',
      nextAttemptAt: null,
      lastError: sql`left(coalesce(${webhookDeliveries.lastError} || '; ', '') || 'endpoint disabled after failing too long', 500)`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'PENDING')));
}

/**
 * Endpoints with deliveries overdue by more than a minute that no one is attempting: their
 * wake-up was lost (e.g. a worker killed mid-attempt, whose lease has lapsed since).
 */
export async function overdueEndpoints(ctx: AppContext): Promise<string[]> {
  const result = await ctx.database.db.execute<{ endpointId: string }>(sql`
    SELECT DISTINCT d.endpoint_id AS "endpointId"
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.active
    WHERE d.status = 'PENDING' AND d.next_attempt_at < now() - interval '1 minute'
      AND (d.locked_until IS NULL OR d.locked_until < now())
    LIMIT 1000`);
  return result.rows.map((r) => r.endpointId);
}

/** Deletes events older than RETENTION_DAYS (and their deliveries) that nothing still has to deliver. */
export async function purgeOldEvents(ctx: AppContext): Promise<number> {
  const result = await ctx.database.db.execute(sql`
    DELETE FROM webhook_events ev
    WHERE ev.created_at < now() - make_interval(days => ${RETENTION_DAYS})
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = ev.id AND d.status = 'PENDING')`);
  return result.rowCount ?? 0;
}
