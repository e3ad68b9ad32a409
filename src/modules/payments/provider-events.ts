import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { badRequest, notFound } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import type { AuthUser } from '../../platform/security';
import { queueEmail } from '../notifications/service';
import { paymentFailedEmail } from '../notifications/templates';
import {
  getOrderForUser,
  lockOrder,
  markOrderPaid,
  ORDER_REFUND_JOB,
  setPaymentStatus,
  type OrderRow,
} from '../orders/service';
import { findAttempt, SYSTEM, lockEventAttempt, settleAttempt, type AttemptRow } from './attempts';
import { providerFor, RazorpayProvider, type ProviderEvent } from './providers';
import { paymentAttempts, paymentEvents, type PaymentProviderName } from './tables';

// Provider events (webhooks, Razorpay's checkout confirmation): recorded once, applied to the
// order and its attempt in one transaction.

export type EventOutcome =
  'PAID' | 'FAILED' | 'FLAGGED' | 'NO_OP' | 'UNKNOWN_ORDER' | 'IGNORED' | 'DUPLICATE';

/** What applying an event to one order and attempt did; `refund`: paid after a cancellation. */
interface Applied {
  outcome: EventOutcome;
  refund: boolean;
}

async function alertAdmin(
  ctx: AppContext,
  tx: Tx,
  order: OrderRow,
  provider: string,
  amount: number,
  reason: string,
) {
  if (!ctx.config.ADMIN_EMAIL) return;
  await queueEmail(ctx, tx, {
    to: ctx.config.ADMIN_EMAIL,
    ...paymentFailedEmail({
      orderNumber: order.orderNumber,
      provider,
      amount,
      currency: order.currency,
      reason,
    }),
  });
}

/** A success: PAID when the amount due and the currency match, else FLAGGED with an admin alert. */
async function applyPaid(
  ctx: AppContext,
  tx: Tx,
  provider: PaymentProviderName,
  event: ProviderEvent,
  order: OrderRow,
  attempt: AttemptRow,
): Promise<Applied> {
  if (attempt.status === 'PAID' || attempt.status === 'REFUNDED') return { outcome: 'NO_OP', refund: false };
  // Both must be reported and match: an event without an amount never marks an order paid.
  const amountDue = order.total - order.storeCredit;
  const amountOk = event.amount !== null && event.amount === amountDue;
  const currencyOk = event.currency !== null && event.currency.toUpperCase() === order.currency;
  if (!amountOk || !currencyOk) {
    const reason = `provider reported ${event.amount ?? '?'} ${event.currency ?? '?'}, amount due is ${amountDue} ${order.currency}`;
    await settleAttempt(tx, attempt, event, 'FLAGGED', reason);
    ctx.log.warn(
      { provider, eventId: event.eventId, orderId: order.id, reason },
      'payment amount mismatch: flagged',
    );
    await alertAdmin(ctx, tx, order, provider, event.amount ?? 0, `amount mismatch: ${reason}`);
    return { outcome: 'FLAGGED', refund: false };
  }
  await settleAttempt(tx, attempt, event, 'PAID', null);
  if (order.status === 'CANCELLED' || order.status === 'REFUNDED') {
    // Paid after the order was cancelled: the money goes back.
    ctx.log.warn({ provider, orderId: order.id }, 'payment captured for a cancelled order: refunding');
    return { outcome: 'PAID', refund: true };
  }
  await markOrderPaid(ctx, tx, order.id, `${provider} payment ${event.providerPaymentId ?? attempt.id}`);
  return { outcome: 'PAID', refund: false };
}

/** A failure: FAILED, and the order's paymentStatus FAILED unless it is already paid (never downgraded). */
async function applyFailed(
  ctx: AppContext,
  tx: Tx,
  provider: PaymentProviderName,
  event: ProviderEvent,
  order: OrderRow,
  attempt: AttemptRow,
): Promise<Applied> {
  const settled = ['PAID', 'REFUNDED', 'FAILED', 'FLAGGED'].includes(attempt.status);
  if (settled) return { outcome: 'NO_OP', refund: false };
  const reason = event.reason ?? 'payment failed';
  await settleAttempt(tx, attempt, event, 'FAILED', reason);
  if (order.paymentStatus === 'UNPAID' || order.paymentStatus === 'PENDING') {
    await setPaymentStatus(ctx, tx, order.id, 'FAILED', SYSTEM, `${provider}: ${reason}`);
    await alertAdmin(ctx, tx, order, provider, attempt.amount, reason);
  }
  return { outcome: 'FAILED', refund: false };
}

/** Records (provider, event id) first: a duplicate delivery waits on the unique index, then finds it. */
async function recordEvent(tx: Tx, provider: PaymentProviderName, event: ProviderEvent) {
  const [inserted] = await tx.db
    .insert(paymentEvents)
    .values({
      provider,
      eventId: event.eventId,
      type: event.type,
      outcome: 'PROCESSING',
      payload: (event.payload ?? {}) as object,
    })
    .onConflictDoNothing({ target: [paymentEvents.provider, paymentEvents.eventId] })
    .returning({ id: paymentEvents.id });
  return inserted;
}

