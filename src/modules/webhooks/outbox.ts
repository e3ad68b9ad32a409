import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { memoStoreConfig } from '../../platform/config-memo';
import type { Tx } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { offsetOf, pageMeta } from '../../platform/pagination';
import { activeEndpoint, findEndpoint } from './endpoints';
import { ALL_EVENTS, WEBHOOK_TEST_EVENT, type WebhookEventType } from './events';
import type { DeliveryListQuery, DeliveryView } from './schemas';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from './tables';
import { wakeEndpoint } from './wake';

export type WebhookEventData = Record<string, unknown>;

/**
 * Records an event in the caller's transaction (the outbox) with one delivery per active endpoint
 * subscribed to it, and queues their delivery in the same transaction: the event exists, and will
 * be delivered, exactly when the change that caused it commits. Does nothing (one small read) when
 * no endpoint wants it.
 */
export async function recordEvent(
  ctx: AppContext,
  tx: Tx,
  type: WebhookEventType,
  data: WebhookEventData,
): Promise<void> {
  await recordEvents(ctx, tx, [{ type, data }]);
}

/** Several events of one change, in order, with one read of the subscribed endpoints for all of them. */
export async function recordEvents(
  ctx: AppContext,
  tx: Tx,
  events: Array<{ type: WebhookEventType; data: WebhookEventData }>,
): Promise<void> {
  if (events.length === 0) return;
  const types = [...new Set(events.map((e) => e.type))];
  // Which events any active endpoint subscribes to, kept in process until an endpoint changes:
  // when nobody wants these events (most stores, most of the time) there is nothing to read.
  const wanted = await memoStoreConfig(
    ctx,
    'webhook-events',
    async () => {
      const rows = await tx.db
        .selectDistinct({ event: sql<string>`unnest(${webhookEndpoints.events})` })
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.active, true));
      return new Set(rows.map((r) => r.event));
    },
    tx.db,
  );
  if (!wanted.has(ALL_EVENTS) && !types.some((type) => wanted.has(type))) return;
  const subscribers = await tx.db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.active, true),
        sql`${webhookEndpoints.events} && ${sql.param([...types, ALL_EVENTS])}::text[]`,
      ),
    );
  if (subscribers.length === 0) return;
  for (const event of events) {
    const ids = subscribers
      .filter((s) => s.events.includes(event.type) || s.events.includes(ALL_EVENTS))
      .map((s) => s.id);
    if (ids.length > 0) await writeEvent(ctx, tx, event.type, event.data, ids);
  }
}

async function writeEvent(
  ctx: AppContext,
  tx: Tx,
  type: string,
  data: WebhookEventData,
  endpointIds: string[],
): Promise<Array<typeof webhookDeliveries.$inferSelect>> {
  const [event] = await tx.db
    .insert(webhookEvents)
    .values({ type, data })
    .returning({ id: webhookEvents.id });
  const deliveries = await tx.db
    .insert(webhookDeliveries)
    .values(endpointIds.map((endpointId) => ({ endpointId, eventId: event!.id, nextAttemptAt: sql`now()` })))
    .returning();
  for (const endpointId of endpointIds) await wakeEndpoint(ctx, tx, endpointId);
  return deliveries;
}

/** Sends a `webhook.test` event to one endpoint, whatever its event filter. */
export async function sendTestEvent(ctx: AppContext, endpointId: string): Promise<DeliveryView> {
  const endpoint = await activeEndpoint(ctx, endpointId);
  return ctx.database.transaction(async (tx) => {
    const data = { endpointId: endpoint.id, message: 'A test event from Bazaar' };
    const [delivery] = await writeEvent(ctx, tx, WEBHOOK_TEST_EVENT, data, [endpoint.id]);
    return toDeliveryView(delivery!, WEBHOOK_TEST_EVENT);
  });
}

/**
 * Sends a delivery again now, under the same `webhook-id` (its event's id). A delivery whose
 * attempt is in flight answers 409; a finished one (SUCCEEDED or FAILED) gets one more attempt.
 */
export async function retryDelivery(ctx: AppContext, endpointId: string, deliveryId: string) {
  await activeEndpoint(ctx, endpointId);
  return ctx.database.transaction(async (tx) => {
    const [current] = await tx.db
      .select({ inFlight: sql<boolean>`coalesce(${webhookDeliveries.lockedUntil} > now(), false)` })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
      .for('update');
    if (!current) throw notFound('Webhook delivery');
    if (current.inFlight)
      throw conflict(
        'WEBHOOK_DELIVERY_IN_FLIGHT',
        'An attempt of this delivery is in flight; try again shortly',
      );
    const [row] = await tx.db
      .update(webhookDeliveries)
      .set({ status: 'PENDING', nextAttemptAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(webhookDeliveries.id, deliveryId))
      .returning();
    await wakeEndpoint(ctx, tx, endpointId);
    const [event] = await tx.db
      .select({ type: webhookEvents.type })
      .from(webhookEvents)
      .where(eq(webhookEvents.id, row!.eventId));
    return toDeliveryView(row!, event!.type);
  });
}

export async function listDeliveries(ctx: AppContext, endpointId: string, query: DeliveryListQuery) {
  await findEndpoint(ctx, endpointId);
  const where: SQL[] = [eq(webhookDeliveries.endpointId, endpointId)];
  if (query.status) where.push(eq(webhookDeliveries.status, query.status));
  const condition = and(...where);
  const [rows, [total]] = await Promise.all([
    ctx.database.db
      .select({ delivery: webhookDeliveries, type: webhookEvents.type })
      .from(webhookDeliveries)
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(condition)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db.select({ n: count() }).from(webhookDeliveries).where(condition),
  ]);
  return {
    items: rows.map((r) => toDeliveryView(r.delivery, r.type)),
    meta: pageMeta(query, total?.n ?? 0),
  };
}

export function toDeliveryView(row: typeof webhookDeliveries.$inferSelect, type: string): DeliveryView {
  return {
    id: row.id,
    eventId: row.eventId,
    type,
    attempt: row.attempt,
    status: row.status,
    responseStatus: row.responseStatus,
    durationMs: row.durationMs,
    error: row.lastError,
    nextAttemptAt: row.nextAttemptAt ? row.nextAttemptAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
