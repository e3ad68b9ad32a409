import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { ok } from '../../platform/http';
import { AppError, conflict, notFound } from '../../platform/errors';
import { runIdempotentOutsideTransaction } from '../../platform/idempotency';
import { isViolation, UNIQUE_VIOLATION } from '../../platform/postgres-errors';
import type { AuthUser } from '../../platform/security';
import { getOrderForUser, lockOrder, setPaymentStatus } from '../orders/service';
import { SYSTEM, type AttemptRow } from './attempts';
import { providerFor, RazorpayProvider, type OrderToPay } from './providers';
import { paymentAttempts, type PaymentProviderName } from './tables';

// Starting a payment: the order to pay, one open attempt per order and provider, the provider call.

/** A CREATED attempt older than this belongs to a request that died before the provider answered. */
const ABANDONED_AFTER_MS = 60_000;
/** Stripe Checkout Sessions live 24 h; we hand out an open one for a little less. */
const SESSION_REUSE_MS = 23 * 3600_000;

const paymentInProgress = () =>
  new AppError(
    409,
    'PAYMENT_IN_PROGRESS',
    'A payment for this order is being started; retry shortly',
    undefined,
    {
      'retry-after': '1',
    },
  );

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
 * The order's open attempt with this provider, handed out again when it is PENDING for the same
 * amount (and, for Stripe, its session still lives); a fresh CREATED one is 409 (another request is
 * starting it); any other is retired (FAILED) so a new one can be claimed.
 */
async function reusableAttempt(
  ctx: AppContext,
  provider: 'STRIPE' | 'RAZORPAY',
  order: OrderToPay,
): Promise<AttemptRow | undefined> {
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
  if (!open) return undefined;
  const age = Date.now() - open.createdAt.getTime();
  const reusable =
    open.status === 'PENDING' &&
    open.amount === order.total &&
    open.currency === order.currency &&
    (provider !== 'STRIPE' || age < SESSION_REUSE_MS);
  if (reusable) return open;
  if (open.status === 'CREATED' && age < ABANDONED_AFTER_MS) throw paymentInProgress();
  await db
    .update(paymentAttempts)
    .set({
      status: 'FAILED',
      reason: open.status === 'CREATED' ? 'abandoned before the provider answered' : 'superseded',
      updatedAt: sql`now()`,
    })
    .where(and(eq(paymentAttempts.id, open.id), eq(paymentAttempts.status, open.status)));
  return undefined;
}

/** Claims the order's one open attempt (unique partial index: a concurrent claim is 409). */
async function claimAttempt(
  ctx: AppContext,
  provider: 'STRIPE' | 'RAZORPAY',
  order: OrderToPay,
): Promise<string> {
  const attemptId = randomUUID();
  try {
    await ctx.database.db
      .insert(paymentAttempts)
      .values({ id: attemptId, orderId: order.id, provider, amount: order.total, currency: order.currency });
  } catch (error) {
    if (isViolation(error, UNIQUE_VIOLATION)) throw paymentInProgress();
    throw error;
  }
  return attemptId;
}

/** Records the provider's answer on the attempt, and the order's paymentStatus PENDING, together. */
async function recordStarted(
  ctx: AppContext,
  provider: 'STRIPE' | 'RAZORPAY',
  orderId: string,
  attemptId: string,
  created: { providerOrderId: string; checkoutUrl: string | null },
): Promise<AttemptRow | undefined> {
  return ctx.database.transaction(async (tx) => {
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
    const current = await lockOrder(tx, orderId);
    if (
      current &&
      current.status === 'PENDING' &&
      (current.paymentStatus === 'UNPAID' || current.paymentStatus === 'FAILED')
    )
      await setPaymentStatus(ctx, tx, orderId, 'PENDING', SYSTEM, `${provider} payment started`);
    return row;
  });
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
  const open = await reusableAttempt(ctx, provider, order);
  if (open) return { attempt: open, created: false };
  const attemptId = await claimAttempt(ctx, provider, order);
  let created;
  try {
    created = await providerFor(ctx.config, provider).createPayment(attemptId, order);
  } catch (error) {
    await ctx.database.db
      .update(paymentAttempts)
      .set({ status: 'FAILED', reason: (error as Error).message.slice(0, 500), updatedAt: sql`now()` })
      .where(eq(paymentAttempts.id, attemptId));
    throw error;
  }
  const attempt = await recordStarted(ctx, provider, order.id, attemptId, created);
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
