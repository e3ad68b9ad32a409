import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { ok } from '../../platform/http';
import type { Tx } from '../../platform/db';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors';
import { runIdempotentOutsideTransaction } from '../../platform/idempotency';
import { isUuid } from '../../platform/ids';
import { isViolation, UNIQUE_VIOLATION } from '../../platform/postgres-errors';
import type { AuthUser } from '../../platform/security';
import { queueEmail } from '../notifications/service';
import { paymentFailedEmail } from '../notifications/templates';
import {
  findOrdersAwaitingRefund,
  getOrderForUser,
  lockOrder,
  markOrderPaid,
  ORDER_REFUND_JOB,
  setPaymentStatus,
  type OrderRow,
} from '../orders/service';
import { pendingRefundIds, processRefund, refundRemainder, REFUND_PROCESS_JOB } from './refunds';
import { providerFor, RazorpayProvider, type OrderToPay, type ProviderEvent } from './providers';
import { paymentAttempts, paymentEvents, type PaymentProviderName } from './tables';

export const PAYMENT_REFUND_JOB = ORDER_REFUND_JOB;

type AttemptRow = typeof paymentAttempts.$inferSelect;

const SYSTEM = { id: null, role: 'SYSTEM' as const };
/** A CREATED attempt older than this belongs to a request that died before the provider answered. */
const ABANDONED_AFTER_MS = 60_000;
/** Stripe Checkout Sessions live 24 h; we hand out an open one for a little less. */
const SESSION_REUSE_MS = 23 * 3600_000;

// ---------------------------------------------------------------- starting a payment

/** The caller's own PENDING, unpaid order paid by `provider`; others' orders are 404. */
async function payableOrder(
  ctx: AppContext,
  user: AuthUser,
  orderId: string,
  provider: PaymentProviderName,
): Promise<OrderToPay> {
  const order = await getOrderForUser(ctx, user, orderId);
  // Owner only, even for admins: nobody pays someone else's order.
  if (order.userId !== user.id) throw notFound('Order');
  if (order.status !== 'PENDING' || order.paymentStatus === 'PAID' || order.paymentStatus === 'REFUNDED')
    throw conflict(
      'ORDER_NOT_PAYABLE',
      `The order is ${order.status} (payment ${order.paymentStatus}) and cannot be paid`,
      [{ path: 'orderId', message: `status ${order.status}, paymentStatus ${order.paymentStatus}` }],
    );
  if (order.paymentMethod !== provider)
    throw conflict(
      'PAYMENT_METHOD_MISMATCH',
      `The order is to be paid by ${order.paymentMethod}, not ${provider}`,
      [{ path: 'orderId', message: `paymentMethod ${order.paymentMethod}` }],
    );
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    customerEmail: order.customerEmail,
    currency: order.currency,
    subtotal: order.subtotal,
    // Store credit already paid part of the order: it is taken off like a discount, and the
    // provider collects only `amountDue`.
    discount: order.discount + order.storeCredit,
    shipping: order.shipping,
    tax: order.tax,
    total: order.amountDue,
    items: order.items.map((i) => ({
      name: i.name,
      sku: i.sku,
      unitPrice: i.unitPrice,
      quantity: i.quantity,
    })),
  };
}

/**
 * One open attempt per order and provider: an open one for the same amount is handed out again
 * (repeating the request is safe); otherwise a new attempt row is claimed (unique partial index),
 * the provider is called OUTSIDE any transaction with our attempt id as idempotency key, and the
 * answer is recorded together with the order's paymentStatus PENDING.
 */
