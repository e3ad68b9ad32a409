import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { offsetOf } from '../../platform/pagination';
import { inStockCondition } from './product-filters';
import type { ProductListQuery } from './schemas';
import { productImages, products } from './tables';

/** The columns every product-list query selects (see loadProductList and catalog/summaries.ts). */
export type ListItemRow = {
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
};

/**
 * One page of the products matching `condition`, and how many match. The page is chosen first;
 * stock and image are then read for its rows only (as select-list subqueries over every match,
 * the planner may hash all variants' stock to serve 20 rows). A search finds its matches once
 * through the full-text index, then ranks and counts that set in the same statement (ranking in
 * the scan invites a seq scan of the whole catalog that evaluates the query on every row).
 */
export async function pageOfProducts(
  db: Database,
  query: ProductListQuery,
  condition: SQL,
  orderBy: SQL,
  searching: boolean,
): Promise<{ rows: ListItemRow[]; total: number }> {
  const countAll = () =>
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM ${products} p WHERE ${condition}`);
  const pageOf = (matched: boolean) =>
    db.execute<ListItemRow & { total: number | null }>(sql`
      WITH ${matched ? sql`matched AS MATERIALIZED (SELECT p.* FROM ${products} p WHERE ${condition}),` : sql``}
      page AS MATERIALIZED (
        SELECT chosen.id, row_number() OVER () AS position FROM (
          SELECT p.id FROM ${matched ? sql`matched p` : sql`${products} p WHERE ${condition}`}
          ORDER BY ${orderBy} LIMIT ${query.limit} OFFSET ${offsetOf(query)}) chosen)
      SELECT p.id, p.slug, p.name, p.price_min, p.price_max, p.currency, p.rating_average, p.rating_count,
        ${inStockCondition} AS in_stock,
        img.id AS image_id, img.original_key, img.small_key, img.medium_key,
        ${matched ? sql`(SELECT count(*) FROM matched)::int` : sql`NULL::int`} AS total
      FROM page JOIN ${products} p ON p.id = page.id
      LEFT JOIN LATERAL (
        SELECT i.id, i.original_key, i.small_key, i.medium_key FROM ${productImages} i
        WHERE i.product_id = p.id ORDER BY i.position, i.created_at LIMIT 1) img ON true
      ORDER BY page.position`);
  if (!searching) {
    const [page, count] = await Promise.all([pageOf(false), countAll()]);
    return { rows: page.rows, total: count.rows[0]?.total ?? 0 };
  }
  const page = await pageOf(true);
  const counted = page.rows[0]?.total;
  if (typeof counted === 'number') return { rows: page.rows, total: counted };
  // An empty page: nothing matches, or the page lies past the last match.
  return { rows: page.rows, total: offsetOf(query) === 0 ? 0 : ((await countAll()).rows[0]?.total ?? 0) };
}
