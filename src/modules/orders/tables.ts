import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { variants } from '../catalog/tables';
import { coupons } from '../coupons/tables';
import type { ShippingMethodSnapshot } from '../shipping/tables';
import type { TaxLine } from '../tax/tables';
import type { AddressSnapshot } from '../users/schemas';
import { users } from '../users/tables';

export const ORDER_STATUSES = [
  'PENDING',
  'PAID',
  'PROCESSING',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'REFUNDED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const orderStatus = pgEnum('order_status', ORDER_STATUSES);

/** PARTIALLY_REFUNDED: 0 < refundedAmount < what was paid; REFUNDED: all of it. */
export const PAYMENT_STATUSES = [
  'UNPAID',
  'PENDING',
  'PAID',
  'FAILED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const paymentStatus = pgEnum('payment_status', PAYMENT_STATUSES);

export const FULFILLMENT_STATUSES = ['UNFULFILLED', 'PARTIALLY_FULFILLED', 'FULFILLED'] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];
export const fulfillmentStatus = pgEnum('fulfillment_status', FULFILLMENT_STATUSES);

export const PAYMENT_METHODS = ['COD', 'STRIPE', 'RAZORPAY'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const paymentMethod = pgEnum('payment_method', PAYMENT_METHODS);

/** Feeds the human-readable order number (BZ-YYMMDD-NNNNNN): unique by construction. */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 100001 });

/** The shipping address as it was at checkout. */
export type ShippingAddressSnapshot = AddressSnapshot;

export const orders = pgTable(
  'orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderNumber: varchar({ length: 32 }).notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** Snapshots of the customer at checkout (for search, export and the invoice). */
    customerEmail: varchar({ length: 254 }).notNull(),
    customerName: varchar({ length: 100 }).notNull(),
    status: orderStatus().notNull().default('PENDING'),
    paymentStatus: paymentStatus().notNull(),
    paymentMethod: paymentMethod().notNull(),
    currency: varchar({ length: 3 }).notNull(),
    subtotal: integer().notNull(),
    discount: integer().notNull().default(0),
    shipping: integer().notNull().default(0),
    tax: integer().notNull().default(0),
    /** The part of `tax` charged on shipping. */
    shippingTax: integer().notNull().default(0),
    /** true: prices included the tax (total = subtotal − discount + shipping); false: tax on top. */
    taxIncluded: boolean().notNull().default(false),
    taxLines: jsonb().$type<TaxLine[]>().notNull().default([]),
    total: integer().notNull(),
    /** What the customer's store credit paid at checkout; the rest (`amountDue`) is collected. */
    storeCredit: integer().notNull().default(0),
    /** Σ of the order's succeeded refunds (payments module), in minor units. */
    refundedAmount: integer().notNull().default(0),
    /** The shipping method as it was at checkout (the method itself may change or go later). */
    shippingMethod: jsonb().$type<ShippingMethodSnapshot>(),
    fulfillmentStatus: fulfillmentStatus().notNull().default('UNFULFILLED'),
    /** From the gapless invoice counter, given when the invoice is first issued. */
    invoiceNumber: varchar({ length: 32 }),
    invoicedAt: timestamp({ withTimezone: true }),
    couponId: uuid().references(() => coupons.id, { onDelete: 'set null' }),
    couponCode: varchar({ length: 64 }),
    shippingAddress: jsonb().$type<ShippingAddressSnapshot>().notNull(),
    note: varchar({ length: 1000 }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_order_number_key').on(t.orderNumber),
    index('orders_user_created_idx').on(t.userId, t.createdAt),
    index('orders_status_created_idx').on(t.status, t.createdAt),
    index('orders_created_idx').on(t.createdAt),
    uniqueIndex('orders_invoice_number_key').on(t.invoiceNumber),
    check('orders_store_credit_check', sql`${t.storeCredit} >= 0 AND ${t.storeCredit} <= ${t.total}`),
    check(
      'orders_totals_check',
      sql`${t.subtotal} >= 0 AND ${t.discount} >= 0 AND ${t.discount} <= ${t.subtotal} AND ${t.shipping} >= 0 AND ${t.tax} >= 0 AND ${t.shippingTax} >= 0 AND ${t.shippingTax} <= ${t.tax} AND ${t.total} = ${t.subtotal} - ${t.discount} + ${t.shipping} + CASE WHEN ${t.taxIncluded} THEN 0 ELSE ${t.tax} END`,
    ),
  ],
);

/** Order lines: name, SKU, options and unit price as they were at checkout. */
export const orderItems = pgTable(
  'order_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    variantId: uuid().references(() => variants.id, { onDelete: 'set null' }),
    productId: uuid(),
    name: varchar({ length: 200 }).notNull(),
    sku: varchar({ length: 64 }).notNull(),
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    unitPrice: integer().notNull(),
    quantity: integer().notNull(),
    lineTotal: integer().notNull(),
    /** This line's share of the order discount (spread in proportion to line totals). */
    discountShare: integer().notNull().default(0),
    /** Tax on (lineTotal − discountShare): on top, or included when the order's taxIncluded. */
    tax: integer().notNull().default(0),
    /** Sum of the rates applied to the line (basis points). */
    taxRate: integer().notNull().default(0),
    taxClass: varchar({ length: 32 }).notNull().default('standard'),
  },
  (t) => [
    index('order_items_order_idx').on(t.orderId),
    index('order_items_variant_idx').on(t.variantId),
    index('order_items_product_idx').on(t.productId),
    check(
      'order_items_amounts_check',
      sql`${t.quantity} > 0 AND ${t.unitPrice} >= 0 AND ${t.lineTotal} = ${t.unitPrice} * ${t.quantity} AND ${t.discountShare} >= 0 AND ${t.discountShare} <= ${t.lineTotal} AND ${t.tax} >= 0 AND ${t.taxRate} >= 0`,
    ),
  ],
);

/** Every status change: from, to, who (user id and role, or SYSTEM), why. Append-only. */
export const orderStatusHistory = pgTable(
  'order_status_history',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    fromStatus: orderStatus(),
    toStatus: orderStatus().notNull(),
    paymentStatus: paymentStatus().notNull(),
    actorId: uuid(),
    actorRole: varchar({ length: 16 }).notNull(),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_status_history_order_idx').on(t.orderId, t.createdAt)],
);

/** Shipments of an order: which items (and how many), the carrier and tracking, and delivery. */
export const fulfillments = pgTable(
  'fulfillments',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    carrier: varchar({ length: 100 }).notNull(),
    trackingNumber: varchar({ length: 100 }).notNull(),
    trackingUrl: varchar({ length: 2000 }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('fulfillments_order_idx').on(t.orderId, t.createdAt)],
);

export const fulfillmentItems = pgTable(
  'fulfillment_items',
  {
    fulfillmentId: uuid()
      .notNull()
      .references(() => fulfillments.id, { onDelete: 'cascade' }),
    orderItemId: uuid()
      .notNull()
      .references(() => orderItems.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.fulfillmentId, t.orderItemId] }),
    index('fulfillment_items_order_item_idx').on(t.orderItemId),
    check('fulfillment_items_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/**
 * Gapless invoice numbering: one row whose counter is incremented in the transaction that issues
 * an invoice, so a number is used only when that transaction commits (a sequence would skip
 * numbers on rollback).
 */
export const invoiceCounter = pgTable(
  'invoice_counter',
  {
    id: integer().primaryKey().default(1),
    lastNumber: integer().notNull().default(0),
  },
  (t) => [check('invoice_counter_single_row_check', sql`${t.id} = 1`)],
);