async function startAttempt(
  ctx: AppContext,
  provider: 'STRIPE' | 'RAZORPAY',
  order: OrderToPay,
): Promise<{ attempt: AttemptRow; created: boolean }> {
  const { db } = ctx.database;
  const [open] = await db
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.orderId, order.id),
        eq(paymentAttempts.provider, provider),
        inArray(paymentAttempts.status, ['CREATED', 'PENDING']),
      ),
    );
  if (open) {
    const age = Date.now() - open.createdAt.getTime();
    const reusable =
      open.status === 'PENDING' &&
      open.amount === order.total &&
      open.currency === order.currency &&
      (provider !== 'STRIPE' || age < SESSION_REUSE_MS);
    if (reusable) return { attempt: open, created: false };
    if (open.status === 'CREATED' && age < ABANDONED_AFTER_MS)
      throw new AppError(
        409,
        'PAYMENT_IN_PROGRESS',
        'A payment for this order is being started; retry shortly',
        undefined,
        {
          'retry-after': '1',
        },
      );
    await db
      .update(paymentAttempts)
      .set({
        status: 'FAILED',
        reason: open.status === 'CREATED' ? 'abandoned before the provider answered' : 'superseded',
        updatedAt: sql`now()`,
      })
      .where(and(eq(paymentAttempts.id, open.id), eq(paymentAttempts.status, open.status)));
  }

  const attemptId = randomUUID();
  try {
    await db
      .insert(paymentAttempts)
      .values({ id: attemptId, orderId: order.id, provider, amount: order.total, currency: order.currency });
  } catch (error) {
    if (isViolation(error, UNIQUE_VIOLATION))
      throw new AppError(
        409,
        'PAYMENT_IN_PROGRESS',
        'A payment for this order is being started; retry shortly',
        undefined,
        {
          'retry-after': '1',
        },
      );
    throw error;
  }

  let created;
  try {
    created = await providerFor(ctx.config, provider).createPayment(attemptId, order);
  } catch (error) {
    await db
      .update(paymentAttempts)
      .set({ status: 'FAILED', reason: (error as Error).message.slice(0, 500), updatedAt: sql`now()` })
      .where(eq(paymentAttempts.id, attemptId));
    throw error;
  }

  const attempt = await ctx.database.transaction(async (tx) => {
    const [row] = await tx.db
      .update(paymentAttempts)
      .set({
        status: 'PENDING',
        providerOrderId: created.providerOrderId,
        checkoutUrl: created.checkoutUrl,
        updatedAt: sql`now()`,
      })
      .where(and(eq(paymentAttempts.id, attemptId), eq(paymentAttempts.status, 'CREATED')))
      .returning();
    const current = await lockOrder(tx, order.id);
    if (
      current &&
      current.status === 'PENDING' &&
      (current.paymentStatus === 'UNPAID' || current.paymentStatus === 'FAILED')
    )
      await setPaymentStatus(ctx, tx, order.id, 'PENDING', SYSTEM, `${provider} payment started`);
    return row;
  });
  if (!attempt) throw conflict('PAYMENT_IN_PROGRESS', 'The payment attempt changed meanwhile; retry');
  return { attempt, created: true };
}

/** POST /payments/stripe/checkout-session. */
export async function createStripeCheckoutSession(
  ctx: AppContext,
  user: AuthUser,
  orderId: string,
  idempotencyKey?: string,
) {
  return runIdempotentOutsideTransaction(
    ctx,
    { scope: user.id, key: idempotencyKey, fingerprint: { route: 'stripe.checkout-session', orderId } },
    async () => {
      const order = await payableOrder(ctx, user, orderId, 'STRIPE');
      const { attempt, created } = await startAttempt(ctx, 'STRIPE', order);
      const data = {
        url: attempt.checkoutUrl!,
        sessionId: attempt.providerOrderId!,
        paymentId: attempt.id,
        amount: attempt.amount,
        currency: attempt.currency,
      };
      return {
        status: created ? 201 : 200,
        body: ok(data, created ? 'Checkout session created' : 'Checkout session open'),
      };
    },
  );
}

/** POST /payments/razorpay/order. */
export async function createRazorpayOrder(
  ctx: AppContext,
  user: AuthUser,
  orderId: string,
  idempotencyKey?: string,
) {
  const razorpay = new RazorpayProvider(ctx.config);
  const keyId = razorpay.keyId; // 503 before anything else when Razorpay is not configured
  return runIdempotentOutsideTransaction(
    ctx,
    { scope: user.id, key: idempotencyKey, fingerprint: { route: 'razorpay.order', orderId } },
    async () => {
      const order = await payableOrder(ctx, user, orderId, 'RAZORPAY');
      const { attempt, created } = await startAttempt(ctx, 'RAZORPAY', order);
      const data = {
        razorpayOrderId: attempt.providerOrderId!,
        amount: attempt.amount,
        currency: attempt.currency,
        keyId,
        orderId: order.id,
        paymentId: attempt.id,
      };
      return {
        status: created ? 201 : 200,
        body: ok(data, created ? 'Razorpay order created' : 'Razorpay order open'),
      };
    },
  );
}

// ---------------------------------------------------------------- provider events

/** The attempt an event is about: by our attempt id, else the provider's order id, else its payment id. */
async function findAttempt(
  tx: Tx,
  provider: PaymentProviderName,
  event: ProviderEvent,
): Promise<AttemptRow | undefined> {
  const keys = [
    event.attemptId && isUuid(event.attemptId) ? eq(paymentAttempts.id, event.attemptId) : undefined,
    event.providerOrderId ? eq(paymentAttempts.providerOrderId, event.providerOrderId) : undefined,
    event.providerPaymentId ? eq(paymentAttempts.providerPaymentId, event.providerPaymentId) : undefined,
  ];
  for (const key of keys) {
    if (!key) continue;
    const [row] = await tx.db
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.provider, provider), key))
      .orderBy(asc(paymentAttempts.createdAt))
      .limit(1);
    if (row) return row;
  }
  return undefined;
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

