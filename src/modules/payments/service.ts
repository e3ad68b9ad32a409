import { eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { findOrdersAwaitingRefund, ORDER_REFUND_JOB } from '../orders/service';
import { pendingRefundIds, processRefund, refundRemainder, REFUND_PROCESS_JOB } from './refunds';
import { paymentAttempts } from './tables';

// payments' face: starting a payment (start.ts), provider events (provider-events.ts), refunds
// (refunds.ts) and the jobs below. Providers live one per file behind providers.ts.
export { createRazorpayOrder, createStripeCheckoutSession } from './start';
export {
  applyProviderEvent,
  handleWebhook,
  verifyRazorpayPayment,
  type EventOutcome,
} from './provider-events';

export const PAYMENT_REFUND_JOB = ORDER_REFUND_JOB;

/** Orders cancelled while paid and not yet refunded (the periodic sweep catches missed triggers). */
async function ordersAwaitingRefund(ctx: AppContext): Promise<string[]> {
  const withCapturedPayment = ctx.database.db
    .select({ orderId: paymentAttempts.orderId })
    .from(paymentAttempts)
    .where(eq(paymentAttempts.status, 'PAID'));
  return findOrdersAwaitingRefund(ctx, withCapturedPayment, 100);
}

/**
 * `payments.refund` {orderId}: a cancelled (or refunded-by-hand) order gets what remains of its
 * payment back, once (see refundRemainder). Every 5 minutes without an order: the sweep for missed
 * triggers and for refunds still owed. `payments.refund.process` {refundId} carries out one refund.
 */
export function definePaymentJobs(ctx: AppContext): void {
  ctx.jobs.define<{ orderId?: string }>({
    name: PAYMENT_REFUND_JOB,
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
    cron: '*/5 * * * *',
    async handle(data) {
      const ids = data.orderId ? [data.orderId] : await ordersAwaitingRefund(ctx);
      for (const id of ids) await refundRemainder(ctx, id);
      if (!data.orderId) for (const id of await pendingRefundIds(ctx)) await processRefund(ctx, id);
    },
  });
  ctx.jobs.define<{ refundId: string }>({
    name: REFUND_PROCESS_JOB,
    retryLimit: 10,
    retryDelay: 15,
    retryBackoff: true,
    async handle(data) {
      await processRefund(ctx, data.refundId);
    },
  });
}
