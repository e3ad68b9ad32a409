import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import { indexProducts } from './search';
import { brands, products, productTags, tags, variants } from './tables';

// Columns derived from a product and its neighbours, recomputed inside the writing transaction.

/** Recomputes the weighted search document and the tag ids of the matching products, and their vocabulary words. */
export async function refreshSearch(tx: Tx, which: SQL): Promise<void> {
  const refreshed = await tx.db.execute<{ id: string; status: string; text: string }>(sql`
    UPDATE ${products} AS p SET
      search_vector =
        setweight(to_tsvector('english', unaccent(p.name)), 'A') ||
        setweight(to_tsvector('english', unaccent(coalesce(b.name, '') || ' ' || coalesce(tg.names, ''))), 'B') ||
        setweight(to_tsvector('english', unaccent(coalesce(p.description, ''))), 'C'),
      tag_ids = coalesce(tg.ids, '{}')
    FROM ${products} AS src
    LEFT JOIN ${brands} b ON b.id = src.brand_id
    LEFT JOIN LATERAL (
      SELECT string_agg(t.name, ' ' ORDER BY t.name) AS names, array_agg(t.id ORDER BY t.id) AS ids
      FROM ${productTags} pt JOIN ${tags} t ON t.id = pt.tag_id WHERE pt.product_id = src.id) tg ON true
    WHERE p.id = src.id AND src.id IN (SELECT ${products.id} FROM ${products} WHERE ${which})
    RETURNING p.id, p.status,
      concat_ws(' ', p.name, b.name, tg.names, p.description) AS text`);
  await indexProducts(tx, refreshed.rows);
}

/**
 * What the active variants say about a product: price_min / price_max, how many there are, and
 * their distinct option pairs (for the option facet). Call it after every variant write.
 */
export async function refreshPrices(tx: Tx, productIds: string[]): Promise<void> {
  if (productIds.length === 0) return;
  await tx.db.execute(sql`
    UPDATE ${products} AS p SET price_min = agg.mn, price_max = agg.mx, active_variants = agg.n,
      option_names = coalesce(opt.names, '{}'), option_values = coalesce(opt.vals, '{}')
    FROM (
      SELECT src.id, coalesce(min(v.price), 0) AS mn, coalesce(max(v.price), 0) AS mx, count(v.id)::int AS n
      FROM ${products} src LEFT JOIN ${variants} v ON v.product_id = src.id AND v.active
      WHERE src.id IN (${sql.join(
        productIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      GROUP BY src.id) agg
    LEFT JOIN LATERAL (
      SELECT array_agg(d.key ORDER BY d.key, d.value) AS names, array_agg(d.value ORDER BY d.key, d.value) AS vals
      FROM (SELECT DISTINCT e.key, e.value FROM ${variants} v, jsonb_each_text(v.options) e
        WHERE v.product_id = agg.id AND v.active) d) opt ON true
    WHERE p.id = agg.id`);
}