/**
 * Applies one provider event in ONE transaction: the (provider, event_id) row is inserted first
 * (a duplicate delivery waits on the unique index, then finds it and does nothing), then the order
 * and the attempt are locked (always in that order) and moved. Success after success, failure
 * after success and failure after failure are no-ops; success with the wrong amount or currency
 * flags the attempt and leaves the order unpaid, and so does success without an amount or currency.
 */
export async function applyProviderEvent(
  ctx: AppContext,
  provider: PaymentProviderName,
  event: ProviderEvent,
): Promise<{ duplicate: boolean; outcome: EventOutcome; orderId: string | null }> {
  return ctx.database.transaction(async (tx) => {
    const inserted = await recordEvent(tx, provider, event);
    if (!inserted) return { duplicate: true, outcome: 'DUPLICATE' as EventOutcome, orderId: null };
    const found = event.effect === 'IGNORE' ? undefined : await findAttempt(tx, provider, event);
    const candidate = event.orderId && isUuid(event.orderId) ? event.orderId : (found?.orderId ?? null);
    const order = event.effect === 'IGNORE' || !candidate ? undefined : await lockOrder(tx, candidate);
    let applied: Applied = { outcome: 'IGNORED', refund: false };
    let attemptId: string | null = null;
    if (event.effect !== 'IGNORE' && !order) {
      applied = { outcome: 'UNKNOWN_ORDER', refund: false };
      ctx.log.warn(
        { provider, eventId: event.eventId, type: event.type, orderId: event.orderId },
        'payment event for an unknown order ignored',
      );
    } else if (order) {
      const attempt = await lockEventAttempt(tx, provider, event, order, found);
      attemptId = attempt.id;
      if (event.effect === 'PAID') applied = await applyPaid(ctx, tx, provider, event, order, attempt);
      else if (event.effect === 'FAILED')
        applied = await applyFailed(ctx, tx, provider, event, order, attempt);
    }
    await tx.db
      .update(paymentEvents)
      .set({ outcome: applied.outcome, orderId: order?.id ?? null, attemptId })
      .where(eq(paymentEvents.id, inserted.id));
    if (applied.refund && order)
      await ctx.jobs.enqueue(
        ORDER_REFUND_JOB,
        { orderId: order.id },
        { tx, singletonKey: `refund:${order.id}` },
      );
    return { duplicate: false, outcome: applied.outcome, orderId: order?.id ?? null };
  });
}

/** POST /payments/{stripe,razorpay}/webhook: verify on the raw body, then apply once. */
export async function handleWebhook(
  ctx: AppContext,
  provider: 'STRIPE' | 'RAZORPAY',
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
) {
  const event = providerFor(ctx.config, provider).parseWebhook(rawBody, headers);
  return applyProviderEvent(ctx, provider, event);
}

/** POST /payments/razorpay/verify: Checkout's signed confirmation, applied like a webhook event. */
export async function verifyRazorpayPayment(
  ctx: AppContext,
  user: AuthUser,
  input: { orderId: string; razorpayOrderId: string; razorpayPaymentId: string; razorpaySignature: string },
) {
  const razorpay = new RazorpayProvider(ctx.config);
  const order = await getOrderForUser(ctx, user, input.orderId);
  if (order.userId !== user.id) throw notFound('Order');
  const [attempt] = await ctx.database.db
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.provider, 'RAZORPAY'),
        eq(paymentAttempts.providerOrderId, input.razorpayOrderId),
      ),
    );
  if (!attempt || attempt.orderId !== order.id)
    throw badRequest('VALIDATION_ERROR', 'Unknown Razorpay order for this order', [
      { path: 'razorpayOrderId', message: 'not a Razorpay order created for this order' },
    ]);
  if (
    !razorpay.verifyPaymentSignature(input.razorpayOrderId, input.razorpayPaymentId, input.razorpaySignature)
  )
    throw badRequest('INVALID_SIGNATURE', 'The payment signature does not match', [
      { path: 'razorpaySignature', message: 'HMAC-SHA256 mismatch' },
    ]);
  const { outcome } = await applyProviderEvent(ctx, 'RAZORPAY', {
    eventId: `verify:${input.razorpayPaymentId}`,
    type: 'checkout.verify',
    effect: 'PAID',
    orderId: order.id,
    providerOrderId: input.razorpayOrderId,
    providerPaymentId: input.razorpayPaymentId,
    // The signature proves Razorpay's order was paid; its amount is the one we created it with.
    amount: attempt.amount,
    currency: attempt.currency,
    reason: null,
    payload: { razorpayOrderId: input.razorpayOrderId, razorpayPaymentId: input.razorpayPaymentId },
  });
  const after = await getOrderForUser(ctx, user, order.id);
  return { orderId: after.id, status: after.status, paymentStatus: after.paymentStatus, outcome };
}
