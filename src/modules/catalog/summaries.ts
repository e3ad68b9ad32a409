import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { imageView, type ProductListItem } from './service';
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
  const result = await ctx.database.db.execute<{
    id: string;
    slug: string;
    name: string;
    price_min: number;
    price_max: number;
    currency: string;
    rating_average: string;
    rating_count: number;
    in_stock: boolean;
    image_id: string | null;
    original_key: string | null;
    small_key: string | null;
    medium_key: string | null;
  }>(sql`
    SELECT p.id, p.slug, p.name, p.price_min, p.price_max, p.currency, p.rating_average, p.rating_count,
      EXISTS (SELECT 1 FROM ${variants} sv WHERE sv.product_id = p.id AND sv.active AND sv.stock > 0) AS in_stock,
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
  return new Map(
    result.rows.map((row) => [
      row.id,
      {
        id: row.id,
        slug: row.slug,
        name: row.name,
        priceMin: row.price_min,
        priceMax: row.price_max,
        currency: row.currency,
        inStock: row.in_stock,
        rating: { average: Number(row.rating_average), count: row.rating_count },
        image:
          row.image_id && row.original_key && row.small_key && row.medium_key
            ? imageView(ctx, {
                id: row.image_id,
                originalKey: row.original_key,
                smallKey: row.small_key,
                mediumKey: row.medium_key,
              })
            : null,
      },
    ]),
  );
}

/** True when customers can see the product (ACTIVE with an active variant). */
export async function isVisibleProduct(ctx: AppContext, productId: string): Promise<boolean> {
  return (await productSummaries(ctx, [productId])).has(productId);
}
