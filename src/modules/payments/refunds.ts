import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { ok } from '../../platform/http';
import { runIdempotent, type IdempotentResult } from '../../platform/idempotency';
import {
  lockOrderForAfterSale,
  paidAmount,
  recordRefundedAmount,
  type AfterSaleOrder,
} from '../orders/after-sale';
import { creditRefund, creditReturnedFor } from '../store-credit/service';
import { recordEvent } from '../webhooks/service';
import { providerFor } from './providers';
import { refundViewOf, type RefundView } from './refund-views';
import { paymentAttempts, refunds, type RefundDestination } from './tables';

export const REFUND_PROCESS_JOB = 'payments.refund.process';

type RefundRow = typeof refunds.$inferSelect;

/** How long one processor holds a refund while it calls the provider. */
const LEASE_SECONDS = 60;
/** The first job retry waits a little, so the request that created the refund usually finishes it. */
const JOB_DELAY_SECONDS = 15;

export interface NewRefund {
  orderId: string;
  amount: number;
  reason: string;
  refundTo?: RefundDestination | undefined;
  returnId?: string | null;
  actorId?: string | null;
}

/** Σ of the order's refunds that count against what was paid (all of them: pending ones are owed). */
async function refundsTotal(tx: Tx, orderId: string): Promise<number> {
  const [row] = await tx.db
    .select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` })
    .from(refunds)
    .where(eq(refunds.orderId, orderId));
  return row?.total ?? 0;
}

/** What was paid: the order's total once paid, or what a provider captured (e.g. after a cancellation). */
async function paidFor(tx: Tx, order: AfterSaleOrder): Promise<number> {
  const [row] = await tx.db
    .select({ total: sql<number>`coalesce(sum(${paymentAttempts.amount}), 0)::int` })
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.orderId, order.id),
        inArray(paymentAttempts.status, ['PAID', 'REFUNDED']),
        sql`${paymentAttempts.provider} <> 'COD'`,
      ),
    );
  // Store credit spent on the order counts as captured; what a cancellation already gave back does not.
  const captured = (row?.total ?? 0) + order.storeCredit;
  const returned = order.storeCredit > 0 ? await creditReturnedFor(tx.db, order.id) : 0;
  return Math.max(paidAmount(order), captured) - returned;
}

/**
 * Where a refund goes: as asked, else store credit for cash on delivery (an admin records a manual
 * cash refund by asking for ORIGINAL) and the original payment otherwise. Store credit is in the
 * store's currency, so an order in another currency cannot be refunded to it.
 */
function destinationOf(ctx: AppContext, order: AfterSaleOrder, asked: RefundDestination | undefined) {
  const creditable = order.currency === ctx.config.DEFAULT_CURRENCY;
  if (asked === 'STORE_CREDIT' && !creditable)
    throw conflict(
      'CURRENCY_MISMATCH',
      `Store credit is in ${ctx.config.DEFAULT_CURRENCY}, the order in ${order.currency}`,
    );
  return asked ?? (order.paymentMethod === 'COD' && creditable ? 'STORE_CREDIT' : 'ORIGINAL');
}

/**
 * The part of an ORIGINAL refund that goes back as store credit: the payment method never returns
 * more than it collected (`total − storeCredit`, less its earlier refunds), so for an order paid
 * partly with credit the rest of the refund goes back to the credit.
 */
async function creditShareOf(tx: Tx, order: AfterSaleOrder, amount: number): Promise<number> {
  if (order.storeCredit === 0) return 0;
  const [row] = await tx.db
    .select({ total: sql<number>`coalesce(sum(${refunds.amount} - ${refunds.storeCreditAmount}), 0)::int` })
    .from(refunds)
    .where(eq(refunds.orderId, order.id));
  const methodLeft = Math.max(0, order.total - order.storeCredit - (row?.total ?? 0));
  return Math.max(0, amount - methodLeft);
}

/** The captured online payment of the order (most recent), refunded by ORIGINAL refunds. */
async function capturedAttempt(tx: Tx, orderId: string) {
  const [row] = await tx.db
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.orderId, orderId), inArray(paymentAttempts.status, ['PAID', 'REFUNDED'])))
    .orderBy(desc(paymentAttempts.createdAt))
    .limit(1);
  return row && row.provider !== 'COD' ? row : undefined;
}

/**
 * Records a refund (PENDING) inside the caller's transaction. The order row is locked first, so
 * concurrent refunds are decided one at a time and Σ refunds never exceeds what was paid (409
 * REFUND_EXCEEDS_PAID). A job to carry it out is queued in the same transaction, so the refund
 * exists, and will be paid, exactly when the transaction commits; `refund.created` is recorded too.
 */
export async function createRefund(ctx: AppContext, tx: Tx, input: NewRefund): Promise<RefundRow> {
  const order = await lockOrderForAfterSale(tx, input.orderId);
  if (!order) throw notFound('Order');
  const paid = await paidFor(tx, order);
  const refundable = paid - (await refundsTotal(tx, order.id));
  if (input.amount > refundable)
    throw conflict('REFUND_EXCEEDS_PAID', 'The refunds would exceed what was paid for the order', [
      {
        path: 'amount',
        message: `requested ${input.amount}, refundable ${Math.max(0, refundable)} of ${paid}`,
      },
    ]);
  const refundTo = destinationOf(ctx, order, input.refundTo);
  const creditShare =
    refundTo === 'STORE_CREDIT' ? input.amount : await creditShareOf(tx, order, input.amount);
  const attempt =
    refundTo === 'ORIGINAL' && creditShare < input.amount ? await capturedAttempt(tx, order.id) : undefined;
  const [row] = await tx.db
    .insert(refunds)
    .values({
      orderId: order.id,
      amount: input.amount,
      storeCreditAmount: creditShare,
      currency: order.currency,
      reason: input.reason,
      refundTo,
      method:
        refundTo === 'STORE_CREDIT' || creditShare === input.amount
          ? 'STORE_CREDIT'
          : (attempt?.provider ?? 'MANUAL'),
      attemptId: attempt?.id ?? null,
      returnId: input.returnId ?? null,
      actorId: input.actorId ?? null,
    })
    .returning();
  await ctx.jobs.enqueue(
    REFUND_PROCESS_JOB,
    { refundId: row!.id },
    { tx, startAfterSeconds: JOB_DELAY_SECONDS, singletonKey: `refund-record:${row!.id}` },
  );
  await recordEvent(ctx, tx, 'refund.created', { ...refundViewOf(row!), orderNumber: order.orderNumber });
  return row!;
}

/** Takes the refund for one processor (a lease), or undefined when it is done or someone holds it. */
async function claim(ctx: AppContext, refundId: string): Promise<RefundRow | undefined> {
  const [row] = await ctx.database.db
    .update(refunds)
    .set({
      lockedUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
      tries: sql`${refunds.tries} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(refunds.id, refundId),
        eq(refunds.status, 'PENDING'),
        or(isNull(refunds.lockedUntil), lt(refunds.lockedUntil, sql`now()`)),
      ),
    )
    .returning();
  return row;
}

