import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from '../users/tables';

export const STORE_CREDIT_REASONS = ['ADJUSTMENT', 'CHECKOUT', 'ORDER_CANCELLED', 'REFUND'] as const;
export type StoreCreditReason = (typeof STORE_CREDIT_REASONS)[number];

/**
 * One row per customer with credit: the running balance. It is the concurrency guard (debits lock
 * it, or update it only `WHERE balance >= amount`); the ledger below is the record, and the
 * balance always equals Σ of the customer's transactions.
 */
export const storeCreditAccounts = pgTable(
  'store_credit_accounts',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    balance: integer().notNull().default(0),
    currency: varchar({ length: 3 }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('store_credit_accounts_balance_check', sql`${t.balance} >= 0`)],
);

/**
 * The ledger: signed amounts in minor units. The partial unique indexes make the automatic lines
 * happen at most once: one debit per order at checkout, one credit back per cancelled order, one
 * credit per refund. Order and refund ids are kept without foreign keys: the ledger outlives them.
 */
export const storeCreditTransactions = pgTable(
  'store_credit_transactions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    amount: integer().notNull(),
    currency: varchar({ length: 3 }).notNull(),
    reason: text({ enum: STORE_CREDIT_REASONS }).notNull(),
    orderId: uuid(),
    refundId: uuid(),
    note: varchar({ length: 500 }),
    actorId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('store_credit_transactions_user_idx').on(t.userId, t.createdAt),
    uniqueIndex('store_credit_transactions_refund_key').on(t.refundId),
    uniqueIndex('store_credit_transactions_order_reason_key')
      .on(t.orderId, t.reason)
      .where(sql`${t.reason} IN ('CHECKOUT', 'ORDER_CANCELLED')`),
    check('store_credit_transactions_amount_check', sql`${t.amount} <> 0`),
  ],
);
