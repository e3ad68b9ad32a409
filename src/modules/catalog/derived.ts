import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import { indexProducts } from './search';
import { brands, products, productTags, tags, variants } from './tables';

// Columns derived from a product and its neighbours, recomputed inside the writing transaction.

/** Recomputes the weighted search document of the matching products and their vocabulary words. */
export async function refreshSearch(tx: Tx, which: SQL): Promise<void> {
  const refreshed = await tx.db.execute<{ id: string; status: string; text: string }>(sql`
    UPDATE ${products} AS p SET
      search_vector =
        setweight(to_tsvector('english', unaccent(p.name)), 'A') ||
        setweight(to_tsvector('english', unaccent(coalesce(b.name, '') || ' ' || coalesce(tg.names, ''))), 'B') ||
        setweight(to_tsvector('english', unaccent(coalesce(p.description, ''))), 'C')
    FROM ${products} AS src
    LEFT JOIN ${brands} b ON b.id = src.brand_id
    LEFT JOIN LATERAL (
      SELECT string_agg(t.name, ' ' ORDER BY t.name) AS names
      FROM ${productTags} pt JOIN ${tags} t ON t.id = pt.tag_id WHERE pt.product_id = src.id) tg ON true
    WHERE p.id = src.id AND src.id IN (SELECT ${products.id} FROM ${products} WHERE ${which})
    RETURNING p.id, p.status,
      concat_ws(' ', p.name, b.name, tg.names, p.description) AS text`);
  await indexProducts(tx, refreshed.rows);
}

/** price_min / price_max from the active variants. */
export async function refreshPrices(tx: Tx, productIds: string[]): Promise<void> {
  if (productIds.length === 0) return;
  await tx.db.execute(sql`
    UPDATE ${products} AS p SET price_min = agg.mn, price_max = agg.mx
    FROM (
      SELECT src.id, coalesce(min(v.price), 0) AS mn, coalesce(max(v.price), 0) AS mx
      FROM ${products} src LEFT JOIN ${variants} v ON v.product_id = src.id AND v.active
      WHERE src.id IN (${sql.join(
        productIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      GROUP BY src.id) agg
    WHERE p.id = agg.id`);
}
