import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/db';
import { conflict } from '../../platform/errors';
import type { StoreCreditTransactionView } from './schemas';
import { storeCreditAccounts, storeCreditTransactions, type StoreCreditReason } from './tables';

// The ledger's writes, inside the caller's transaction. A credit adds a line then raises the
// balance; a debit lowers the balance only while it covers the amount, then adds the line.

type TransactionRow = typeof storeCreditTransactions.$inferSelect;

export interface LedgerLine {
  userId: string;
  amount: number;
  currency: string;
  reason: StoreCreditReason;
  orderId?: string | null;
  refundId?: string | null;
  note?: string | null;
  actorId?: string | null;
}

export function transactionView(row: TransactionRow): StoreCreditTransactionView {
  return {
    id: row.id,
    amount: row.amount,
    reason: row.reason,
    orderId: row.orderId,
    refundId: row.refundId,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}

const insufficient = (balance: number, amount: number) =>
  conflict('INSUFFICIENT_STORE_CREDIT', 'The store credit balance does not cover this', [
    { path: 'amount', message: `balance ${balance}, requested ${amount}` },
  ]);

/**
 * Adds credit (amount > 0). The line is inserted first: a second credit for the same refund or the
 * same cancelled order meets the unique index and does nothing (undefined), exactly once.
 */
export async function addCredit(
  tx: Tx,
  line: LedgerLine,
): Promise<{ row: TransactionRow; balance: number } | undefined> {
  const [row] = await tx.db.insert(storeCreditTransactions).values(line).onConflictDoNothing().returning();
  if (!row) return undefined;
  const [account] = await tx.db
    .insert(storeCreditAccounts)
    .values({ userId: line.userId, balance: line.amount, currency: line.currency })
    .onConflictDoUpdate({
      target: storeCreditAccounts.userId,
      set: { balance: sql`${storeCreditAccounts.balance} + ${line.amount}`, updatedAt: sql`now()` },
    })
    .returning({ balance: storeCreditAccounts.balance });
  return { row, balance: account!.balance };
}

/**
 * Takes credit (line.amount < 0). The UPDATE only matches while the balance covers it, and row
 * locks make two concurrent debits wait for each other, so credit is never spent twice.
 * Not enough → 409 INSUFFICIENT_STORE_CREDIT.
 */
export async function takeCredit(
  tx: Tx,
  line: LedgerLine,
): Promise<{ row: TransactionRow; balance: number }> {
  const amount = -line.amount;
  const [account] = await tx.db
    .update(storeCreditAccounts)
    .set({ balance: sql`${storeCreditAccounts.balance} - ${amount}`, updatedAt: sql`now()` })
    .where(and(eq(storeCreditAccounts.userId, line.userId), sql`${storeCreditAccounts.balance} >= ${amount}`))
    .returning({ balance: storeCreditAccounts.balance });
  if (!account) throw insufficient(await balanceOf(tx.db, line.userId), amount);
  const [row] = await tx.db.insert(storeCreditTransactions).values(line).returning();
  return { row: row!, balance: account.balance };
}

export async function balanceOf(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ balance: storeCreditAccounts.balance })
    .from(storeCreditAccounts)
    .where(eq(storeCreditAccounts.userId, userId));
  return row?.balance ?? 0;
}

/** The balance row locked FOR UPDATE (0 when the customer never had credit). */
export async function lockedBalance(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx.db
    .select({ balance: storeCreditAccounts.balance })
    .from(storeCreditAccounts)
    .where(eq(storeCreditAccounts.userId, userId))
    .for('update');
  return row?.balance ?? 0;
}

export async function transactionsOf(db: Database, userId: string, page: { limit: number; offset: number }) {
  const where = eq(storeCreditTransactions.userId, userId);
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(storeCreditTransactions)
      .where(where)
      .orderBy(desc(storeCreditTransactions.createdAt), desc(storeCreditTransactions.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(storeCreditTransactions)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** Σ of the credit given back for a cancelled order (0 or the one ORDER_CANCELLED line). */
export async function creditReturnedFor(db: Database, orderId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${storeCreditTransactions.amount}), 0)::int` })
    .from(storeCreditTransactions)
    .where(
      and(
        eq(storeCreditTransactions.orderId, orderId),
        eq(storeCreditTransactions.reason, 'ORDER_CANCELLED'),
      ),
    );
  return row?.total ?? 0;
}
