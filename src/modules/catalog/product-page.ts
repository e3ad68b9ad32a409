import { sql, type SQL } from 'drizzle-orm';
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

/** Runs one statement and returns its rows (listProducts: prepared on the viewer's pool). */
export type RunStatement = <Row extends Record<string, unknown>>(statement: SQL) => Promise<Row[]>;

/**
 * One page of the products matching `condition`, and how many match, in one statement. The page
 * is chosen first; stock and image are then read for its rows only (as select-list subqueries
 * over every match, the planner may hash all variants' stock to serve 20 rows). Without a search,
 * the count is an init plan of the same statement, joined to the page so that a page past the
 * last match still answers the total (one round trip and one plan per list instead of two; a
 * count over the window would sort every match instead of the top rows). A search finds its
 * matches once through the full-text index, then ranks and counts that set in the same statement
 * (ranking in the scan invites a seq scan of the whole catalog that evaluates the query on every
 * row).
 */
export async function pageOfProducts(
  run: RunStatement,
  query: ProductListQuery,
  condition: SQL,
  orderBy: SQL,
  searching: boolean,
): Promise<{ rows: ListItemRow[]; total: number }> {
  const source = searching ? sql`matched p` : sql`${products} p WHERE ${condition}`;
  const result = await run<Nullable<ListItemRow> & { total: number }>(sql`
    WITH ${searching ? sql`matched AS MATERIALIZED (SELECT p.* FROM ${products} p WHERE ${condition}),` : sql``}
    page AS MATERIALIZED (
      SELECT chosen.id, row_number() OVER () AS position FROM (
        SELECT p.id FROM ${source} ORDER BY ${orderBy} LIMIT ${query.limit} OFFSET ${offsetOf(query)}) chosen)
    SELECT counted.total, item.* FROM (SELECT count(*)::int AS total FROM ${source}) counted
    LEFT JOIN LATERAL (
      SELECT page.position, p.id, p.slug, p.name, p.price_min, p.price_max, p.currency, p.rating_average,
        p.rating_count, ${inStockCondition} AS in_stock,
        img.id AS image_id, img.original_key, img.small_key, img.medium_key
      FROM page JOIN ${products} p ON p.id = page.id
      LEFT JOIN LATERAL (
        SELECT i.id, i.original_key, i.small_key, i.medium_key FROM ${productImages} i
        WHERE i.product_id = p.id ORDER BY i.position, i.created_at LIMIT 1) img ON true) item ON true
    ORDER BY item.position`);
  // A page past the last match (or no match) is one row with the total and no product.
  const rows = result.filter((row): row is ListItemRow & { total: number } => row.id !== null);
  return { rows, total: result[0]?.total ?? 0 };
}

type Nullable<T> = { [K in keyof T]: T[K] | null };
