import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { queueRealtimeEvent } from '../notifications/service';
import { recordEvent, recordEvents, type WebhookEventData, type WebhookEventType } from '../webhooks/service';
import type { OrderStatus, PaymentStatus, orders } from './tables';

type OrderRow = typeof orders.$inferSelect;

export const ORDER_CREATED_EVENT = 'order.created';
const ORDER_UPDATED_EVENT = 'order.updated';
/**
 * Queued in the same transaction that cancels (or refunds after delivery) a paid order, so the
 * refund can't be forgotten; the payments module handles it (refund through the provider, or a
 * manual record for cash on delivery, then paymentStatus REFUNDED).
 */
export const ORDER_REFUND_JOB = 'payments.refund';

/** Payload of `order.created` / `order.updated` (the Socket.IO event payload, plus the owner for routing). */
export interface OrderEvent {
  orderId: string;
  orderNumber: string;
  userId: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  updatedAt: string;
}

function eventOf(row: typeof orders.$inferSelect): OrderEvent {
  return {
    orderId: row.id,
    orderNumber: row.orderNumber,
    userId: row.userId,
    status: row.status,
    paymentStatus: row.paymentStatus,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What integrators hear about an order change; `order.created` carries the whole order view. */
function webhookDataOf(row: OrderRow) {
  return {
    id: row.id,
    orderNumber: row.orderNumber,
    userId: row.userId,
    customerEmail: row.customerEmail,
    status: row.status,
    paymentStatus: row.paymentStatus,
    fulfillmentStatus: row.fulfillmentStatus,
    paymentMethod: row.paymentMethod,
    currency: row.currency,
    total: row.total,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * A new order to outbound webhooks (their outbox), in the checkout's transaction. Its Socket.IO
 * `order.created` is recorded by the order's own insert (socketEventOf, placed-rows.ts).
 */
export async function announceOrderPlaced(
  ctx: AppContext,
  tx: Tx,
  view: Record<string, unknown>,
): Promise<void> {
  await recordEvent(ctx, tx, 'order.created', view);
}

/**
 * An order change to Socket.IO and to outbound webhooks, in the change's transaction:
 * `order.updated` always, `order.cancelled` when it became CANCELLED, `payment.succeeded` /
 * `payment.failed` when its payment status became PAID / FAILED.
 */
export async function announceOrderChange(
  ctx: AppContext,
  tx: Tx,
  before: Pick<OrderRow, 'status' | 'paymentStatus'>,
  after: OrderRow,
): Promise<void> {
  await announceToSockets(ctx, tx, ORDER_UPDATED_EVENT, after);
  const data = webhookDataOf(after);
  const events: Array<{ type: WebhookEventType; data: WebhookEventData }> = [{ type: 'order.updated', data }];
  if (after.status === 'CANCELLED' && before.status !== 'CANCELLED')
    events.push({ type: 'order.cancelled', data });
  if (after.paymentStatus !== before.paymentStatus) {
    const payment = {
      orderId: after.id,
      orderNumber: after.orderNumber,
      paymentMethod: after.paymentMethod,
      amount: after.total,
      currency: after.currency,
    };
    if (after.paymentStatus === 'PAID') events.push({ type: 'payment.succeeded', data: payment });
    if (after.paymentStatus === 'FAILED') events.push({ type: 'payment.failed', data: payment });
  }
  await recordEvents(ctx, tx, events);
}

/** An order's Socket.IO event: admins hear about every order, the owner about their own. */
export function socketEventOf(name: string, row: OrderRow) {
  const { userId, ...payload } = eventOf(row);
  return { event: name, payload, audience: { userId, admins: true } };
}

async function announceToSockets(ctx: AppContext, tx: Tx, name: string, row: OrderRow): Promise<void> {
  const { event, payload, audience } = socketEventOf(name, row);
  await queueRealtimeEvent(ctx, tx, event, payload, audience);
}
