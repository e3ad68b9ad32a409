import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

export const SHIPPING_METHOD_TYPES = ['FLAT', 'WEIGHT'] as const;
export type ShippingMethodType = (typeof SHIPPING_METHOD_TYPES)[number];
export const shippingMethodType = pgEnum('shipping_method_type', SHIPPING_METHOD_TYPES);

/** One weight tier: carts up to `upToGrams` (inclusive) ship for `price`. */
export interface WeightTier {
  upToGrams: number;
  price: number;
}

/** What an order keeps of the method it shipped with. */
export interface ShippingMethodSnapshot {
  id: string;
  name: string;
  carrier: string | null;
  price: number;
  currency: string;
  minDays: number | null;
  maxDays: number | null;
}

export const shippingZones = pgTable('shipping_zones', {
  id: uuid().primaryKey().defaultRandom(),
  name: varchar({ length: 100 }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The countries (IN) and ISO 3166-2 regions (US-CA) of each zone. The code is the primary key, so
 * a country or region belongs to at most one zone and an address matches at most one zone per
 * level (the region's zone wins over the country's).
 */
export const shippingZoneAreas = pgTable(
  'shipping_zone_areas',
  {
    code: varchar({ length: 6 }).primaryKey(),
    zoneId: uuid()
      .notNull()
      .references(() => shippingZones.id, { onDelete: 'cascade' }),
  },
  (t) => [index('shipping_zone_areas_zone_idx').on(t.zoneId)],
);

export const shippingMethods = pgTable(
  'shipping_methods',
  {
    id: uuid().primaryKey().defaultRandom(),
    zoneId: uuid()
      .notNull()
      .references(() => shippingZones.id, { onDelete: 'cascade' }),
    name: varchar({ length: 100 }).notNull(),
    carrier: varchar({ length: 100 }),
    currency: varchar({ length: 3 }).notNull(),
    type: shippingMethodType().notNull(),
    /** FLAT: the price. */
    price: integer(),
    /** WEIGHT: tiers by ascending upToGrams; a heavier cart than the last tier cannot use the method. */
    rates: jsonb().$type<WeightTier[]>(),
    /** Free when the subtotal after discount is at least this (same currency). */
    freeOver: integer(),
    minDays: integer(),
    maxDays: integer(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('shipping_methods_zone_idx').on(t.zoneId),
    check(
      'shipping_methods_type_check',
      sql`(${t.type} = 'FLAT' AND ${t.price} IS NOT NULL AND ${t.price} >= 0 AND ${t.rates} IS NULL) OR (${t.type} = 'WEIGHT' AND ${t.price} IS NULL AND ${t.rates} IS NOT NULL)`,
    ),
    check(
      'shipping_methods_days_check',
      sql`(${t.minDays} IS NULL OR ${t.minDays} >= 0) AND (${t.minDays} IS NULL OR ${t.maxDays} IS NULL OR ${t.minDays} <= ${t.maxDays})`,
    ),
    check('shipping_methods_free_over_check', sql`${t.freeOver} IS NULL OR ${t.freeOver} >= 0`),
  ],
);
