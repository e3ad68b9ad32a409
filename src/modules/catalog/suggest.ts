import { sql, type SQL } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context';
import { ok, serializeWith } from '../../platform/http';
import { cachedCatalogResponse, listDependencies } from './cache';
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
 * Answered as the JSON envelope the route sends, made by the route's serializer (`reply`) on a miss
 * and cached as those bytes like the product pages and lists: a hit costs no Redis command while
 * the bump feed is confirmed (docs/caching.md).
 */
export async function suggestionsJson(
  ctx: AppContext,
  q: string,
  limit: number,
  reply: FastifyReply,
): Promise<string | Buffer> {
  const term = q.replace(/\s+/g, ' ').trim();
  if (term === '') return serializeWith(reply, ok({ products: [], categories: [], brands: [] }));
  return cachedCatalogResponse(
    ctx,
    'suggest',
    { term, limit },
    async () => serializeWith(reply, ok(await loadSuggestions(ctx, term, limit))),
    listDependencies(),
  );
}

async function loadSuggestions(ctx: AppContext, term: string, limit: number): Promise<Suggestions> {
  const db = ctx.database.reads;
  const search = await productSearch(db, term);
  const visible = conditionOf(productFilters({}, false, undefined));
  // A short prefix matches thousands of products ("h": 45% of a 10,000-product catalog), and
  // ranking all of them costs more than a keystroke allows: rank at most this many exact matches
  // (no typo) and this many others. Exact matches rank first, so the top few stay right.
  const candidates = (condition: SQL) =>
    sql`(SELECT p.id, p.slug, p.name, p.price_min, p.currency, p.search_vector
      FROM ${products} p WHERE ${visible} AND ${condition} LIMIT ${SUGGEST_CANDIDATES})`;
  // Categories and brands in one statement (one round trip fewer per keystroke), each list ranked
  // and limited on its own.
  const named = (table: typeof categories | typeof brands, kind: string, match: string) =>
    sql`(SELECT ${kind} AS kind, n.id, n.slug, n.name,
        row_number() OVER (ORDER BY length(n.name), n.name, n.id) AS position
      FROM ${table} n WHERE to_tsvector('english', unaccent(n.name)) @@ to_tsquery('english', ${match})
      ORDER BY position LIMIT ${limit})`;
  const namedLists = (match: string) =>
    db.execute<{ kind: 'category' | 'brand'; id: string; slug: string; name: string }>(sql`
      SELECT kind, id, slug, name FROM (
        ${named(categories, 'category', match)} UNION ALL ${named(brands, 'brand', match)}) x
      ORDER BY kind, position`);
  const [productRows, namedRows] = await Promise.all([
    // The candidates carry the columns the ranking and the answer need (no second read of them);
    // the image is looked up for the chosen few only.
    db.execute<ProductRow>(sql`
      WITH candidate AS MATERIALIZED (
        ${search.exactOnly ? candidates(search.condition) : sql`${candidates(search.exactCondition)} UNION ALL ${candidates(search.condition)}`}),
      top AS MATERIALIZED (
        SELECT p.id, p.slug, p.name, p.price_min, p.currency,
          row_number() OVER (ORDER BY ${search.rank(sql`DESC`)}, p.id) AS position
        FROM (SELECT DISTINCT ON (c.id) c.* FROM candidate c) p
        ORDER BY position LIMIT ${limit})
      SELECT t.id, t.slug, t.name, t.price_min, t.currency,
        img.id AS image_id, img.original_key, img.small_key, img.medium_key
      FROM top t
      LEFT JOIN LATERAL (
        SELECT i.id, i.original_key, i.small_key, i.medium_key FROM ${productImages} i
        WHERE i.product_id = t.id ORDER BY i.position, i.created_at LIMIT 1) img ON true
      ORDER BY t.position`),
    search.match === null ? { rows: [] } : namedLists(search.match),
  ]);
  const namesOf = (kind: 'category' | 'brand') =>
    namedRows.rows.filter((r) => r.kind === kind).map(({ id, slug, name }) => ({ id, slug, name }));
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
    categories: namesOf('category'),
    brands: namesOf('brand'),
  };
}
