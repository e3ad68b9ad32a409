import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { orders } from '../orders/tables';

export const PAYMENT_PROVIDERS = ['COD', 'STRIPE', 'RAZORPAY'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

/**
 * CREATED: our row exists, the provider has not answered yet; PENDING: the provider holds a
 * session/order the customer can pay; PAID; FAILED; FLAGGED: the provider reported success for an
 * amount or currency that does not match the order (needs a human); REFUNDED.
 */
export const ATTEMPT_STATUSES = ['CREATED', 'PENDING', 'PAID', 'FAILED', 'FLAGGED', 'REFUNDED'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/**
 * One row per payment attempt. `id` is our attempt id: outbound calls use idempotency keys derived
 * from it (Stripe `Idempotency-Key`, Razorpay `receipt`).
 */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    provider: varchar({ length: 16 }).$type<PaymentProviderName>().notNull(),
    /** Stripe Checkout Session id / Razorpay order id. */
    providerOrderId: varchar({ length: 255 }),
    /** Stripe PaymentIntent id / Razorpay payment id. */
    providerPaymentId: varchar({ length: 255 }),
    amount: integer().notNull(),
    currency: varchar({ length: 3 }).notNull(),
    status: varchar({ length: 16 }).$type<AttemptStatus>().notNull().default('CREATED'),
    /** Hosted checkout URL (Stripe). */
    checkoutUrl: text(),
    /** Why the attempt failed or was flagged. */
    reason: text(),
    refundId: varchar({ length: 255 }),
    refundedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('payment_attempts_order_idx').on(t.orderId, t.createdAt),
    uniqueIndex('payment_attempts_provider_order_key').on(t.provider, t.providerOrderId),
    // At most one open (CREATED/PENDING) attempt per order and provider: concurrent requests for
    // a new session cannot create two.
    uniqueIndex('payment_attempts_open_key')
      .on(t.orderId, t.provider)
      .where(sql`${t.status} IN ('CREATED', 'PENDING')`),
  ],
);

/**
 * Every provider event (webhook deliveries, client-side confirmations), raw. The unique
 * (provider, event_id) row is inserted in the same transaction as the event's effects, so a
 * duplicate delivery finds it and does nothing.
 */
export const paymentEvents = pgTable(
  'payment_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: varchar({ length: 16 }).$type<PaymentProviderName>().notNull(),
    eventId: varchar({ length: 255 }).notNull(),
    type: varchar({ length: 100 }).notNull(),
    orderId: uuid().references(() => orders.id, { onDelete: 'set null' }),
    attemptId: uuid().references(() => paymentAttempts.id, { onDelete: 'set null' }),
    /** What processing did: PAID, FAILED, FLAGGED, NO_OP, UNKNOWN_ORDER, IGNORED. */
    outcome: varchar({ length: 32 }).notNull(),
    payload: jsonb().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_events_provider_event_key').on(t.provider, t.eventId),
    index('payment_events_order_idx').on(t.orderId),
  ],
);

/** Where a refund goes: the order's payment (provider, or a manual record) or the customer's store credit. */
export const REFUND_DESTINATIONS = ['ORIGINAL', 'STORE_CREDIT'] as const;
export type RefundDestination = (typeof REFUND_DESTINATIONS)[number];
/** PENDING until the provider (or the ledger) has it; retried by a job until then. */
export const REFUND_STATUSES = ['PENDING', 'SUCCEEDED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * One row per refund of an order, written (PENDING) in the transaction that decides it, under the
 * order row's lock, so Σ amount never exceeds what was paid. `id` keys the outbound call (Stripe
 * Idempotency-Key, Razorpay receipt), so a retried refund is never paid twice.
 */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    amount: integer().notNull(),
    /**
     * The part of `amount` given back as store credit: all of it for STORE_CREDIT refunds, and for an
     * ORIGINAL refund of an order paid partly with credit, what goes beyond the payment method's share.
     */
    storeCreditAmount: integer().notNull().default(0),
    currency: varchar({ length: 3 }).notNull(),
    reason: varchar({ length: 500 }).notNull(),
    refundTo: varchar({ length: 16 }).$type<RefundDestination>().notNull(),
    /** STRIPE, RAZORPAY, MANUAL (cash or a payment recorded by hand) or STORE_CREDIT. */
    method: varchar({ length: 16 }).notNull(),
    /** The captured payment attempt refunded (ORIGINAL through a provider). */
    attemptId: uuid().references(() => paymentAttempts.id, { onDelete: 'set null' }),
    status: varchar({ length: 16 }).$type<RefundStatus>().notNull().default('PENDING'),
    providerRefundId: varchar({ length: 255 }),
    /** The return (RMA) this refund pays back, if any. */
    returnId: uuid(),
    actorId: uuid(),
    tries: integer().notNull().default(0),
    lastError: text(),
    /** A processor holds the refund until then (one provider call at a time). */
    lockedUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    succeededAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('refunds_order_idx').on(t.orderId, t.createdAt),
    index('refunds_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'PENDING'`),
    check('refunds_amount_check', sql`${t.amount} > 0`),
    check(
      'refunds_store_credit_amount_check',
      sql`${t.storeCreditAmount} >= 0 AND ${t.storeCreditAmount} <= ${t.amount}`,
    ),
  ],
);
