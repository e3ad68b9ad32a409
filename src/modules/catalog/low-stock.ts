import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { offsetOf, pageMeta, type Pagination } from '../../platform/pagination';
import { isLowStock, lowStockThresholdOf, stockOf } from '../inventory/stock-sql';
import { products, variants } from './tables';

/** Active variants of live products at or under their low-stock threshold, lowest stock first. */
export async function listLowStock(ctx: AppContext, query: Pagination) {
  const condition = sql`${variants.active} AND ${products.status} <> 'ARCHIVED' AND ${isLowStock(variants.id)}`;
  const stock = stockOf(variants.id);
  const [items, [count]] = await Promise.all([
    ctx.database.db
      .select({
        variantId: variants.id,
        productId: variants.productId,
        productName: products.name,
        sku: variants.sku,
        options: variants.options,
        stock,
        lowStockThreshold: lowStockThresholdOf(variants.id),
      })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(condition)
      .orderBy(stock, variants.sku)
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db
      .select({ total: sql<number>`count(*)::int` })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(condition),
  ]);
  return { items, meta: pageMeta(query, count?.total ?? 0) };
}
