import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { productSales, stockLevels } from './tables';

// Stock as SQL expressions, for modules whose queries filter or sort by it (the catalog's product
// list filters by `inStock` and sorts by popularity in the same query that pages it). Each takes
// the SQL of the variant (or product) id it is about, e.g. `stockOf(sql`v.id`)`, and reads only
// inventory's tables through its primary key, so callers never name those tables.

/** The variant's stock on hand (0 when it has no stock row). */
export const stockOf = (variantId: SQLWrapper): SQL<number> =>
  sql<number>`coalesce((SELECT inv_sl.stock FROM ${stockLevels} inv_sl WHERE inv_sl.variant_id = ${variantId}), 0)`;

/** The variant's low-stock alert threshold. */
export const lowStockThresholdOf = (variantId: SQLWrapper): SQL<number> =>
  sql<number>`coalesce((SELECT inv_sl.low_stock_threshold FROM ${stockLevels} inv_sl WHERE inv_sl.variant_id = ${variantId}), 0)`;

/**
 * True when the product has a variant the catalog sells (active) with at least one unit on hand:
 * one probe of the partial index stock_levels_in_stock_idx (`in_stock` is `stock > 0 AND sellable`,
 * and `sellable` mirrors the variant's `active`), where a lookup of the product's variants and then
 * of their stock took two per variant. The index's predicate is the column, so the query names it.
 */
export const productInStock = (productId: SQLWrapper): SQL<boolean> =>
  sql<boolean>`EXISTS (SELECT 1 FROM ${stockLevels} inv_sl WHERE inv_sl.product_id = ${productId} AND inv_sl.in_stock)`;

/** True when the variant is at or under its low-stock threshold (`low`, served by a partial index). */
export const isLowStock = (variantId: SQLWrapper): SQL<boolean> =>
  sql<boolean>`${variantId} IN (SELECT inv_sl.variant_id FROM ${stockLevels} inv_sl WHERE inv_sl.low)`;

/** Units of the product sold so far (orders minus cancellations and returns). */
export const unitsSoldOf = (productId: SQLWrapper): SQL<number> =>
  sql<number>`coalesce((SELECT inv_ps.units_sold FROM ${productSales} inv_ps WHERE inv_ps.product_id = ${productId}), 0)`;
