import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { DELIVERY_STATUSES } from './events';

export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', DELIVERY_STATUSES);

/** Where integrators want events sent, and which ones. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid().primaryKey().defaultRandom(),
  url: varchar({ length: 2048 }).notNull(),
  /** Event types, or `['*']` for all. */
  events: text().array().notNull(),
  description: varchar({ length: 500 }),
  /** `whsec_` + base64 of 32 random bytes; shown once, when the endpoint is created. */
  secret: varchar({ length: 100 }).notNull(),
  active: boolean().notNull().default(true),
  /** First failed attempt since the last success; null while healthy. */
  failingSince: timestamp({ withTimezone: true }),
  /** Set when the endpoint was disabled for failing too long (active is then false). */
  disabledAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The outbox: one row per event, written in the transaction of the change that caused it.
 * Its id is the `webhook-id` header of every attempt of every delivery of it.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    type: varchar({ length: 64 }).notNull(),
    data: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_events_created_at_idx').on(t.createdAt)],
);

/** One event to one endpoint: its attempts so far and what happens next. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    status: webhookDeliveryStatus().notNull().default('PENDING'),
    /** Attempts started so far. */
    attempt: integer().notNull().default(0),
    responseStatus: integer(),
    durationMs: integer(),
    lastError: varchar({ length: 500 }),
    /** When the next attempt is due (PENDING only). */
    nextAttemptAt: timestamp({ withTimezone: true }),
    /** An attempt is in flight until then; a crashed sender's claim lapses at this time. */
    lockedUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_key').on(t.endpointId, t.eventId),
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_due_idx')
      .on(t.endpointId, t.nextAttemptAt)
      .where(sql`${t.status} = 'PENDING'`),
    index('webhook_deliveries_event_idx').on(t.eventId),
  ],
);
