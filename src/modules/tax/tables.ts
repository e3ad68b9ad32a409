import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

/** Tax of one name and rate (basis points), summed over lines and shipping; amounts in minor units. */
export interface TaxLine {
  name: string;
  rate: number;
  amount: number;
}

/**
 * Tax rates by country (ISO 3166-1 alpha-2), optionally narrowed to a region (ISO 3166-2, e.g.
 * US-CA), per tax class. A line is taxed by its class's rates for the address's region when the
 * region has any, else by the country's. Several rates of different names may apply together.
 */
export const taxRates = pgTable(
  'tax_rates',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: varchar({ length: 64 }).notNull(),
    country: varchar({ length: 2 }).notNull(),
    region: varchar({ length: 6 }),
    taxClass: varchar({ length: 32 }).notNull().default('standard'),
    /** Basis points: 1800 = 18 %. */
    rate: integer().notNull(),
    appliesToShipping: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tax_rates_scope_name_key').on(
      t.country,
      sql`coalesce(${t.region}, '')`,
      t.taxClass,
      sql`lower(${t.name})`,
    ),
    index('tax_rates_country_idx').on(t.country),
    check('tax_rates_rate_check', sql`${t.rate} >= 0 AND ${t.rate} <= 10000`),
    check('tax_rates_region_check', sql`${t.region} IS NULL OR ${t.region} LIKE ${t.country} || '-%'`),
  ],
);
