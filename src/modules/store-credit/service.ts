import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { ok } from '../../platform/http';
import { runIdempotent, type IdempotentResult } from '../../platform/idempotency';
import { offsetOf, pageMeta, type PageMeta, type Pagination } from '../../platform/pagination';
import { storeCreditEmail } from '../notifications/return-emails';
import { queueEmail, storeForEmail } from '../notifications/service';
import { findUserById } from '../users/service';
import {
  addCredit,
  balanceOf,
  creditReturnedFor,
  lockedBalance,
  takeCredit,
  transactionView,
  transactionsOf,
  type LedgerLine,
} from './ledger';
import type { AdjustmentResult, AdjustStoreCreditInput, StoreCreditView } from './schemas';

// The store-credit module's public face: the customer's ledger, admin adjustments, and the steps
// checkout, orders and refunds take inside their own transactions.
export { creditReturnedFor };

/** GET /users/me/store-credit: the balance and a page of the transactions, newest first. */
export async function getStoreCredit(
  ctx: AppContext,
  userId: string,
  page: Pagination,
): Promise<{ view: StoreCreditView; meta: PageMeta }> {
  const { db } = ctx.database;
  const [balance, { rows, total }] = await Promise.all([
    balanceOf(db, userId),
    transactionsOf(db, userId, { limit: page.limit, offset: offsetOf(page) }),
  ]);
  return {
    view: { balance, currency: ctx.config.DEFAULT_CURRENCY, transactions: rows.map(transactionView) },
    meta: pageMeta(page, total),
  };
}

/** The mail telling the customer credit was added, committed with the credit. */
async function mailCreditAdded(
  ctx: AppContext,
  tx: Tx,
  to: { email: string; name: string },
  credit: { amount: number; balance: number; currency: string; reason: string },
): Promise<void> {
  await queueEmail(ctx, tx, {
    to: to.email,
    ...storeCreditEmail({ customerName: to.name, ...credit }, storeForEmail(ctx)),
  });
}

/**
 * POST /admin/users/:id/store-credit: a grant (> 0, mailed to the customer) or a debit (< 0, never
 * below 0: 409 INSUFFICIENT_STORE_CREDIT). Unknown user → 404. At most once per Idempotency-Key.
 */
export async function adjustStoreCredit(
  ctx: AppContext,
  adminId: string,
  userId: string,
  input: AdjustStoreCreditInput,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<{ success: true; message: string; data: AdjustmentResult }>> {
  return runIdempotent(
    ctx,
    { scope: adminId, key: idempotencyKey, fingerprint: { route: 'store-credit.adjust', userId, input } },
    async (tx) => {
      const user = await findUserById(ctx, userId, tx.db);
      if (!user) throw notFound('User');
      const currency = ctx.config.DEFAULT_CURRENCY;
      const line: LedgerLine = { userId, currency, reason: 'ADJUSTMENT', actorId: adminId, ...input };
      const done = input.amount > 0 ? (await addCredit(tx, line))! : await takeCredit(tx, line);
      if (input.amount > 0)
        await mailCreditAdded(ctx, tx, user, {
          ...input,
          balance: done.balance,
          currency,
          reason: input.note,
        });
      const data = { transaction: transactionView(done.row), balance: done.balance, currency };
      return { status: 201, body: ok(data, 'Store credit adjusted') };
    },
  );
}

/** Cart quote: what the credit would pay of `total` now (nothing is taken). */
export async function previewStoreCredit(ctx: AppContext, userId: string, total: number): Promise<number> {
  return Math.min(await balanceOf(ctx.database.db, userId), total);
}

/**
 * Checkout step: the balance pays up to `total` of the order. The balance row is locked first, so
 * a concurrent checkout or admin debit of the same customer waits and then sees what is left.
 * Returns what the credit paid (0 when there is none). The order's currency must be the store's.
 */
export async function spendStoreCredit(
  ctx: AppContext,
  tx: Tx,
  input: { userId: string; orderId: string; total: number; currency: string },
): Promise<number> {
  const balance = await lockedBalance(tx, input.userId);
  const amount = Math.min(balance, input.total);
  if (amount <= 0) return 0;
  if (input.currency !== ctx.config.DEFAULT_CURRENCY)
    throw conflict(
      'CURRENCY_MISMATCH',
      `Store credit is in ${ctx.config.DEFAULT_CURRENCY}, the order in ${input.currency}`,
    );
  await takeCredit(tx, { ...input, amount: -amount, reason: 'CHECKOUT', actorId: input.userId });
  return amount;
}

/** Orders: a cancelled order gives back the credit it spent, exactly once (unique per order). */
export async function returnOrderCredit(
  ctx: AppContext,
  tx: Tx,
  input: { userId: string; orderId: string; amount: number; actorId: string | null; note: string },
): Promise<void> {
  if (input.amount <= 0) return;
  await addCredit(tx, { ...input, currency: ctx.config.DEFAULT_CURRENCY, reason: 'ORDER_CANCELLED' });
}

/** Payments: a refund to store credit, credited exactly once (unique per refund) and mailed. */
export async function creditRefund(
  ctx: AppContext,
  tx: Tx,
  input: {
    refundId: string;
    orderId: string;
    orderNumber: string;
    amount: number;
    currency: string;
    customer: { userId: string; email: string; name: string };
  },
): Promise<void> {
  const { customer, orderNumber, ...line } = input;
  const done = await addCredit(tx, {
    ...line,
    userId: customer.userId,
    reason: 'REFUND',
    note: `refund for order ${orderNumber}`,
  });
  if (done)
    await mailCreditAdded(ctx, tx, customer, {
      amount: input.amount,
      balance: done.balance,
      currency: input.currency,
      reason: `refund for order ${orderNumber}`,
    });
}
