import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { products, variants } from '../catalog/tables';
import { MOVEMENT_REASONS } from './schemas';

export const movementReason = pgEnum('stock_movement_reason', MOVEMENT_REASONS);

/**
 * On-hand stock of each variant, written only by the inventory service (conditional updates plus
 * a ledger row). `productId`, `sku` and `sellable` are copies kept by the catalog's variant writes:
 * the product never changes, the SKU is a label for alerts (the low-stock mail and event name it),
 * `sellable` is the variant's `active`, written in the same transaction (createStockLevels,
 * updateStockSettings), so that whether a product is in stock is one probe of
 * `stock_levels_in_stock_idx` (productInStock, stock-sql.ts).
 */
export const stockLevels = pgTable(
  'stock_levels',
  {
    variantId: uuid()
      .primaryKey()
      .references(() => variants.id, { onDelete: 'cascade' }),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: varchar({ length: 64 }).notNull(),
    stock: integer().notNull().default(0),
    lowStockThreshold: integer().notNull().default(5),
    /** The catalog's `variants.active` of this variant (see above). */
    sellable: boolean().notNull().default(true),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * `inStock` and `low` are what the partial indexes below are about, kept by PostgreSQL. The
     * indexes name them instead of `stock`, so a sale that leaves both as they were changes no
     * indexed value and is a HOT update (no new entry in any of the four indexes; the table's
     * fillfactor, set in migration 0031, leaves room on the page for it).
     */
    inStock: boolean()
      .notNull()
      .generatedAlwaysAs(sql`stock > 0 AND sellable`),
    low: boolean()
      .notNull()
      .generatedAlwaysAs(sql`stock <= low_stock_threshold`),
  },
  (t) => [
    index('stock_levels_product_idx').on(t.productId),
    // The variants a product can be bought in: the product list's in-stock item, filter and facet.
    index('stock_levels_in_stock_idx')
      .on(t.productId)
      .where(sql`${t.inStock}`),
    // The variants at or under their low-stock threshold (the admin's low-stock list).
    index('stock_levels_low_idx')
      .on(t.variantId)
      .where(sql`${t.low}`),
    check('stock_levels_stock_check', sql`${t.stock} >= 0`),
    check('stock_levels_threshold_check', sql`${t.lowStockThreshold} >= 0`),
  ],
);

/** Units sold per product (ORDER movements minus CANCEL/RETURN restores); drives sortBy=popularity. */
export const productSales = pgTable(
  'product_sales',
  {
    productId: uuid()
      .primaryKey()
      .references(() => products.id, { onDelete: 'cascade' }),
    unitsSold: integer().notNull().default(0),
  },
  (t) => [check('product_sales_units_check', sql`${t.unitsSold} >= 0`)],
);

/** The stock ledger: for every variant, stock = sum(delta) of its movements. Append-only. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: uuid().primaryKey().defaultRandom(),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    delta: integer().notNull(),
    reason: movementReason().notNull(),
    orderId: uuid(),
    actorId: uuid(),
    note: text(),
    /**
     * An ORDER, CANCEL or RETURN movement not yet counted in product_sales: the checkout does not
     * touch that hot row, the sales roll-up (rollUpSales) adds them up later and clears the flag.
     */
    salesPending: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stock_movements_sales_pending_idx')
      .on(t.id)
      .where(sql`${t.salesPending}`),
    index('stock_movements_variant_idx').on(t.variantId, t.createdAt),
    index('stock_movements_reason_idx').on(t.reason, t.createdAt),
    index('stock_movements_created_idx').on(t.createdAt),
    index('stock_movements_order_idx').on(t.orderId),
  ],
);
