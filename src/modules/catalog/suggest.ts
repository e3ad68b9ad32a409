import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { cachedCatalog } from './cache';
import { conditionOf, productFilters } from './product-filters';
import { productSearch } from './search';
import { imageView } from './service';
import { brands, categories, productImages, products } from './tables';

/** Matches ranked per list at most, of each kind (exact, any). */
const SUGGEST_CANDIDATES = 300;

export interface Suggestions {
  products: Array<{
    id: string;
    slug: string;
    name: string;
    image: ReturnType<typeof imageView> | null;
    priceMin: number;
    currency: string;
  }>;
  categories: Array<{ id: string; slug: string; name: string }>;
  brands: Array<{ id: string; slug: string; name: string }>;
}

type ProductRow = Omit<Suggestions['products'][number], 'image' | 'priceMin'> & {
  price_min: number;
  image_id: string | null;
  original_key: string | null;
  small_key: string | null;
  medium_key: string | null;
};

/**
 * Search-as-you-type: the products a shopper can buy, and the categories and brands, whose words
 * match `q` as the product search reads it (typos, synonyms, the last word as a prefix), best first.
 */
export async function suggest(ctx: AppContext, q: string, limit: number): Promise<Suggestions> {
  const term = q.replace(/\s+/g, ' ').trim();
  if (term === '') return { products: [], categories: [], brands: [] };
  return cachedCatalog(ctx, 'suggest', { term, limit }, () => loadSuggestions(ctx, term, limit));
}

async function loadSuggestions(ctx: AppContext, term: string, limit: number): Promise<Suggestions> {
  const db = ctx.database.reads;
  const search = await productSearch(db, term);
  const visible = conditionOf(productFilters({}, false, undefined));
  // A short prefix matches thousands of products ("h": 45% of a 10,000-product catalog), and
  // ranking all of them costs more than a keystroke allows: rank at most this many exact matches
  // (no typo) and this many others. Exact matches rank first, so the top few stay right.
  const candidates = (condition: SQL) =>
    sql`(SELECT p.id FROM ${products} p WHERE ${visible} AND ${condition} LIMIT ${SUGGEST_CANDIDATES})`;
  const named = (table: typeof categories | typeof brands, match: string) =>
    db.execute<{ id: string; slug: string; name: string }>(sql`
      SELECT n.id, n.slug, n.name FROM ${table} n
      WHERE to_tsvector('english', unaccent(n.name)) @@ to_tsquery('english', ${match})
      ORDER BY length(n.name), n.name, n.id LIMIT ${limit}`);
  const [productRows, categoryRows, brandRows] = await Promise.all([
    db.execute<ProductRow>(sql`
      WITH candidate AS MATERIALIZED (
        ${search.exactOnly ? candidates(search.condition) : sql`${candidates(search.exactCondition)} UNION ${candidates(search.condition)}`})
      SELECT p.id, p.slug, p.name, p.price_min, p.currency,
        img.id AS image_id, img.original_key, img.small_key, img.medium_key
      FROM (
        -- OFFSET 0 keeps the ranking on the candidates (else the planner may rank the whole catalog
        -- in order, hoping to stop early), and = ANY(ARRAY(…)) reads them by primary key.
        SELECT c.id, c.slug, c.name, c.price_min, c.currency, c.search_vector
        FROM ${products} c WHERE c.id = ANY(ARRAY(SELECT id FROM candidate)) OFFSET 0) p
      LEFT JOIN LATERAL (
        SELECT i.id, i.original_key, i.small_key, i.medium_key FROM ${productImages} i
        WHERE i.product_id = p.id ORDER BY i.position, i.created_at LIMIT 1) img ON true
      ORDER BY ${search.rank(sql`DESC`)}, p.id
      LIMIT ${limit}`),
    search.match === null ? { rows: [] } : named(categories, search.match),
    search.match === null ? { rows: [] } : named(brands, search.match),
  ]);
  return {
    products: productRows.rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      priceMin: r.price_min,
      currency: r.currency,
      image:
        r.image_id && r.original_key && r.small_key && r.medium_key
          ? imageView(ctx, {
              id: r.image_id,
              originalKey: r.original_key,
              smallKey: r.small_key,
              mediumKey: r.medium_key,
            })
          : null,
    })),
    categories: categoryRows.rows,
    brands: brandRows.rows,
  };
}
