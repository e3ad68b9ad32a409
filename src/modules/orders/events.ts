import type { AppContext } from '../../platform/context';
import type { OrderStatus, PaymentStatus, orders } from './tables';

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

export function defineOrderJobs(ctx: AppContext): void {
  for (const name of [ORDER_CREATED_JOB, ORDER_UPDATED_JOB]) {
    ctx.jobs.define<OrderEvent>({
      name,
      retryLimit: 3,
      async handle(event, job) {
        const { userId, ...payload } = event;
        ctx.log.debug({ jobId: job.id, event: name, ...event }, 'order event');
        // Socket.IO: admins hear about every order; the owner about their own order's changes.
        ctx.realtime.publish(name, payload, { userId, admins: true });
      },
    });
  }
}
