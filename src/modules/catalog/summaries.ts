import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { productInStock } from '../inventory/stock-sql';
import { listItemFromRow, type ListItemRow, type ProductListItem } from './product-reads';
import { productImages, products, variants } from './tables';

/**
 * List-item summaries (price range, stock, rating, primary image) of the given products that
 * customers may see (ACTIVE with an active variant), in one query. For wishlists and the like.
 */
export async function productSummaries(
  ctx: AppContext,
  ids: string[],
): Promise<Map<string, ProductListItem>> {
  if (ids.length === 0) return new Map();
  const result = await ctx.database.db.execute<ListItemRow>(sql`
    SELECT p.id, p.slug, p.name, p.price_min, p.price_max, p.currency, p.rating_average, p.rating_count,
      ${productInStock(sql`p.id`)} AS in_stock,
      img.id AS image_id, img.original_key, img.small_key, img.medium_key
    FROM ${products} p
    LEFT JOIN LATERAL (
      SELECT i.id, i.original_key, i.small_key, i.medium_key FROM ${productImages} i
      WHERE i.product_id = p.id ORDER BY i.position, i.created_at LIMIT 1) img ON true
    WHERE p.id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})
      AND p.status = 'ACTIVE'
      AND EXISTS (SELECT 1 FROM ${variants} av WHERE av.product_id = p.id AND av.active)`);
  return new Map(result.rows.map((row) => [row.id, listItemFromRow(ctx, row)]));
}

/** True when customers can see the product (ACTIVE with an active variant). */
export async function isVisibleProduct(ctx: AppContext, productId: string): Promise<boolean> {
  return (await productSummaries(ctx, [productId])).has(productId);
}