/** Pays the refund out: the provider (keyed by the refund id), a manual record, or store credit. */
async function payOut(ctx: AppContext, refund: RefundRow): Promise<string> {
  if (refund.method === 'MANUAL') return `manual-${refund.id}`;
  if (refund.method === 'STORE_CREDIT') return `credit-${refund.id}`;
  // The credit share is credited when the refund settles; the provider returns the rest.
  const [attempt] = await ctx.database.db
    .select()
    .from(paymentAttempts)
    .where(eq(paymentAttempts.id, refund.attemptId ?? ''));
  if (!attempt) throw new Error(`refund ${refund.id}: its payment attempt is gone`);
  const { refundId } = await providerFor(ctx.config, attempt.provider).refund({
    id: refund.id,
    orderId: refund.orderId,
    amount: refund.amount - refund.storeCreditAmount,
    providerPaymentId: attempt.providerPaymentId,
  });
  return refundId;
}

/** Marks the refund SUCCEEDED and the order's refunded amount and payment status, in one transaction. */
async function settle(ctx: AppContext, refund: RefundRow, providerRefundId: string): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const order = await lockOrderForAfterSale(tx, refund.orderId);
    const [done] = await tx.db
      .update(refunds)
      .set({
        status: 'SUCCEEDED',
        providerRefundId,
        succeededAt: sql`now()`,
        lockedUntil: null,
        lastError: null,
      })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'PENDING')))
      .returning();
    if (!done || !order) return;
    if (done.storeCreditAmount > 0) await creditRefund(ctx, tx, creditOf(done, order));
    const amounts = { refunded: await succeededTotal(tx, order.id), paid: await paidFor(tx, order) };
    await recordRefundedAmount(
      ctx,
      tx,
      order.id,
      amounts,
      { id: null, role: 'SYSTEM' },
      `refund ${refund.id}`,
    );
    await markAttemptRefunded(tx, refund.attemptId, providerRefundId);
  });
}

function creditOf(refund: RefundRow, order: AfterSaleOrder) {
  return {
    refundId: refund.id,
    orderId: order.id,
    orderNumber: order.orderNumber,
    amount: refund.storeCreditAmount,
    currency: refund.currency,
    customer: { userId: order.userId, email: order.customerEmail, name: order.customerName },
  };
}

