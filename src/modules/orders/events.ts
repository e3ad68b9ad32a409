import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { recordEvent, recordEvents, type WebhookEventData, type WebhookEventType } from '../webhooks/service';
import type { OrderStatus, PaymentStatus, orders } from './tables';

type OrderRow = typeof orders.$inferSelect;

export const ORDER_CREATED_JOB = 'order.created';
export const ORDER_UPDATED_JOB = 'order.updated';
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

export function eventOf(row: typeof orders.$inferSelect): OrderEvent {
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

/** A new order to Socket.IO (a job) and to outbound webhooks (the outbox), in the checkout's transaction. */
export async function announceOrderPlaced(
  ctx: AppContext,
  tx: Tx,
  row: OrderRow,
  view: Record<string, unknown>,
): Promise<void> {
  await ctx.jobs.enqueue(ORDER_CREATED_JOB, eventOf(row), { tx });
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
  await ctx.jobs.enqueue(ORDER_UPDATED_JOB, eventOf(after), { tx });
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

export function defineOrderJobs(ctx: AppContext): void {
  for (const name of [ORDER_CREATED_JOB, ORDER_UPDATED_JOB]) {
    ctx.jobs.define<OrderEvent>({
      name,
      retryLimit: 3,
      // One worker (events of an order reach Socket.IO in the order they were queued), fetching a
      // backlog 20 at a time: one fetch and one completion for a burst of checkouts, not one each.
      batchSize: 20,
      async handle(event, job) {
        const { userId, ...payload } = event;
        ctx.log.debug({ jobId: job.id, event: name, ...event }, 'order event');
        // Socket.IO: admins hear about every order; the owner about their own order's changes.
        ctx.realtime.publish(name, payload, { userId, admins: true });
      },
    });
  }
}
