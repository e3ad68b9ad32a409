import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { restoreStock } from '../inventory/service';
import { queueEmail } from '../notifications/service';
import { orderStatusEmail } from '../notifications/templates';
import { refundedCreditShares } from '../payments/refund-views';
import { returnOrderCredit } from '../store-credit/service';
import { announceOrderChange, ORDER_REFUND_JOB } from './events';
import { orderItems, orderStatusHistory, orders, type OrderStatus, type PaymentStatus } from './tables';

/** Who changed an order: a customer, an admin, or the system (payments webhooks, jobs). */
export interface OrderActor {
  id: string | null;
  role: 'CUSTOMER' | 'ADMIN' | 'SYSTEM';
}

export type OrderRow = typeof orders.$inferSelect;

/**
 * The one transition table. Guards on top of it (see `transitionError`): PENDING → PROCESSING only
 * for cash on delivery; an admin marks PENDING → PAID only for COD (online payments are confirmed
 * by the payments module as SYSTEM); customers may only cancel, and only from PENDING or PAID.
 * A transition to the current state is a no-op, never an error.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['PAID', 'PROCESSING', 'CANCELLED'],
  PAID: ['PROCESSING', 'CANCELLED'],
  PROCESSING: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: ['REFUNDED'],
  CANCELLED: [],
  REFUNDED: [],
};

/** Statuses whose arrival is mailed to the customer. */
const MAILED_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'PAID',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'REFUNDED',
]);

export function transitionError(
  order: Pick<OrderRow, 'status' | 'paymentMethod'>,
  to: OrderStatus,
  actor: OrderActor,
): string | null {
  const from = order.status;
  if (!ORDER_TRANSITIONS[from].includes(to)) return `An order that is ${from} cannot become ${to}`;
  if (actor.role === 'CUSTOMER' && !(to === 'CANCELLED' && (from === 'PENDING' || from === 'PAID')))
    return from === 'PENDING' || from === 'PAID'
      ? 'Customers can only cancel an order'
      : `The order is ${from} and can no longer be cancelled; contact support`;
  if (from === 'PENDING' && to === 'PROCESSING' && order.paymentMethod !== 'COD')
    return 'Only cash-on-delivery orders go to PROCESSING before payment';
  if (from === 'PENDING' && to === 'PAID' && actor.role === 'ADMIN' && order.paymentMethod !== 'COD')
    return 'Online payments are confirmed by the payment provider, not by hand';
  return null;
}

function paymentStatusAfter(order: OrderRow, to: OrderStatus): PaymentStatus {
  if (to === 'PAID') return 'PAID';
  if (to === 'REFUNDED') return 'REFUNDED';
  if (to === 'DELIVERED' && order.paymentMethod === 'COD') return 'PAID';
  // Paid in full with store credit: cancelling gives the credit back at once, nothing is left to refund.
  if (
    to === 'CANCELLED' &&
    order.paymentStatus === 'PAID' &&
    order.storeCredit > 0 &&
    order.storeCredit === order.total
  )
    return 'REFUNDED';
  // Cancelling a PAID order keeps paymentStatus PAID until the payments module records the refund.
  return order.paymentStatus;
}

/** The order row, locked FOR UPDATE until the transaction ends: every change to an order starts here. */
export async function lockOrder(tx: Tx, orderId: string): Promise<OrderRow | undefined> {
  const [row] = await tx.db.select().from(orders).where(eq(orders.id, orderId)).for('update');
  return row;
}

/**
 * Moves an order to `to` inside the caller's transaction: locks the order row, checks the
 * transition, updates with a conditional `WHERE status = <from>`, writes the history row, restores
 * stock on cancellation (exactly once: a repeated or concurrent cancel finds CANCELLED and is a
 * no-op), and enqueues the email and `order.updated`. Returns the row and whether it changed.
 * The caller invalidates the catalog cache after commit when `restocked`.
 */
