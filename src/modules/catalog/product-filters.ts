import { sql, type Param, type Placeholder, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { productInStock } from '../inventory/stock-sql';
import type { ProductListQuery } from './schemas';
import type { ProductSearch } from './search';
import { brands, categories, productTags, tags, variants } from './tables';

/** A facet of the product list: it is computed without its own filter, so a shopper can widen it. */
export type FacetName = 'category' | 'brand' | 'tag' | 'price' | 'inStock';

/**
 * The product-list filters as SQL over products aliased `p`, kept apart so that each facet can
 * leave its own out.
 */
export interface ProductFilters {
  /** Always applied: what the viewer may see, and the search term. */
  base: SQL[];
  byFacet: Partial<Record<FacetName, SQL>>;
  /** Filters no facet ignores (rating). */
  other: SQL[];
  /** Option name → accepted values: values of one option OR, options AND, on one active variant. */
  options: Record<string, string[]>;
  /**
   * Which filters there are, their values left out: with `placeholders`, two queries of one shape
   * make the same SQL text. Option filters are never placeholders (their values are in the SQL).
   */
  shape: string;
}

/** How a filter's value goes into its SQL: a parameter (`inline`), or a named placeholder. */
export type Bind = (name: string, value: unknown) => Param | Placeholder<string>;

export const inline: Bind = (_name, value) => sql.param(value);

/** Binds every value as a placeholder of its name and records the value in `values`. */
export function placeholders(values: Record<string, unknown>): Bind {
  return (name, value) => {
    values[name] = value;
    return sql.placeholder(name);
  };
}

const uuid = z.uuid();
const isUuid = (value: string) => uuid.safeParse(value).success;

/** `id = ANY(…) OR slug = ANY(…)` for a list of ids and slugs, on a table aliased `alias`. */
function idOrSlugIn(alias: SQL, values: string[], bind: Bind, name: string): SQL {
  const ids = bind(`${name}Ids`, values.filter(isUuid));
  const slugs = bind(
    `${name}Slugs`,
    values.filter((v) => !isUuid(v)),
  );
  return sql`(${alias}.id = ANY(${ids}::uuid[]) OR ${alias}.slug = ANY(${slugs}::text[]))`;
}

/** The product has an active variant with stock on hand (one index probe: productInStock). */
export const inStockCondition = productInStock(sql`p.id`);

export function productFilters(
  query: Partial<ProductListQuery>,
  admin: boolean,
  search: ProductSearch | undefined,
  bind: Bind = inline,
): ProductFilters {
  const base: SQL[] = [];
  // One letter per filter that changes the text (in the order they are added).
  let shape = admin ? 'A' : 'V';
  if (!admin) {
    base.push(sql`p.status = 'ACTIVE'`);
    // Kept by refreshPrices: a column read, where a lookup of the variants costs every statement
    // of a search (list, count, facets) one index probe per matching product.
    base.push(sql`p.active_variants > 0`);
  } else if (query.status) {
    base.push(sql`p.status = ${bind('status', query.status)}`);
    shape += 's';
  }
  if (search) {
    base.push(search.condition);
    shape += 'q';
  }
  const byFacet: ProductFilters['byFacet'] = {};
  if (query.category)
    byFacet.category = sql`p.category_id IN (
      WITH RECURSIVE sub AS (
        SELECT fc.id FROM ${categories} fc WHERE ${idOrSlugIn(sql`fc`, query.category, bind, 'category')}
        UNION SELECT c.id FROM ${categories} c JOIN sub ON c.parent_id = sub.id)
      SELECT id FROM sub)`;
  if (query.category) shape += 'c';
  if (query.brand) {
    byFacet.brand = sql`p.brand_id IN (SELECT fb.id FROM ${brands} fb WHERE ${idOrSlugIn(sql`fb`, query.brand, bind, 'brand')})`;
    shape += 'b';
  }
  if (query.tag) {
    byFacet.tag = sql`EXISTS (SELECT 1 FROM ${productTags} pt JOIN ${tags} ft ON ft.id = pt.tag_id
      WHERE pt.product_id = p.id AND ${idOrSlugIn(sql`ft`, query.tag, bind, 'tag')})`;
    shape += 't';
  }
  const price: SQL[] = [];
  if (query.minPrice !== undefined) {
    price.push(sql`p.price_min >= ${bind('minPrice', query.minPrice)}`);
    shape += 'm';
  }
  if (query.maxPrice !== undefined) {
    price.push(sql`p.price_min <= ${bind('maxPrice', query.maxPrice)}`);
    shape += 'M';
  }
  if (price.length > 0) byFacet.price = sql.join(price, sql` AND `);
  if (query.inStock !== undefined) {
    byFacet.inStock = query.inStock ? inStockCondition : sql`NOT ${inStockCondition}`;
    shape += query.inStock ? 'i' : 'o';
  }
  const other: SQL[] = [];
  if (query.minRating !== undefined) {
    other.push(sql`p.rating_average >= ${bind('minRating', query.minRating)}`);
    shape += 'r';
  }
  const options = query.option ?? {};
  if (Object.keys(options).length > 0) shape += `p${JSON.stringify(Object.keys(options))}`;
  return { base, byFacet, other, options, shape };
}

/** The values `idOrSlugIn` binds for `values`: its ids and its slugs apart. */
function idsAndSlugs(into: Record<string, unknown>, name: string, values: string[]): void {
  into[`${name}Ids`] = values.filter(isUuid);
  into[`${name}Slugs`] = values.filter((v) => !isUuid(v));
}

/**
 * The shape and placeholder values of a query without a search, as productFilters(query, admin,
 * undefined, placeholders(values)) makes them, without building its SQL: a shape's statement is
 * built once (product-page.ts, pageOfShape), and making every filter's SQL again on each call only
 * to learn these cost the list's server ~3% of its CPU. Undefined with option filters (their
 * values are in the SQL). list-shapes.test.ts checks both agree for every combination of filters.
 */
export function shapeOf(
  query: Partial<ProductListQuery>,
  admin: boolean,
): { shape: string; values: Record<string, unknown> } | undefined {
  if (query.option && Object.keys(query.option).length > 0) return undefined;
  const values: Record<string, unknown> = {};
  let shape = admin ? 'A' : 'V';
  if (admin && query.status) {
    values.status = query.status;
    shape += 's';
  }
  if (query.category) {
    idsAndSlugs(values, 'category', query.category);
    shape += 'c';
  }
  if (query.brand) {
    idsAndSlugs(values, 'brand', query.brand);
    shape += 'b';
  }
  if (query.tag) {
    idsAndSlugs(values, 'tag', query.tag);
    shape += 't';
  }
  if (query.minPrice !== undefined) {
    values.minPrice = query.minPrice;
    shape += 'm';
  }
  if (query.maxPrice !== undefined) {
    values.maxPrice = query.maxPrice;
    shape += 'M';
  }
  if (query.inStock !== undefined) shape += query.inStock ? 'i' : 'o';
  if (query.minRating !== undefined) {
    values.minRating = query.minRating;
    shape += 'r';
  }
  return { shape, values };
}

/** Conditions on variant `alias` for the option filters, leaving out the option named `except`. */
export function variantOptionConditions(filters: ProductFilters, alias: SQL, except?: string): SQL[] {
  return Object.entries(filters.options)
    .filter(([name]) => name !== except)
    .map(([name, values]) => sql`${alias}.options ->> ${name} = ANY(${sql.param(values)}::text[])`);
}

/** Every filter as one condition, without the facets named in `except` and, if `withOptions` is false, the options. */
export function conditionOf(
  filters: ProductFilters,
  { except = [], withOptions = true }: { except?: FacetName[]; withOptions?: boolean } = {},
): SQL {
  const parts = [...filters.base, ...filters.other];
  for (const [name, condition] of Object.entries(filters.byFacet))
    if (!except.includes(name as FacetName)) parts.push(condition);
  const optionConditions = variantOptionConditions(filters, sql`ov`);
  if (withOptions && optionConditions.length > 0)
    parts.push(sql`EXISTS (SELECT 1 FROM ${variants} ov WHERE ov.product_id = p.id AND ov.active
      AND ${sql.join(optionConditions, sql` AND `)})`);
  return parts.length > 0 ? sql.join(parts, sql` AND `) : sql`true`;
}
