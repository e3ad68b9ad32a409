import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgEnum,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { orderItems, orders } from '../orders/tables';
import type { RefundDestination } from '../payments/tables';
import { users } from '../users/tables';

export const RETURN_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED', 'RECEIVED', 'REFUNDED'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
export const returnStatus = pgEnum('return_status', RETURN_STATUSES);

export const RETURN_REASONS = [
  'DAMAGED',
  'WRONG_ITEM',
  'NOT_AS_DESCRIBED',
  'NO_LONGER_NEEDED',
  'OTHER',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
export const returnReason = pgEnum('return_reason', RETURN_REASONS);

/** Feeds the RMA number (RMA-YYMMDD-NNNNNN). */
export const returnNumberSeq = pgSequence('return_number_seq', { startWith: 100001 });

/**
 * A return request (RMA) for some delivered units of one order. `refundAmount` is fixed when the
 * request is made: the lines' amounts after their discount share plus their tax, and the shipping
 * when this return completes the return of the whole order.
 */
export const returns = pgTable(
  'returns',
  {
    id: uuid().primaryKey().defaultRandom(),
    rmaNumber: varchar({ length: 32 }).notNull(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    status: returnStatus().notNull().default('REQUESTED'),
    currency: varchar({ length: 3 }).notNull(),
    refundAmount: integer().notNull(),
    /** The part of refundAmount that is the order's shipping (and its tax). */
    shippingAmount: integer().notNull().default(0),
    refundTo: varchar({ length: 16 }).$type<RefundDestination>(),
    /** The refund record (payments) that paid this return back. */
    refundId: uuid(),
    rejectReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    approvedAt: timestamp({ withTimezone: true }),
    rejectedAt: timestamp({ withTimezone: true }),
    receivedAt: timestamp({ withTimezone: true }),
    refundedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('returns_rma_number_key').on(t.rmaNumber),
    index('returns_order_idx').on(t.orderId, t.createdAt),
    index('returns_status_created_idx').on(t.status, t.createdAt),
    check(
      'returns_amounts_check',
      sql`${t.refundAmount} >= 0 AND ${t.shippingAmount} >= 0 AND ${t.shippingAmount} <= ${t.refundAmount}`,
    ),
  ],
);

export const returnItems = pgTable(
  'return_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    returnId: uuid()
      .notNull()
      .references(() => returns.id, { onDelete: 'cascade' }),
    orderItemId: uuid()
      .notNull()
      .references(() => orderItems.id, { onDelete: 'cascade' }),
    /** The order line's name and SKU, copied so a return reads without the order. */
    name: varchar({ length: 200 }).notNull(),
    sku: varchar({ length: 64 }).notNull(),
    quantity: integer().notNull(),
    reason: returnReason().notNull(),
    note: varchar({ length: 500 }),
    /** This line's share of refundAmount. */
    amount: integer().notNull(),
    /** Units put back into stock when the return was received. */
    restockedQuantity: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex('return_items_return_item_key').on(t.returnId, t.orderItemId),
    index('return_items_order_item_idx').on(t.orderItemId),
    check(
      'return_items_quantity_check',
      sql`${t.quantity} > 0 AND ${t.amount} >= 0 AND ${t.restockedQuantity} >= 0 AND ${t.restockedQuantity} <= ${t.quantity}`,
    ),
  ],
);