export async function transitionOrder(
  ctx: AppContext,
  tx: Tx,
  orderId: string,
  to: OrderStatus,
  actor: OrderActor,
  options: { note?: string | null | undefined; ownerId?: string } = {},
): Promise<{ order: OrderRow; changed: boolean; restocked: boolean }> {
  const current = await lockOrder(tx, orderId);
  if (!current || (options.ownerId && current.userId !== options.ownerId)) throw notFound('Order');
  if (current.status === to) return { order: current, changed: false, restocked: false };
  const problem = transitionError(current, to, actor);
  if (problem)
    throw conflict('INVALID_STATE_TRANSITION', problem, [
      { path: 'status', message: `${current.status} → ${to}` },
    ]);

  const nextPayment = paymentStatusAfter(current, to);
  const [updated] = await tx.db
    .update(orders)
    .set({ status: to, paymentStatus: nextPayment, updatedAt: sql`now()` })
    .where(and(eq(orders.id, orderId), eq(orders.status, current.status)))
    .returning();
  if (!updated) throw conflict('INVALID_STATE_TRANSITION', 'The order changed meanwhile; reload it');
  await tx.db.insert(orderStatusHistory).values({
    orderId,
    fromStatus: current.status,
    toStatus: to,
    paymentStatus: nextPayment,
    actorId: actor.id,
    actorRole: actor.role,
    note: options.note ?? null,
  });

  let restocked = false;
  if (to === 'CANCELLED') {
    const lines = await tx.db
      .select({ variantId: orderItems.variantId, quantity: orderItems.quantity })
      .from(orderItems)
      .where(eq(orderItems.orderId, orderId));
    const restorable = lines.flatMap((l) =>
      l.variantId ? [{ variantId: l.variantId, quantity: l.quantity }] : [],
    );
    if (restorable.length > 0) {
      await restoreStock(ctx, tx, restorable, {
        orderId,
        actorId: actor.id,
        note: `order ${current.orderNumber} cancelled`,
      });
      restocked = true;
    }
  }
  if (to === 'CANCELLED' && current.storeCredit > 0)
    // What store credit paid goes back, less the credit shares of refunds made or still owed
    // (a PENDING refund credits its share when it settles); exactly once: unique per order.
    await returnOrderCredit(ctx, tx, {
      userId: current.userId,
      orderId,
      amount: current.storeCredit - (await refundedCreditShares(tx, orderId)),
      actorId: actor.id,
      note: `order ${current.orderNumber} cancelled`,
    });
  const moneyHeld = current.paymentStatus === 'PAID' || current.paymentStatus === 'PARTIALLY_REFUNDED';
  if (moneyHeld && (to === 'CANCELLED' || to === 'REFUNDED')) {
    await ctx.jobs.enqueue(ORDER_REFUND_JOB, { orderId }, { tx, singletonKey: `refund:${orderId}` });
  }
  if (MAILED_STATUSES.has(to))
    await queueEmail(ctx, tx, { to: updated.customerEmail, ...orderStatusEmail(updated) });
  await announceOrderChange(ctx, tx, current, updated);
  return { order: updated, changed: true, restocked };
}

/**
 * Payments: records a payment status that does not move the order (PENDING when a session starts,
 * FAILED, REFUNDED after a cancelled PAID order is refunded), with a history row and `order.updated`.
 */
export async function setPaymentStatus(
  ctx: AppContext,
  tx: Tx,
  orderId: string,
  paymentStatus: PaymentStatus,
  actor: OrderActor,
  note?: string,
): Promise<OrderRow> {
  const current = await lockOrder(tx, orderId);
  if (!current) throw notFound('Order');
  if (current.paymentStatus === paymentStatus) return current;
  const [updated] = await tx.db
    .update(orders)
    .set({ paymentStatus, updatedAt: sql`now()` })
    .where(eq(orders.id, orderId))
    .returning();
  await tx.db.insert(orderStatusHistory).values({
    orderId,
    fromStatus: current.status,
    toStatus: current.status,
    paymentStatus,
    actorId: actor.id,
    actorRole: actor.role,
    note: note ?? `payment ${paymentStatus}`,
  });
  await announceOrderChange(ctx, tx, current, updated!);
  return updated!;
}

/** Payments: the provider confirmed the payment. PENDING → PAID as SYSTEM; already PAID (or later) is a no-op. */
export async function markOrderPaid(
  ctx: AppContext,
  tx: Tx,
  orderId: string,
  note?: string,
): Promise<OrderRow> {
  const current = await lockOrder(tx, orderId);
  if (!current) throw notFound('Order');
  if (current.status !== 'PENDING') {
    if (current.paymentStatus !== 'PAID' && current.status !== 'CANCELLED')
      return setPaymentStatus(ctx, tx, orderId, 'PAID', { id: null, role: 'SYSTEM' }, note);
    return current;
  }
  const { order } = await transitionOrder(ctx, tx, orderId, 'PAID', { id: null, role: 'SYSTEM' }, { note });
  return order;
}
