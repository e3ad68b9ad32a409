import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import {
  conditionOf,
  inStockCondition,
  variantOptionConditions,
  type ProductFilters,
} from './product-filters';
import type { ProductFacets } from './schemas';
import { brands, categories, products, tags, variants } from './tables';

// Facet counts over the products matching the list query, each facet without its own filter (so
// its counts are what the list would hold with that value chosen instead of, or besides, the
// current one). Counts are of products, never of variants.

type Named = { id: string; slug: string; name: string; count: number };

/** Per category, the matching products in it or in its sub-categories (as the category filter). */
function categoryFacet(db: Database, filters: ProductFilters) {
  return db.execute<Named>(sql`
    WITH RECURSIVE tree AS (
      SELECT id, id AS ancestor FROM ${categories}
      UNION ALL SELECT c.id, tree.ancestor FROM ${categories} c JOIN tree ON c.parent_id = tree.id)
    SELECT a.id, a.slug, a.name, count(*)::int AS count
    FROM ${products} p JOIN tree ON tree.id = p.category_id JOIN ${categories} a ON a.id = tree.ancestor
    WHERE ${conditionOf(filters, { except: ['category'] })}
    GROUP BY a.id ORDER BY count DESC, a.name, a.id`);
}

function brandFacet(db: Database, filters: ProductFilters) {
  return db.execute<Named>(sql`
    SELECT b.id, b.slug, b.name, count(*)::int AS count
    FROM ${products} p JOIN ${brands} b ON b.id = p.brand_id
    WHERE ${conditionOf(filters, { except: ['brand'] })}
    GROUP BY b.id ORDER BY count DESC, b.name, b.id`);
}

/** From each product's own tag ids (catalog/derived.ts), not a join of every tag assignment. */
function tagFacet(db: Database, filters: ProductFilters) {
  return db.execute<Omit<Named, 'id'>>(sql`
    SELECT t.slug, t.name, count(*)::int AS count
    FROM ${products} p CROSS JOIN LATERAL unnest(p.tag_ids) AS pt(tag_id) JOIN ${tags} t ON t.id = pt.tag_id
    WHERE ${conditionOf(filters, { except: ['tag'] })}
    GROUP BY t.id ORDER BY count DESC, t.name, t.id`);
}

/**
 * Option values of the matching products' active variants. The values of an option that is
 * filtered on are counted without that option's filter (`only` names it); the other options'
 * filters still apply to the same variant.
 */
function optionFacet(db: Database, filters: ProductFilters, only?: string) {
  const onVariant = variantOptionConditions(filters, sql`v`, only);
  const filtered = Object.keys(filters.options);
  const keys: SQL =
    only !== undefined ? sql`o.key = ${only}` : sql`NOT (o.key = ANY(${sql.param(filtered)}::text[]))`;
  // Without another option's filter to hold on the same variant, each product's own distinct
  // option pairs (catalog/derived.ts) count it once per value: no variant rows, no DISTINCT.
  if (onVariant.length === 0)
    return db.execute<{ name: string; value: string; count: number }>(sql`
      SELECT o.key AS name, o.value, count(*)::int AS count
      FROM ${products} p CROSS JOIN LATERAL unnest(p.option_names, p.option_values) AS o(key, value)
      WHERE ${conditionOf(filters, { withOptions: false })} AND ${keys}
      GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`);
  // unnest(ARRAY(…)) rather than jsonb_each_text: the planner guesses 10 keys per variant instead
  // of 100, which keeps the estimate (and JIT compilation, ~25 ms) out of a 10 ms query.
  return db.execute<{ name: string; value: string; count: number }>(sql`
    SELECT o.key AS name, v.options ->> o.key AS value, count(DISTINCT p.id)::int AS count
    FROM ${products} p
    JOIN ${variants} v ON v.product_id = p.id AND v.active
      ${onVariant.length > 0 ? sql`AND ${sql.join(onVariant, sql` AND `)}` : sql``}
    CROSS JOIN LATERAL unnest(ARRAY(SELECT jsonb_object_keys(v.options))) AS o(key)
    WHERE ${conditionOf(filters, { withOptions: false })} AND ${keys}
    GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`);
}

/** Price range without the price filter, in-stock count without the stock filter, in one scan. */
function priceAndStockFacet(db: Database, filters: ProductFilters) {
  const price = filters.byFacet.price ?? sql`true`;
  const stock = filters.byFacet.inStock ?? sql`true`;
  return db.execute<{ min: number | null; max: number | null; in_stock: number }>(sql`
    SELECT min(p.price_min) FILTER (WHERE ${stock}) AS min, max(p.price_min) FILTER (WHERE ${stock}) AS max,
      count(*) FILTER (WHERE ${price} AND ${inStockCondition})::int AS in_stock
    FROM ${products} p
    WHERE ${conditionOf(filters, { except: ['price', 'inStock'] })}`);
}

export async function productFacets(db: Database, filters: ProductFilters): Promise<ProductFacets> {
  const [categoryRows, brandRows, tagRows, priceRows, ...optionResults] = await Promise.all([
    categoryFacet(db, filters),
    brandFacet(db, filters),
    tagFacet(db, filters),
    priceAndStockFacet(db, filters),
    optionFacet(db, filters),
    ...Object.keys(filters.options).map((name) => optionFacet(db, filters, name)),
  ]);
  const options: ProductFacets['options'] = {};
  for (const row of optionResults.flatMap((r) => r.rows))
    (options[row.name] ??= []).push({ value: row.value, count: row.count });
  const range = priceRows.rows[0];
  return {
    categories: categoryRows.rows,
    brands: brandRows.rows,
    tags: tagRows.rows,
    options,
    price: {
      min: range?.min === null || range?.min === undefined ? null : Number(range.min),
      max: range?.max === null || range?.max === undefined ? null : Number(range.max),
    },
    inStock: range?.in_stock ?? 0,
  };
}