export type EventOutcome =
  'PAID' | 'FAILED' | 'FLAGGED' | 'NO_OP' | 'UNKNOWN_ORDER' | 'IGNORED' | 'DUPLICATE';

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
  const result = await ctx.database.transaction(async (tx) => {
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
    if (!inserted)
      return { duplicate: true, outcome: 'DUPLICATE' as EventOutcome, orderId: null, refund: false };

    const found = event.effect === 'IGNORE' ? undefined : await findAttempt(tx, provider, event);
    const candidate = event.orderId && isUuid(event.orderId) ? event.orderId : (found?.orderId ?? null);
    const order = event.effect === 'IGNORE' || !candidate ? undefined : await lockOrder(tx, candidate);
    let outcome: EventOutcome = 'IGNORED';
    let attemptId: string | null = null;
    let refund = false;

    if (event.effect !== 'IGNORE' && !order) {
      outcome = 'UNKNOWN_ORDER';
      ctx.log.warn(
        { provider, eventId: event.eventId, type: event.type, orderId: event.orderId },
        'payment event for an unknown order ignored',
      );
    } else if (order) {
      // Lock the attempt (or record the provider-side one we had not seen, e.g. a session created elsewhere).
      let attempt: AttemptRow | undefined;
      if (found && found.orderId === order.id) {
        [attempt] = await tx.db
          .select()
          .from(paymentAttempts)
          .where(eq(paymentAttempts.id, found.id))
          .for('update');
      }
      if (!attempt) {
        [attempt] = await tx.db
          .insert(paymentAttempts)
          .values({
            orderId: order.id,
            provider,
            providerOrderId: event.providerOrderId,
            providerPaymentId: event.providerPaymentId,
            amount: event.amount ?? order.total - order.storeCredit,
            currency: event.currency ?? order.currency,
            status: 'PENDING',
          })
          .onConflictDoNothing()
          .returning();
        attempt ??= (await findAttempt(tx, provider, event))!;
      }
      attemptId = attempt.id;
      const done = attempt.status === 'PAID' || attempt.status === 'REFUNDED';

      if (event.effect === 'PAID') {
        // Both must be reported and match: an event without an amount never marks an order paid.
        const amountDue = order.total - order.storeCredit;
        const amountOk = event.amount !== null && event.amount === amountDue;
        const currencyOk = event.currency !== null && event.currency.toUpperCase() === order.currency;
        if (done) outcome = 'NO_OP';
        else if (!amountOk || !currencyOk) {
          const reason = `provider reported ${event.amount ?? '?'} ${event.currency ?? '?'}, amount due is ${amountDue} ${order.currency}`;
          await tx.db
            .update(paymentAttempts)
            .set({
              status: 'FLAGGED',
              reason,
              providerPaymentId: event.providerPaymentId ?? attempt.providerPaymentId,
              updatedAt: sql`now()`,
            })
            .where(eq(paymentAttempts.id, attempt.id));
          ctx.log.warn(
            { provider, eventId: event.eventId, orderId: order.id, reason },
            'payment amount mismatch: flagged',
          );
          await alertAdmin(ctx, tx, order, provider, event.amount ?? 0, `amount mismatch: ${reason}`);
          outcome = 'FLAGGED';
        } else {
          await tx.db
            .update(paymentAttempts)
            .set({
              status: 'PAID',
              reason: null,
              providerPaymentId: event.providerPaymentId ?? attempt.providerPaymentId,
              updatedAt: sql`now()`,
            })
            .where(eq(paymentAttempts.id, attempt.id));
          if (order.status === 'CANCELLED' || order.status === 'REFUNDED') {
            // Paid after the order was cancelled: the money goes back.
            refund = true;
            ctx.log.warn(
              { provider, orderId: order.id },
              'payment captured for a cancelled order: refunding',
            );
          } else {
            await markOrderPaid(
              ctx,
              tx,
              order.id,
              `${provider} payment ${event.providerPaymentId ?? attempt.id}`,
            );
          }
          outcome = 'PAID';
        }
      } else if (event.effect === 'FAILED') {
        if (done || attempt.status === 'FAILED' || attempt.status === 'FLAGGED') outcome = 'NO_OP';
        else {
          const reason = event.reason ?? 'payment failed';
          await tx.db
            .update(paymentAttempts)
            .set({
              status: 'FAILED',
              reason,
              providerPaymentId: event.providerPaymentId ?? attempt.providerPaymentId,
              updatedAt: sql`now()`,
            })
            .where(eq(paymentAttempts.id, attempt.id));
          // Never downgrade: an order already paid (or refunded) keeps its payment status.
          if (order.paymentStatus === 'UNPAID' || order.paymentStatus === 'PENDING') {
            await setPaymentStatus(ctx, tx, order.id, 'FAILED', SYSTEM, `${provider}: ${reason}`);
            await alertAdmin(ctx, tx, order, provider, attempt.amount, reason);
          }
          outcome = 'FAILED';
        }
      }
    }
    await tx.db
      .update(paymentEvents)
      .set({ outcome, orderId: order?.id ?? null, attemptId })
      .where(eq(paymentEvents.id, inserted.id));
    if (refund && order)
      await ctx.jobs.enqueue(
        PAYMENT_REFUND_JOB,
        { orderId: order.id },
        { tx, singletonKey: `refund:${order.id}` },
      );
    return { duplicate: false, outcome, orderId: order?.id ?? null, refund };
  });
  return { duplicate: result.duplicate, outcome: result.outcome, orderId: result.orderId };
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

// ---------------------------------------------------------------- refunds

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
