import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from '../users/tables';

export const COUPON_TYPES = ['PERCENT', 'FIXED'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];
export const couponType = pgEnum('coupon_type', COUPON_TYPES);

/**
 * Discount codes. `used_count` is only ever changed by the checkout's conditional
 * `UPDATE ... SET used_count = used_count + 1 WHERE used_count < usage_limit`, so the check
 * constraint below can never fire in practice: it documents (and enforces) the invariant.
 */
export const coupons = pgTable(
  'coupons',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored as given (trimmed); unique and looked up case-insensitively. */
    code: varchar({ length: 64 }).notNull(),
    description: varchar({ length: 500 }),
    type: couponType().notNull(),
    /** PERCENT: whole percent 1..100; FIXED: minor units. */
    value: integer().notNull(),
    minSubtotal: integer(),
    maxDiscount: integer(),
    startsAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
    usageLimit: integer(),
    perUserLimit: integer(),
    usedCount: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('coupons_code_key').on(sql`lower(${t.code})`),
    check('coupons_value_check', sql`${t.value} > 0 AND (${t.type} <> 'PERCENT' OR ${t.value} <= 100)`),
    check(
      'coupons_used_count_check',
      sql`${t.usedCount} >= 0 AND (${t.usageLimit} IS NULL OR ${t.usedCount} <= ${t.usageLimit})`,
    ),
    check(
      'coupons_window_check',
      sql`${t.startsAt} IS NULL OR ${t.expiresAt} IS NULL OR ${t.startsAt} < ${t.expiresAt}`,
    ),
  ],
);

/** One row per order that used a coupon: the audit trail and the per-user limit. */
export const couponRedemptions = pgTable(
  'coupon_redemptions',
  {
    id: uuid().primaryKey().defaultRandom(),
    couponId: uuid()
      .notNull()
      .references(() => coupons.id, { onDelete: 'restrict' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The order that redeemed it (no foreign key: the orders module owns that table). */
    orderId: uuid().notNull(),
    discount: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('coupon_redemptions_coupon_user_idx').on(t.couponId, t.userId),
    uniqueIndex('coupon_redemptions_order_key').on(t.orderId),
  ],
);
