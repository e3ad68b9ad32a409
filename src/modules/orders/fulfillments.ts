import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { conflict, notFound, validationError } from '../../platform/errors';
import { ok } from '../../platform/http';
import { runIdempotent, type IdempotentResult } from '../../platform/idempotency';
import { queueEmail, storeForEmail } from '../notifications/service';
import { trackingEmail } from '../notifications/templates';
import type { CreateFulfillmentInput, FulfillmentView } from './fulfillment-schemas';
import { fulfillmentItems, fulfillments, orderItems, orders, type FulfillmentStatus } from './tables';
import { announceOrderChange } from './events';
import { lockOrder, transitionOrder, type OrderActor, type OrderRow } from './state-machine';
import { recordEvent } from '../webhooks/service';

type ItemRow = typeof orderItems.$inferSelect;

const SYSTEM: OrderActor = { id: null, role: 'SYSTEM' };

async function lockOrderRow(tx: Tx, orderId: string): Promise<OrderRow> {
  const row = await lockOrder(tx, orderId);
  if (!row) throw notFound('Order');
  return row;
}

/** The order's fulfillments with their items, oldest first. */
export async function listFulfillments(tx: Pick<Tx, 'db'>, orderId: string): Promise<FulfillmentView[]> {
  const rows = await tx.db
    .select()
    .from(fulfillments)
    .where(eq(fulfillments.orderId, orderId))
    .orderBy(asc(fulfillments.createdAt), asc(fulfillments.id));
  if (rows.length === 0) return [];
  const items = await tx.db
    .select()
    .from(fulfillmentItems)
    .where(
      inArray(
        fulfillmentItems.fulfillmentId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({
    id: r.id,
    items: items
      .filter((i) => i.fulfillmentId === r.id)
      .map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
    carrier: r.carrier,
    trackingNumber: r.trackingNumber,
    trackingUrl: r.trackingUrl,
    createdAt: r.createdAt.toISOString(),
    deliveredAt: r.deliveredAt ? r.deliveredAt.toISOString() : null,
  }));
}

/** Units of each order item not yet in a fulfillment. */
function remainingOf(items: ItemRow[], existing: FulfillmentView[]): Map<string, number> {
  const remaining = new Map(items.map((i) => [i.id, i.quantity]));
  for (const f of existing)
    for (const i of f.items) remaining.set(i.orderItemId, (remaining.get(i.orderItemId) ?? 0) - i.quantity);
  return remaining;
}

function statusOf(remaining: Map<string, number>, items: ItemRow[]): FulfillmentStatus {
  const left = [...remaining.values()].reduce((sum, n) => sum + n, 0);
  const all = items.reduce((sum, i) => sum + i.quantity, 0);
  return left === 0 ? 'FULFILLED' : left === all ? 'UNFULFILLED' : 'PARTIALLY_FULFILLED';
}

function chooseItems(
  input: CreateFulfillmentInput,
  remaining: Map<string, number>,
): Array<{ orderItemId: string; quantity: number }> {
  if (!input.items) {
    const everything = [...remaining]
      .filter(([, n]) => n > 0)
      .map(([orderItemId, quantity]) => ({ orderItemId, quantity }));
    if (everything.length === 0)
      throw conflict('FULFILLMENT_QUANTITY_EXCEEDED', 'Everything in this order is already fulfilled');
    return everything;
  }
  const unknown = input.items.filter((i) => !remaining.has(i.orderItemId));
  if (unknown.length > 0)
    throw validationError(
      'Unknown order items',
      unknown.map((i) => ({ path: 'items', message: `${i.orderItemId} is not an item of this order` })),
    );
  const over = input.items.filter((i) => i.quantity > remaining.get(i.orderItemId)!);
  if (over.length > 0)
    throw conflict(
      'FULFILLMENT_QUANTITY_EXCEEDED',
      'More than remains unfulfilled',
      over.map((i) => ({
        path: `items.${i.orderItemId}`,
        message: `requested ${i.quantity}, unfulfilled ${remaining.get(i.orderItemId)}`,
      })),
    );
  return input.items;
}

/** A cancelled or refunded order, or an online payment not yet received, cannot ship. */
function shippingBlocked(order: OrderRow): string | null {
  if (order.status === 'CANCELLED' || order.status === 'REFUNDED') return `The order is ${order.status}`;
  if (order.paymentMethod !== 'COD' && order.paymentStatus !== 'PAID')
    return 'The order is not paid yet; only cash-on-delivery orders ship before payment';
  return null;
}

/**
 * Walks the order towards `target` through the state machine (PENDING/PAID → PROCESSING → SHIPPED →
 * DELIVERED), one allowed transition at a time, each with its history row, mail and event.
 */
async function advanceOrder(
  ctx: AppContext,
  tx: Tx,
  order: OrderRow,
  target: 'PROCESSING' | 'SHIPPED' | 'DELIVERED',
  note: string,
) {
  const path = ['PROCESSING', 'SHIPPED', 'DELIVERED'] as const;
  let current = order;
  for (const step of path.slice(0, path.indexOf(target) + 1)) {
    if (path.indexOf(current.status as (typeof path)[number]) >= path.indexOf(step)) continue;
    current = (await transitionOrder(ctx, tx, order.id, step, SYSTEM, { note })).order;
  }
  return current;
}

/** order.updated for a shipment change; status and payment moves were announced by the state machine. */
async function announce(ctx: AppContext, tx: Tx, order: OrderRow): Promise<void> {
  await announceOrderChange(ctx, tx, order, order);
}

/**
 * POST /admin/orders/:id/fulfillments, inside the caller's transaction. The order row is locked,
 * so concurrent fulfillments of one order cannot ship more than was ordered. The order moves to
 * PROCESSING, and to SHIPPED once everything is fulfilled; the customer is mailed the items and the
 * tracking, and `order.updated` is emitted.
 */
export async function createFulfillment(
  ctx: AppContext,
  tx: Tx,
  orderId: string,
  input: CreateFulfillmentInput,
): Promise<FulfillmentView> {
  const order = await lockOrderRow(tx, orderId);
  const blocked = shippingBlocked(order);
  if (blocked)
    throw conflict('INVALID_STATE_TRANSITION', blocked, [{ path: 'status', message: order.status }]);
  const items = await tx.db.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  const remaining = remainingOf(items, await listFulfillments(tx, orderId));
  const chosen = chooseItems(input, remaining);

  const [row] = await tx.db
    .insert(fulfillments)
    .values({
      orderId,
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      trackingUrl: input.trackingUrl ?? null,
    })
    .returning();
  await tx.db.insert(fulfillmentItems).values(chosen.map((i) => ({ fulfillmentId: row!.id, ...i })));
  for (const i of chosen) remaining.set(i.orderItemId, remaining.get(i.orderItemId)! - i.quantity);
  const status = statusOf(remaining, items);
  await tx.db
    .update(orders)
    .set({ fulfillmentStatus: status, updatedAt: sql`now()` })
    .where(eq(orders.id, orderId));
  const moved = await advanceOrder(
    ctx,
    tx,
    order,
    status === 'FULFILLED' ? 'SHIPPED' : 'PROCESSING',
    `fulfillment ${input.carrier} ${input.trackingNumber}`,
  );
  const shipped = chosen.map((c) => ({ ...c, item: items.find((i) => i.id === c.orderItemId)! }));
  await queueEmail(ctx, tx, {
    to: order.customerEmail,
    ...trackingEmail(
      {
        orderId: order.id,
        orderNumber: order.orderNumber,
        customerName: order.customerName,
        carrier: input.carrier,
        trackingNumber: input.trackingNumber,
        trackingUrl: input.trackingUrl ?? null,
        items: shipped.map((s) => ({ name: s.item.name, sku: s.item.sku, quantity: s.quantity })),
        complete: status === 'FULFILLED',
      },
      storeForEmail(ctx),
    ),
  });
  const [latest] = await tx.db.select().from(orders).where(eq(orders.id, orderId));
  await announce(ctx, tx, latest ?? moved);
  const views = await listFulfillments(tx, orderId);
  const view = views.find((v) => v.id === row!.id)!;
  await recordEvent(ctx, tx, 'fulfillment.created', {
    orderId,
    orderNumber: order.orderNumber,
    fulfillmentStatus: status,
    ...view,
  });
  return view;
}

/**
 * POST /admin/orders/:id/fulfillments/:fulfillmentId/delivered: marks one shipment delivered (again
 * is a no-op). When every fulfillment of a fully fulfilled order is delivered, the order becomes
 * DELIVERED (cash on delivery: paid).
 */
export async function markFulfillmentDelivered(
  ctx: AppContext,
  tx: Tx,
  orderId: string,
  fulfillmentId: string,
): Promise<FulfillmentView> {
  const order = await lockOrderRow(tx, orderId);
  const [row] = await tx.db
    .select()
    .from(fulfillments)
    .where(and(eq(fulfillments.id, fulfillmentId), eq(fulfillments.orderId, orderId)));
  if (!row) throw notFound('Fulfillment');
  if (!row.deliveredAt) {
    if (order.status === 'CANCELLED' || order.status === 'REFUNDED')
      throw conflict('INVALID_STATE_TRANSITION', `The order is ${order.status}`, [
        { path: 'status', message: order.status },
      ]);
    await tx.db
      .update(fulfillments)
      .set({ deliveredAt: sql`now()` })
      .where(eq(fulfillments.id, fulfillmentId));
    const views = await listFulfillments(tx, orderId);
    if (order.fulfillmentStatus === 'FULFILLED' && views.every((v) => v.deliveredAt !== null))
      await advanceOrder(ctx, tx, order, 'DELIVERED', 'every shipment delivered');
    const [latest] = await tx.db.select().from(orders).where(eq(orders.id, orderId));
    await announce(ctx, tx, latest!);
  }
  return (await listFulfillments(tx, orderId)).find((v) => v.id === fulfillmentId)!;
}

/** POST /admin/orders/:id/fulfillments in its own transaction; with an Idempotency-Key a retry replays. */
export async function fulfillOrder(
  ctx: AppContext,
  adminId: string,
  orderId: string,
  input: CreateFulfillmentInput,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<{ success: true; message: string; data: FulfillmentView }>> {
  return runIdempotent(
    ctx,
    { scope: adminId, key: idempotencyKey, fingerprint: { route: 'fulfillment', orderId, input } },
    async (tx) => ({
      status: 201,
      body: ok(await createFulfillment(ctx, tx, orderId, input), 'Fulfillment created'),
    }),
  );
}

export async function deliverFulfillment(
  ctx: AppContext,
  orderId: string,
  fulfillmentId: string,
): Promise<FulfillmentView> {
  return ctx.database.transaction((tx) => markFulfillmentDelivered(ctx, tx, orderId, fulfillmentId));
}
