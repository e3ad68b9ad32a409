import { sql, type SQL } from 'drizzle-orm';
import {
  fixedStatement,
  type FixedStatement,
  type StatementRunner,
} from '../../platform/prepared-statements';
import {
  conditionOf,
  inline,
  inStockCondition,
  placeholders,
  productFilters,
  shapeOf,
  type Bind,
} from './product-filters';
import type { ProductListQuery } from './schemas';
import { products } from './tables';

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

/** Runs a fixed statement (listProducts: pipelined for customers, on the primary for admins). */
export type RunFixed = StatementRunner['run'];

/** Which rows of the matches, and the storage URL prefix of the images (see itemJson). */
export interface PageParams {
  limit: number;
  offset: number;
  /** The storage's URL prefix as it is inside a JSON string (JSON.stringify without the quotes). */
  imageUrlPrefixJson: string;
}

interface PageRow {
  total: number;
  items: string;
}

export interface PageOfProducts {
  itemsJson: string;
  total: number;
}

/**
 * One list item as the JSON text the API sends (schemas.ts, productListItemSchema, keys in its
 * order), built by PostgreSQL so that node neither parses 20 rows nor maps and serializes them.
 * Strings go through to_json (the same escapes as JSON.stringify): slug, name, prices and currency
 * are stored so on the row (`list_fields_json`, a generated column, migration 0029); the rating is
 * the numeric without trailing zeros, as Number() of its text prints it. The image is the product's
 * `list_image_json` (the first image's JSON, kept by a trigger on product_images, migration 0027),
 * its parts joined with the storage's URL prefix (`imageUrlPrefixJson`, a parameter), so its URLs
 * are the prefix and the key, as imageView makes them. Reading it from the product's row instead
 * of looking the image up per row took ~0.1 ms of PostgreSQL's CPU off a page of 20.
 */
function itemJson(imageUrlPrefixJson: SQL): SQL {
  return sql`'{"id":"' || p.id || p.list_fields_json
    || ',"inStock":' || CASE WHEN ${inStockCondition} THEN 'true' ELSE 'false' END
    || ',"rating":{"average":' || trim_scale(p.rating_average) || ',"count":' || p.rating_count
    || '},"image":' || coalesce(array_to_string(p.list_image_json, ${imageUrlPrefixJson}::text), 'null') || '}'`;
}

/**
 * How a page is ordered: `orderBy` is its SQL (over products aliased `p`), `sortKey` names it (one
 * statement per filter shape and sort), and `covered` says that the order is that of
 * products_visible_price_list_idx (a customer's price-sorted page), whose entries hold every column
 * an item is made of (LIST_COLUMNS): the page's rows then come out of that index alone.
 */
export interface PageOrder {
  sortKey: string;
  orderBy: () => SQL;
  covered: boolean;
}

/** The product columns itemJson reads (the stock is looked up by id). */
const LIST_COLUMNS = sql`p.id, p.list_fields_json, p.rating_average, p.rating_count, p.list_image_json`;

/**
 * One page of the products matching `condition` as the JSON text of its items (comma-separated,
 * without the brackets), and how many match, in one statement and one row. The page is chosen
 * first; stock and image are then read for its rows only (as select-list subqueries over every
 * match, the planner may hash all variants' stock to serve 20 rows). Its rows are then read from
 * the table by id, unless the order is `covered`: then the page takes them from the index it is
 * read in order from, whose narrow entries cost PostgreSQL 15% less CPU per page than the 20
 * lookups of wide table rows (docs/benchmarks.md). Carrying the columns out of a scan that is
 * sorted instead (rating, popularity, a search) copies them through the sort: in a test on the
 * demo catalog, a rating-sorted page took 1.23x as long as with the lookup by id.
 * Without a search, the count is an init plan of the same statement (an aggregate over the page
 * answers one row even past the last match; a count over the window would sort every match
 * instead of the top rows). A search finds its matches once through the full-text index, then
 * ranks and counts that set in the same statement (ranking in the scan invites a seq scan of the
 * whole catalog that evaluates the query on every row).
 */
function pageStatement(
  condition: SQL,
  order: PageOrder,
  searching: boolean,
  bind: Bind,
  page: PageParams,
): SQL {
  const source = searching ? sql`matched p` : sql`${products} p WHERE ${condition}`;
  const carried = order.covered && !searching;
  const imageUrlPrefixJson = sql`${bind('imageUrlPrefixJson', page.imageUrlPrefixJson)}`;
  return sql`
    WITH ${searching ? sql`matched AS MATERIALIZED (SELECT p.* FROM ${products} p WHERE ${condition}),` : sql``}
    page AS MATERIALIZED (
      SELECT chosen.*, row_number() OVER () AS position FROM (
        SELECT ${carried ? LIST_COLUMNS : sql`p.id`} FROM ${source} ORDER BY ${order.orderBy()}
        LIMIT ${bind('limit', page.limit)} OFFSET ${bind('offset', page.offset)}) chosen)
    SELECT (SELECT count(*)::int FROM ${source}) AS total,
      coalesce(string_agg(${itemJson(imageUrlPrefixJson)}, ',' ORDER BY ${carried ? sql`p` : sql`page`}.position), '') AS items
    FROM ${carried ? sql`page p` : sql`page JOIN ${products} p ON p.id = page.id`}`;
}

const pageOf = (row: PageRow | undefined): PageOfProducts => ({
  itemsJson: row?.items ?? '',
  total: row?.total ?? 0,
});

/** A page whose statement is built for this call, its values in it (searches, option filters). */
export async function pageOfProducts(
  run: RunStatement,
  condition: SQL,
  order: PageOrder,
  searching: boolean,
  page: PageParams,
): Promise<PageOfProducts> {
  const [row] = await run<PageRow & Record<string, unknown>>(
    pageStatement(condition, order, searching, inline, page),
  );
  return pageOf(row);
}

/** Distinct shapes that get a statement of their own; pages of later shapes are built per call. */
const MAX_SHAPES = 100;
const statementOfShape = new Map<string, FixedStatement<PageRow>>();

/**
 * A page without a search or option filters (the storefront's filtered, sorted lists): its SQL
 * text is built once per shape of the query (which filters, which order: see
 * ProductFilters.shape), its values are placeholders filled per call, and `run` runs it as a fixed
 * statement (prepared once per connection). Building the text through Drizzle on every call
 * was 5–7% of the uncached list's CPU; the shape and values are read from the query (shapeOf),
 * the filters' SQL is made only for a new shape. `order.orderBy` is the order of this query (its
 * text depends on `sortKey` alone). Undefined when the bounded set of shapes is full, or for
 * option filters: build the page per call then.
 */
export async function pageOfShape(
  run: RunFixed,
  query: Partial<ProductListQuery>,
  admin: boolean,
  order: PageOrder,
  page: PageParams,
): Promise<PageOfProducts | undefined> {
  const known = shapeOf(query, admin);
  if (known === undefined) return undefined; // option filters: their values are not placeholders
  const shape = `${known.shape} ${order.sortKey}${order.covered ? ' covered' : ''}`;
  let statement = statementOfShape.get(shape);
  if (statement === undefined) {
    if (statementOfShape.size >= MAX_SHAPES) return undefined;
    const bind = placeholders({});
    const filters = productFilters(query, admin, undefined, bind);
    statement = fixedStatement<PageRow>(
      `catalog_product_page_${statementOfShape.size}`,
      pageStatement(conditionOf(filters), order, false, bind, page),
    );
    statementOfShape.set(shape, statement);
  }
  const [row] = await run(statement, { ...known.values, ...page });
  return pageOf(row);
}