async function succeededTotal(tx: Tx, orderId: string): Promise<number> {
  const [row] = await tx.db
    .select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), eq(refunds.status, 'SUCCEEDED')));
  return row?.total ?? 0;
}

/** An attempt whose amount is fully refunded becomes REFUNDED. */
async function markAttemptRefunded(tx: Tx, attemptId: string | null, providerRefundId: string) {
  if (!attemptId) return;
  await tx.db
    .update(paymentAttempts)
    .set({ status: 'REFUNDED', refundId: providerRefundId, refundedAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        eq(paymentAttempts.id, attemptId),
        eq(paymentAttempts.status, 'PAID'),
        sql`${paymentAttempts.amount} <= (SELECT coalesce(sum(r.amount - r.store_credit_amount), 0) FROM refunds r WHERE r.attempt_id = ${attemptId} AND r.status = 'SUCCEEDED')`,
      ),
    );
}

/**
 * Carries out a PENDING refund, outside any transaction: claims it (one processor at a time), calls
 * the provider with the refund id as idempotency key, then settles it. A failure is recorded on the
 * row and rethrown, so the job retries; the refund stays owed until it succeeds. Safe to repeat.
 */
export async function processRefund(ctx: AppContext, refundId: string): Promise<void> {
  const refund = await claim(ctx, refundId);
  if (!refund) return;
  let providerRefundId: string;
  try {
    providerRefundId = await payOut(ctx, refund);
  } catch (error) {
    await ctx.database.db
      .update(refunds)
      .set({ lastError: (error as Error).message.slice(0, 500), lockedUntil: null, updatedAt: sql`now()` })
      .where(eq(refunds.id, refund.id));
    throw error;
  }
  await settle(ctx, refund, providerRefundId);
}

/** The remainder of what was paid for a cancelled (or refunded-by-hand) order, refunded once. */
export async function refundRemainder(ctx: AppContext, orderId: string): Promise<void> {
  const pending = await ctx.database.transaction(async (tx) => {
    const order: AfterSaleOrder | undefined = await lockOrderForAfterSale(tx, orderId);
    if (!order || (order.status !== 'CANCELLED' && order.status !== 'REFUNDED')) return [];
    const remainder = (await paidFor(tx, order)) - (await refundsTotal(tx, orderId));
    if (remainder > 0)
      await createRefund(ctx, tx, {
        orderId,
        amount: remainder,
        reason: order.status === 'CANCELLED' ? 'order cancelled' : 'order refunded',
      });
    return tx.db
      .select({ id: refunds.id })
      .from(refunds)
      .where(and(eq(refunds.orderId, orderId), eq(refunds.status, 'PENDING')));
  });
  for (const { id } of pending) await processRefund(ctx, id);
}

/** Refunds still owed (for the periodic sweep), oldest first. */
export async function pendingRefundIds(ctx: AppContext, limit = 100): Promise<string[]> {
  const rows = await ctx.database.db
    .select({ id: refunds.id })
    .from(refunds)
    .where(eq(refunds.status, 'PENDING'))
    .orderBy(refunds.createdAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * POST /admin/orders/:id/refunds: the refund is recorded (at most once per Idempotency-Key), then
 * carried out at once; if the provider fails it stays PENDING and the job retries it.
 */
export async function refundOrderPayment(
  ctx: AppContext,
  adminId: string,
  orderId: string,
  input: { amount: number; reason: string; refundTo?: RefundDestination | undefined },
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<{ success: true; message: string; data: RefundView }>> {
  const result = await runIdempotent(
    ctx,
    { scope: adminId, key: idempotencyKey, fingerprint: { route: 'order.refund', orderId, input } },
    async (tx) => {
      const row = await createRefund(ctx, tx, { orderId, ...input, actorId: adminId });
      return { status: 201, body: ok(refundViewOf(row), 'Refund created') };
    },
  );
  if (result.replayed) return result;
  const refundId = result.body.data.id;
  await processNow(ctx, refundId);
  const [row] = await ctx.database.db.select().from(refunds).where(eq(refunds.id, refundId));
  return { ...result, body: ok(refundViewOf(row!), 'Refund created') };
}

/** Tries a new refund right away; a failure is left to the job (the refund stays PENDING, nothing is lost). */
export async function processNow(ctx: AppContext, refundId: string): Promise<void> {
  try {
    await processRefund(ctx, refundId);
  } catch (err) {
    ctx.log.warn({ err, refundId }, 'refund failed; the job retries it');
  }
}

export type { RefundView };
