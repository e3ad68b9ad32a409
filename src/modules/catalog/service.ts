import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Database, Tx } from '../../platform/db';
import type { AppError } from '../../platform/errors';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { offsetOf, pageMeta, type PageMeta } from '../../platform/pagination';
import { storageFor } from '../../platform/storage';
import { createStockLevels, setStock, updateStockSettings } from '../inventory/service';
import { lowStockThresholdOf, stockOf, unitsSoldOf } from '../inventory/stock-sql';
import { cachedCatalog, invalidateCatalog } from './cache';
import { productFacets } from './facets';
import { conditionOf, inStockCondition, productFilters } from './product-filters';
import { indexName, indexProducts, productSearch } from './search';
import type {
  CreateProductInput,
  CreateVariantInput,
  ProductFacets,
  ProductListQuery,
  UpdateProductInput,
  UpdateVariantInput,
} from './schemas';
import { slugify } from './slug';
import {
  brands,
  categories,
  productImages,
  products,
  productTags,
  tags,
  variants,
  type ProductOption,
} from './tables';
import { announceProduct } from './events';

export { invalidateCatalog } from './cache';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export interface Viewer {
  /** Admins see archived/draft products and inactive variants, and bypass the cache. */
  admin: boolean;
}

// ---------------------------------------------------------------- database error translation
const constraintErrors: Record<string, () => AppError> = {
  products_slug_key: () => conflict('SLUG_TAKEN', 'A product with this slug already exists'),
  categories_slug_key: () => conflict('SLUG_TAKEN', 'A category with this slug already exists'),
  brands_slug_key: () => conflict('SLUG_TAKEN', 'A brand with this slug already exists'),
  tags_slug_key: () => conflict('SLUG_TAKEN', 'A tag with this slug already exists'),
  variants_sku_key: () => conflict('SKU_TAKEN', 'A variant with this SKU already exists'),
  products_category_id_categories_id_fk: () =>
    badRequest('VALIDATION_ERROR', 'categoryId does not exist', [
      { path: 'categoryId', message: 'Unknown category' },
    ]),
  products_brand_id_brands_id_fk: () =>
    badRequest('VALIDATION_ERROR', 'brandId does not exist', [{ path: 'brandId', message: 'Unknown brand' }]),
  categories_parent_id_categories_id_fk: () =>
    badRequest('VALIDATION_ERROR', 'parentId does not exist', [
      { path: 'parentId', message: 'Unknown category' },
    ]),
};

/** Turns the database's unique/foreign-key violations into 409/400 with a machine code. */
export function translateDbError(error: unknown): never {
  const pgError = (error as { cause?: unknown }).cause ?? error;
  const { code, constraint, detail } = pgError as { code?: string; constraint?: string; detail?: string };
  if ((code === '23505' || code === '23503') && constraint && constraintErrors[constraint]) {
    const translated = constraintErrors[constraint]();
    if (code === '23505' && detail && translated.code === 'SKU_TAKEN') {
      const sku = /\(sku\)=\((.*)\)/.exec(detail)?.[1];
      if (sku)
        throw conflict('SKU_TAKEN', `A variant with SKU ${sku} already exists`, [
          { path: 'sku', message: sku },
        ]);
    }
    throw translated;
  }
  throw error;
}

async function write<T>(ctx: AppContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.database.transaction(fn);
  } catch (error) {
    translateDbError(error);
  } finally {
    // Also after a failure: harmless, and it keeps the rule "every write bumps" simple.
    await invalidateCatalog(ctx);
  }
}

/** Next free slug for `base` in `table` ("mug", "mug-2", "mug-3", ...). */
async function freeSlug(
  db: Database,
  table: typeof products | typeof categories | typeof brands | typeof tags,
  base: string,
  exceptId?: string,
): Promise<string> {
  const rows = await db
    .select({ slug: table.slug, id: table.id })
    .from(table)
    .where(sql`${table.slug} = ${base} OR ${table.slug} LIKE ${`${base}-%`}`);
  const taken = new Set(rows.filter((r) => r.id !== exceptId).map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

// ---------------------------------------------------------------- categories
export interface CategoryView {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  description: string | null;
  depth: number;
  productCount: number;
}

/** The whole tree, depth first (parents before children), with recursive active product counts. */
export async function listCategories(ctx: AppContext): Promise<CategoryView[]> {
  return cachedCatalog(ctx, 'categories', {}, async () => {
    const result = await ctx.database.db.execute<{
      id: string;
      name: string;
      slug: string;
      parentId: string | null;
      description: string | null;
      own: number;
    }>(sql`
      SELECT c.id, c.name, c.slug, c.parent_id AS "parentId", c.description,
        (SELECT count(*)::int FROM ${products} p WHERE p.category_id = c.id AND p.status = 'ACTIVE') AS own
      FROM ${categories} c ORDER BY c.name, c.id`);
    const rows = result.rows;
    const children = new Map<string | null, typeof rows>();
    for (const row of rows) {
      const key = row.parentId && rows.some((r) => r.id === row.parentId) ? row.parentId : null;
      children.set(key, [...(children.get(key) ?? []), row]);
    }
    const out: CategoryView[] = [];
    const visit = (parent: string | null, depth: number): number => {
      let total = 0;
      for (const row of children.get(parent) ?? []) {
        const view: CategoryView = {
          id: row.id,
          name: row.name,
          slug: row.slug,
          parentId: row.parentId,
          description: row.description,
          depth,
          productCount: 0,
        };
        out.push(view);
        view.productCount = row.own + visit(row.id, depth + 1);
        total += view.productCount;
      }
      return total;
    };
    visit(null, 0);
    return out;
  });
}

async function categoryView(ctx: AppContext, id: string): Promise<CategoryView> {
  await invalidateCatalog(ctx);
  const found = (await listCategories(ctx)).find((c) => c.id === id);
  if (!found) throw notFound('Category');
  return found;
}

export async function createCategory(
  ctx: AppContext,
  input: {
    name: string;
    slug?: string | undefined;
    parentId?: string | null | undefined;
    description?: string | null | undefined;
  },
): Promise<CategoryView> {
  const id = await write(ctx, async (tx) => {
    const slug = input.slug ?? (await freeSlug(tx.db, categories, slugify(input.name)));
    const [row] = await tx.db
      .insert(categories)
      .values({
        name: input.name,
        slug,
        parentId: input.parentId ?? null,
        description: input.description ?? null,
      })
      .returning({ id: categories.id });
    await indexName(tx, 'CATEGORY', row!.id, input.name);
    return row!.id;
  });
  return categoryView(ctx, id);
}

export async function updateCategory(
  ctx: AppContext,
  id: string,
  input: {
    name?: string | undefined;
    slug?: string | undefined;
    parentId?: string | null | undefined;
    description?: string | null | undefined;
  },
): Promise<CategoryView> {
  await write(ctx, async (tx) => {
    if (input.parentId) {
      // The new parent must not be the category itself or one of its descendants.
      const result = await tx.db.execute<{ id: string }>(sql`
        WITH RECURSIVE sub AS (
          SELECT id FROM ${categories} WHERE id = ${id}
          UNION SELECT c.id FROM ${categories} c JOIN sub ON c.parent_id = sub.id)
        SELECT id FROM sub WHERE id = ${input.parentId}`);
      if (result.rows.length > 0) throw conflict('CATEGORY_CYCLE', 'A category cannot be moved under itself');
    }
    const updated = await tx.db
      .update(categories)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.slug !== undefined ? { slug: input.slug } : {}),
        ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        updatedAt: new Date(),
      })
      .where(eq(categories.id, id))
      .returning({ id: categories.id, name: categories.name });
    if (updated.length === 0) throw notFound('Category');
    await indexName(tx, 'CATEGORY', id, updated[0]!.name);
  });
  return categoryView(ctx, id);
}

/** Deletes a category; its children move up to its parent, its products become uncategorised. */
export async function deleteCategory(ctx: AppContext, id: string): Promise<void> {
  await write(ctx, async (tx) => {
    const [row] = await tx.db.select().from(categories).where(eq(categories.id, id)).for('update');
    if (!row) throw notFound('Category');
    await tx.db.update(categories).set({ parentId: row.parentId }).where(eq(categories.parentId, id));
    await tx.db.delete(categories).where(eq(categories.id, id));
    await indexName(tx, 'CATEGORY', id, null);
  });
}

// ---------------------------------------------------------------- brands and tags
type NamedTable = typeof brands | typeof tags;

export async function listNamed(
  ctx: AppContext,
  table: NamedTable,
  query: { page: number; limit: number; searchTerm?: string | undefined },
) {
  const kind = table === brands ? 'brands' : 'tags';
  return cachedCatalog(ctx, kind, query, async () => {
    const where = query.searchTerm
      ? sql`${table.name} ILIKE ${`%${escapeLike(query.searchTerm)}%`}`
      : undefined;
    const [items, [count]] = await Promise.all([
      ctx.database.db
        .select({ id: table.id, name: table.name, slug: table.slug })
        .from(table)
        .where(where)
        .orderBy(asc(table.name), asc(table.id))
        .limit(query.limit)
        .offset(offsetOf(query)),
      ctx.database.db
        .select({ total: sql<number>`count(*)::int` })
        .from(table)
        .where(where),
    ]);
    return { items, meta: pageMeta(query, count?.total ?? 0) };
  });
}

export async function getNamed(ctx: AppContext, table: NamedTable, idOrSlug: string) {
  const [row] = await ctx.database.db
    .select({ id: table.id, name: table.name, slug: table.slug })
    .from(table)
    .where(isUuid(idOrSlug) ? eq(table.id, idOrSlug) : eq(table.slug, idOrSlug));
  if (!row) throw notFound(table === brands ? 'Brand' : 'Tag');
  return row;
}

export async function createNamed(
  ctx: AppContext,
  table: NamedTable,
  input: { name: string; slug?: string | undefined },
) {
  return write(ctx, async (tx) => {
    const slug = input.slug ?? (await freeSlug(tx.db, table, slugify(input.name)));
    const [row] = await tx.db
      .insert(table)
      .values({ name: input.name, slug })
      .returning({ id: table.id, name: table.name, slug: table.slug });
    if (table === brands) await indexName(tx, 'BRAND', row!.id, row!.name);
    return row!;
  });
}

export async function updateNamed(
  ctx: AppContext,
  table: NamedTable,
  id: string,
  input: { name?: string | undefined; slug?: string | undefined },
) {
  return write(ctx, async (tx) => {
    const [row] = await tx.db
      .update(table)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.slug !== undefined ? { slug: input.slug } : {}),
      })
      .where(eq(table.id, id))
      .returning({ id: table.id, name: table.name, slug: table.slug });
    if (!row) throw notFound(table === brands ? 'Brand' : 'Tag');
    if (table === brands) await indexName(tx, 'BRAND', id, row.name);
    // Brand and tag names are part of the products' search documents.
    const affected =
      table === brands
        ? sql`SELECT id FROM ${products} WHERE brand_id = ${id}`
        : sql`SELECT product_id FROM ${productTags} WHERE tag_id = ${id}`;
    await refreshSearch(tx, sql`${products.id} IN (${affected})`);
    return row;
  });
}

export async function deleteNamed(ctx: AppContext, table: NamedTable, id: string): Promise<void> {
  await write(ctx, async (tx) => {
    const affected = await (table === brands
      ? tx.db.select({ id: products.id }).from(products).where(eq(products.brandId, id))
      : tx.db.select({ id: productTags.productId }).from(productTags).where(eq(productTags.tagId, id)));
    const deleted = await tx.db.delete(table).where(eq(table.id, id)).returning({ id: table.id });
    if (deleted.length === 0) throw notFound(table === brands ? 'Brand' : 'Tag');
    if (table === brands) await indexName(tx, 'BRAND', id, null);
    if (affected.length > 0)
      await refreshSearch(
        tx,
        inArray(
          products.id,
          affected.map((a) => a.id),
        ),
      );
  });
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------- derived product columns
/** Recomputes the weighted search document and the trigram text of the matching products. */
export async function refreshSearch(tx: Tx, which: SQL): Promise<void> {
  const refreshed = await tx.db.execute<{ id: string; status: string; text: string }>(sql`
    UPDATE ${products} AS p SET
      search_vector =
        setweight(to_tsvector('english', unaccent(p.name)), 'A') ||
        setweight(to_tsvector('english', unaccent(coalesce(b.name, '') || ' ' || coalesce(tg.names, ''))), 'B') ||
        setweight(to_tsvector('english', unaccent(coalesce(p.description, ''))), 'C'),
      search_text = lower(unaccent(p.name || ' ' || coalesce(b.name, '') || ' ' || coalesce(tg.names, '')))
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

// ---------------------------------------------------------------- product reads
interface ImageRow {
  id: string;
  originalKey: string;
  smallKey: string;
  mediumKey: string;
}

export function imageView(ctx: AppContext, row: ImageRow) {
  const storage = storageFor(ctx.config);
  return {
    id: row.id,
    url: storage.url(row.originalKey),
    thumbnails: { small: storage.url(row.smallKey), medium: storage.url(row.mediumKey) },
  };
}

export interface ProductListItem {
  id: string;
  slug: string;
  name: string;
  priceMin: number;
  priceMax: number;
  currency: string;
  inStock: boolean;
  rating: { average: number; count: number };
  image: ReturnType<typeof imageView> | null;
}

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

export function listItemFromRow(ctx: AppContext, row: ListItemRow): ProductListItem {
  return {
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
  };
}

export async function listProducts(
  ctx: AppContext,
  query: ProductListQuery,
  viewer: Viewer,
): Promise<{ items: ProductListItem[]; meta: PageMeta & { facets?: ProductFacets } }> {
  if (viewer.admin) return loadProductList(ctx, query, viewer);
  // Customers: the normalised query (unknown parameters already dropped) is the cache key.
  const { status: _ignored, ...key } = query;
  return cachedCatalog(ctx, 'products', key, () => loadProductList(ctx, key, viewer));
}

async function loadProductList(
  ctx: AppContext,
  query: ProductListQuery,
  viewer: Viewer,
): Promise<{ items: ProductListItem[]; meta: PageMeta & { facets?: ProductFacets } }> {
  const term = query.searchTerm?.replace(/\s+/g, ' ').trim();
  const search = term ? await productSearch(ctx.database.db, term) : undefined;
  const filters = productFilters(query, viewer.admin, search);

  const sortBy = query.sortBy ?? (search ? 'relevance' : 'createdAt');
  const order =
    (query.sortOrder ?? (sortBy === 'name' || sortBy === 'price' ? 'asc' : 'desc')) === 'asc'
      ? sql`ASC`
      : sql`DESC`;
  const orderBy: Record<typeof sortBy, SQL> = {
    price: sql`p.price_min ${order}`,
    createdAt: sql`p.created_at ${order}`,
    rating: sql`p.rating_average ${order}, p.rating_count ${order}`,
    name: sql`p.name ${order}`,
    popularity: sql`${unitsSoldOf(sql`p.id`)} ${order}, p.rating_count ${order}`,
    relevance: search ? search.rank(order) : sql`p.created_at ${order}`,
  };
  const condition = sql`WHERE ${conditionOf(filters)}`;

  const [page, count, facets] = await Promise.all([
    // The page is chosen first; stock and image are then read for its rows only (as select-list
    // subqueries over every match, the planner may hash all variants' stock to serve 20 rows).
    ctx.database.db.execute<ListItemRow>(sql`
      WITH page AS MATERIALIZED (
        SELECT chosen.id, row_number() OVER () AS position FROM (
          SELECT p.id FROM ${products} p ${condition}
          ORDER BY ${orderBy[sortBy]}, p.id ${order}
          LIMIT ${query.limit} OFFSET ${offsetOf(query)}) chosen)
      SELECT p.id, p.slug, p.name, p.price_min, p.price_max, p.currency, p.rating_average, p.rating_count,
        ${inStockCondition} AS in_stock,
        img.id AS image_id, img.original_key, img.small_key, img.medium_key
      FROM page JOIN ${products} p ON p.id = page.id
      LEFT JOIN LATERAL (
        SELECT i.id, i.original_key, i.small_key, i.medium_key FROM ${productImages} i
        WHERE i.product_id = p.id ORDER BY i.position, i.created_at LIMIT 1) img ON true
      ORDER BY page.position`),
    ctx.database.db.execute<{ total: number }>(
      sql`SELECT count(*)::int AS total FROM ${products} p ${condition}`,
    ),
    query.facets ? productFacets(ctx.database.db, filters) : undefined,
  ]);

  const items = page.rows.map((row) => listItemFromRow(ctx, row));
  return { items, meta: { ...pageMeta(query, count.rows[0]?.total ?? 0), ...(facets ? { facets } : {}) } };
}

interface ProductRow {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  currency: string;
  options: ProductOption[];
  price_min: number;
  price_max: number;
  rating_average: string;
  rating_count: number;
  created_at: string | Date;
  updated_at: string | Date;
  category: { id: string; name: string; slug: string } | null;
  brand: { id: string; name: string; slug: string } | null;
  tags: Array<{ id: string; name: string; slug: string }>;
  variants: Array<{
    id: string;
    sku: string;
    options: Record<string, string>;
    price: number;
    compareAtPrice: number | null;
    stock: number;
    lowStockThreshold: number;
    active: boolean;
  }>;
  images: ImageRow[];
}

export type ProductView = Awaited<ReturnType<typeof loadProduct>>;

/** One product in one query (category, brand, tags, variants, images as JSON sub-selects). */
async function loadProduct(db: Database, ctx: AppContext, idOrSlug: string, viewer: Viewer) {
  const match = isUuid(idOrSlug) ? sql`p.id = ${idOrSlug}` : sql`p.slug = ${idOrSlug}`;
  const activeOnly = viewer.admin ? sql`` : sql`AND v.active`;
  const result = await db.execute<ProductRow & Record<string, unknown>>(sql`
    SELECT p.id, p.slug, p.name, p.description, p.status, p.currency, p.options, p.price_min, p.price_max,
      p.rating_average, p.rating_count, p.created_at, p.updated_at,
      (SELECT json_build_object('id', c.id, 'name', c.name, 'slug', c.slug) FROM ${categories} c WHERE c.id = p.category_id) AS category,
      (SELECT json_build_object('id', b.id, 'name', b.name, 'slug', b.slug) FROM ${brands} b WHERE b.id = p.brand_id) AS brand,
      coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'slug', t.slug) ORDER BY t.name)
        FROM ${productTags} pt JOIN ${tags} t ON t.id = pt.tag_id WHERE pt.product_id = p.id), '[]') AS tags,
      coalesce((SELECT json_agg(json_build_object('id', v.id, 'sku', v.sku, 'options', v.options, 'price', v.price,
          'compareAtPrice', v.compare_at_price, 'stock', ${stockOf(sql`v.id`)}, 'lowStockThreshold', ${lowStockThresholdOf(sql`v.id`)},
          'active', v.active) ORDER BY v.position, v.created_at, v.sku)
        FROM ${variants} v WHERE v.product_id = p.id ${activeOnly}), '[]') AS variants,
      coalesce((SELECT json_agg(json_build_object('id', i.id, 'originalKey', i.original_key, 'smallKey', i.small_key,
          'mediumKey', i.medium_key) ORDER BY i.position, i.created_at)
        FROM ${productImages} i WHERE i.product_id = p.id), '[]') AS images
    FROM ${products} p WHERE ${match}`);
  const row = result.rows[0];
  if (!row || (!viewer.admin && (row.status !== 'ACTIVE' || row.variants.length === 0))) return null;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    status: row.status,
    currency: row.currency,
    category: row.category,
    brand: row.brand,
    tags: row.tags,
    options: row.options,
    variants: row.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      options: v.options,
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      currency: row.currency,
      stock: v.stock,
      inStock: v.active && v.stock > 0,
      ...(viewer.admin ? { lowStockThreshold: v.lowStockThreshold, active: v.active } : {}),
    })),
    images: row.images.map((image) => imageView(ctx, image)),
    priceMin: row.price_min,
    priceMax: row.price_max,
    inStock: row.variants.some((v) => v.active && v.stock > 0),
    rating: { average: Number(row.rating_average), count: row.rating_count },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function getProduct(ctx: AppContext, idOrSlug: string, viewer: Viewer) {
  const product = viewer.admin
    ? await loadProduct(ctx.database.db, ctx, idOrSlug, viewer)
    : await cachedCatalog(ctx, 'product', idOrSlug, () =>
        loadProduct(ctx.database.db, ctx, idOrSlug, viewer),
      );
  if (!product) throw notFound('Product');
  return product;
}

export async function getVariant(ctx: AppContext, idOrSlug: string, variantId: string, viewer: Viewer) {
  const product = await getProduct(ctx, idOrSlug, viewer);
  const variant = product.variants.find((v) => v.id === variantId);
  if (!variant) throw notFound('Variant');
  return variant;
}

export interface PurchasableVariant {
  variantId: string;
  productId: string;
  productName: string;
  productSlug: string;
  sku: string;
  options: Record<string, string>;
  price: number;
  currency: string;
  stock: number;
  /** Active variant of an ACTIVE product: can be sold. */
  purchasable: boolean;
  image: ReturnType<typeof imageView> | null;
}

/**
 * For cart and checkout: the current price, stock and sellability of variants, in one query.
 * Pass `tx` to read inside the checkout transaction. Missing ids are simply absent from the map.
 */
export async function findVariants(
  ctx: AppContext,
  variantIds: string[],
  options: { tx?: Tx } = {},
): Promise<Map<string, PurchasableVariant>> {
  const out = new Map<string, PurchasableVariant>();
  const ids = [...new Set(variantIds)].filter(isUuid);
  if (ids.length === 0) return out;
  const db = options.tx?.db ?? ctx.database.db;
  const rows = await db
    .select({
      variantId: variants.id,
      productId: products.id,
      productName: products.name,
      productSlug: products.slug,
      sku: variants.sku,
      options: variants.options,
      price: variants.price,
      currency: products.currency,
      stock: stockOf(variants.id),
      active: variants.active,
      status: products.status,
      imageId: productImages.id,
      originalKey: productImages.originalKey,
      smallKey: productImages.smallKey,
      mediumKey: productImages.mediumKey,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(
      productImages,
      sql`${productImages.id} = (SELECT i.id FROM ${productImages} i WHERE i.product_id = ${products.id} ORDER BY i.position, i.created_at LIMIT 1)`,
    )
    .where(inArray(variants.id, ids));
  for (const row of rows) {
    out.set(row.variantId, {
      variantId: row.variantId,
      productId: row.productId,
      productName: row.productName,
      productSlug: row.productSlug,
      sku: row.sku,
      options: row.options,
      price: row.price,
      currency: row.currency,
      stock: row.stock,
      purchasable: row.active && row.status === 'ACTIVE',
      image:
        row.imageId && row.originalKey && row.smallKey && row.mediumKey
          ? imageView(ctx, {
              id: row.imageId,
              originalKey: row.originalKey,
              smallKey: row.smallKey,
              mediumKey: row.mediumKey,
            })
          : null,
    });
  }
  return out;
}

/** The default variant of a product that has exactly one active variant (cart "add by productId"). */
export async function defaultVariantId(ctx: AppContext, productId: string): Promise<string | null> {
  if (!isUuid(productId)) return null;
  const rows = await ctx.database.db
    .select({ id: variants.id })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(variants.productId, productId), eq(variants.active, true), eq(products.status, 'ACTIVE')))
    .limit(2);
  return rows.length === 1 ? rows[0]!.id : null;
}

// ---------------------------------------------------------------- product writes
function validateVariantOptions(
  productOptions: ProductOption[],
  list: Array<{ options?: Record<string, string> | undefined; sku?: string | undefined }>,
  path = 'variants',
): void {
  const names = productOptions.map((o) => o.name);
  if (new Set(names).size !== names.length)
    throw badRequest('VALIDATION_ERROR', 'Option names must be unique', [
      { path: 'options', message: 'duplicate name' },
    ]);
  for (const [i, option] of productOptions.entries()) {
    if (new Set(option.values).size !== option.values.length)
      throw badRequest('VALIDATION_ERROR', 'Option values must be unique', [
        { path: `options.${i}.values`, message: 'duplicate value' },
      ]);
  }
  if (productOptions.length === 0 && list.length > 1)
    throw badRequest('VALIDATION_ERROR', 'A product without options has exactly one variant', [
      { path, message: 'add options to have several variants' },
    ]);
  const combos = new Set<string>();
  list.forEach((variant, i) => {
    const given = variant.options ?? {};
    for (const key of Object.keys(given)) {
      if (!names.includes(key))
        throw badRequest('VALIDATION_ERROR', `Unknown option ${key}`, [
          { path: `${path}.${i}.options.${key}`, message: 'not an option of the product' },
        ]);
    }
    for (const option of productOptions) {
      const value = given[option.name];
      if (value === undefined || !option.values.includes(value))
        throw badRequest(
          'VALIDATION_ERROR',
          `Variant needs one of ${option.values.join(', ')} for ${option.name}`,
          [
            {
              path: `${path}.${i}.options.${option.name}`,
              message: `expected one of ${option.values.join(', ')}`,
            },
          ],
        );
    }
    const combo = JSON.stringify(productOptions.map((o) => given[o.name]));
    if (combos.has(combo))
      throw conflict('DUPLICATE_VARIANT', 'Two variants have the same option values', [
        { path: `${path}.${i}.options`, message: combo },
      ]);
    combos.add(combo);
  });
}

function normaliseOptions(productOptions: ProductOption[], given: Record<string, string> | undefined) {
  const out: Record<string, string> = {};
  for (const option of productOptions) out[option.name] = given?.[option.name] ?? '';
  return out;
}

async function upsertTags(tx: Tx, names: string[]): Promise<string[]> {
  const bySlug = new Map<string, string>();
  for (const tagName of names) bySlug.set(slugify(tagName), tagName.trim());
  if (bySlug.size === 0) return [];
  const rows = await tx.db
    .insert(tags)
    .values([...bySlug].map(([slug, tagName]) => ({ slug, name: tagName })))
    .onConflictDoUpdate({ target: tags.slug, set: { slug: sql`excluded.slug` } })
    .returning({ id: tags.id });
  return rows.map((r) => r.id);
}

function checkCompareAt(
  list: Array<{ price?: number | undefined; compareAtPrice?: number | null | undefined }>,
) {
  list.forEach((v, i) => {
    if (v.price !== undefined && v.compareAtPrice != null && v.compareAtPrice < v.price)
      throw badRequest('VALIDATION_ERROR', 'compareAtPrice must be at least the price', [
        { path: `variants.${i}.compareAtPrice`, message: 'lower than price' },
      ]);
  });
}

/** Creates a product with its variants inside `tx` (used by the API, the CSV import and the seed). */
export async function insertProduct(
  ctx: AppContext,
  tx: Tx,
  input: CreateProductInput,
  actorId: string | null,
  reason: 'INITIAL' | 'IMPORT' = 'INITIAL',
): Promise<string> {
  const options = input.options ?? [];
  validateVariantOptions(options, input.variants);
  checkCompareAt(input.variants);
  const skus = input.variants.map((v) => v.sku.toUpperCase());
  if (new Set(skus).size !== skus.length) throw conflict('SKU_TAKEN', 'Two variants share a SKU');
  const slug = input.slug ?? (await freeSlug(tx.db, products, slugify(input.name)));
  const [product] = await tx.db
    .insert(products)
    .values({
      name: input.name,
      slug,
      description: input.description ?? null,
      categoryId: input.categoryId ?? null,
      brandId: input.brandId ?? null,
      currency: input.currency ?? ctx.config.DEFAULT_CURRENCY,
      status: input.status ?? 'ACTIVE',
      options,
    })
    .returning({ id: products.id });
  const productId = product!.id;
  const created = await tx.db
    .insert(variants)
    .values(
      input.variants.map((v, position) => ({
        productId,
        sku: v.sku,
        options: normaliseOptions(options, v.options),
        price: v.price,
        compareAtPrice: v.compareAtPrice ?? null,
        active: v.active ?? true,
        position,
      })),
    )
    .returning({ id: variants.id });
  const tagIds = await upsertTags(tx, input.tags ?? []);
  if (tagIds.length > 0)
    await tx.db.insert(productTags).values(tagIds.map((tagId) => ({ productId, tagId })));
  await createStockLevels(
    ctx,
    tx,
    input.variants.map((v, i) => ({
      variantId: created[i]!.id,
      productId,
      sku: v.sku,
      lowStockThreshold: v.lowStockThreshold,
      stock: v.stock,
    })),
    { reason, actorId },
  );
  await refreshPrices(tx, [productId]);
  await refreshSearch(tx, eq(products.id, productId));
  await announceProduct(ctx, tx, 'product.created', {
    id: productId,
    slug,
    name: input.name,
    status: input.status ?? 'ACTIVE',
  });
  return productId;
}

export async function createProduct(ctx: AppContext, input: CreateProductInput, actorId: string | null) {
  const id = await write(ctx, (tx) => insertProduct(ctx, tx, input, actorId));
  return getProduct(ctx, id, { admin: true });
}

/** Updates product fields inside `tx`; returns false when the product does not exist. */
export async function patchProduct(
  ctx: AppContext,
  tx: Tx,
  id: string,
  input: UpdateProductInput,
): Promise<boolean> {
  const [current] = await tx.db.select().from(products).where(eq(products.id, id)).for('update');
  if (!current) return false;
  if (input.options !== undefined) {
    const existing = await tx.db
      .select({ options: variants.options, active: variants.active })
      .from(variants)
      .where(eq(variants.productId, id));
    const active = existing.filter((v) => v.active);
    // Active variants must fit the new options; inactive ones keep their values for order history.
    validateVariantOptions(input.options, active, 'options');
  }
  const [updated] = await tx.db
    .update(products)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.slug !== undefined ? { slug: input.slug } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.categoryId !== undefined ? { categoryId: input.categoryId } : {}),
      ...(input.brandId !== undefined ? { brandId: input.brandId } : {}),
      ...(input.currency !== undefined ? { currency: input.currency } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.options !== undefined ? { options: input.options } : {}),
      updatedAt: new Date(),
    })
    .where(eq(products.id, id))
    .returning();
  if (input.tags !== undefined) {
    await tx.db.delete(productTags).where(eq(productTags.productId, id));
    const tagIds = await upsertTags(tx, input.tags);
    if (tagIds.length > 0)
      await tx.db.insert(productTags).values(tagIds.map((tagId) => ({ productId: id, tagId })));
  }
  await refreshSearch(tx, eq(products.id, id));
  await announceProduct(ctx, tx, 'product.updated', updated!);
  return true;
}

export async function updateProduct(ctx: AppContext, id: string, input: UpdateProductInput) {
  await write(ctx, async (tx) => {
    if (!(await patchProduct(ctx, tx, id, input))) throw notFound('Product');
  });
  return getProduct(ctx, id, { admin: true });
}

/** DELETE archives: hidden from customers, kept for order history. */
export async function archiveProduct(ctx: AppContext, id: string) {
  await write(ctx, async (tx) => {
    const updated = await tx.db
      .update(products)
      .set({ status: 'ARCHIVED', updatedAt: new Date() })
      .where(eq(products.id, id))
      .returning();
    if (!updated[0]) throw notFound('Product');
    await refreshSearch(tx, eq(products.id, id));
    await announceProduct(ctx, tx, 'product.deleted', updated[0]);
  });
  return getProduct(ctx, id, { admin: true });
}

async function lockProduct(tx: Tx, id: string) {
  const [product] = await tx.db.select().from(products).where(eq(products.id, id)).for('update');
  if (!product) throw notFound('Product');
  return product;
}

/** Adds a variant inside `tx`, checking it against the product's options; returns its id. */
export async function addVariantInTx(
  ctx: AppContext,
  tx: Tx,
  productId: string,
  input: CreateVariantInput,
  actorId: string | null,
  reason: 'INITIAL' | 'IMPORT' = 'INITIAL',
): Promise<string> {
  const product = await lockProduct(tx, productId);
  const siblings = await tx.db
    .select({ options: variants.options, position: variants.position, active: variants.active })
    .from(variants)
    .where(eq(variants.productId, productId));
  const active = siblings.filter((s) => s.active);
  if (product.options.length === 0 && active.length > 0)
    throw conflict(
      'SINGLE_VARIANT_PRODUCT',
      'A product without options has exactly one variant; add options first',
    );
  if (input.active ?? true) validateVariantOptions(product.options, [...active, input]);
  else validateVariantOptions(product.options, [input]);
  checkCompareAt([input]);
  const [row] = await tx.db
    .insert(variants)
    .values({
      productId,
      sku: input.sku,
      options: normaliseOptions(product.options, input.options),
      price: input.price,
      compareAtPrice: input.compareAtPrice ?? null,
      active: input.active ?? true,
      position: Math.max(-1, ...siblings.map((s) => s.position)) + 1,
    })
    .returning({ id: variants.id });
  await createStockLevels(
    ctx,
    tx,
    [
      {
        variantId: row!.id,
        productId,
        sku: input.sku,
        lowStockThreshold: input.lowStockThreshold,
        stock: input.stock,
      },
    ],
    { reason, actorId },
  );
  await refreshPrices(tx, [productId]);
  await tx.db.update(products).set({ updatedAt: new Date() }).where(eq(products.id, productId));
  await announceProduct(ctx, tx, 'product.updated', product);
  return row!.id;
}

export async function addVariant(
  ctx: AppContext,
  productId: string,
  input: CreateVariantInput,
  actorId: string | null,
) {
  const variantId = await write(ctx, (tx) => addVariantInTx(ctx, tx, productId, input, actorId));
  return getVariant(ctx, productId, variantId, { admin: true });
}

/** Updates a variant inside `tx`; `stock` is an absolute value recorded as the difference. */
export async function patchVariant(
  ctx: AppContext,
  tx: Tx,
  productId: string,
  variantId: string,
  input: UpdateVariantInput,
  actorId: string | null,
  reason: 'ADJUSTMENT' | 'IMPORT' = 'ADJUSTMENT',
): Promise<void> {
  const product = await lockProduct(tx, productId);
  const [current] = await tx.db
    .select()
    .from(variants)
    .where(and(eq(variants.id, variantId), eq(variants.productId, productId)))
    .for('update');
  if (!current) throw notFound('Variant');
  const options = input.options !== undefined ? input.options : current.options;
  const active = input.active ?? current.active;
  if (input.options !== undefined || (active && !current.active)) {
    const siblings = await tx.db
      .select({ options: variants.options })
      .from(variants)
      .where(
        and(
          eq(variants.productId, productId),
          eq(variants.active, true),
          sql`${variants.id} <> ${variantId}`,
        ),
      );
    if (active) validateVariantOptions(product.options, [...siblings, { options }]);
  }
  if (!active && current.active) await assertNotLastVariant(tx, productId, variantId);
  checkCompareAt([
    {
      price: input.price ?? current.price,
      compareAtPrice: input.compareAtPrice !== undefined ? input.compareAtPrice : current.compareAtPrice,
    },
  ]);
  await tx.db
    .update(variants)
    .set({
      ...(input.sku !== undefined ? { sku: input.sku } : {}),
      ...(input.price !== undefined ? { price: input.price } : {}),
      ...(input.compareAtPrice !== undefined ? { compareAtPrice: input.compareAtPrice } : {}),
      ...(input.options !== undefined ? { options: normaliseOptions(product.options, options) } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updatedAt: new Date(),
    })
    .where(eq(variants.id, variantId));
  await updateStockSettings(tx, variantId, { sku: input.sku, lowStockThreshold: input.lowStockThreshold });
  if (input.stock !== undefined)
    await setStock(ctx, tx, variantId, input.stock, { reason, actorId, note: 'stock set by variant update' });
  await refreshPrices(tx, [productId]);
  await tx.db.update(products).set({ updatedAt: new Date() }).where(eq(products.id, productId));
  await announceProduct(ctx, tx, 'product.updated', product);
}

async function assertNotLastVariant(tx: Tx, productId: string, variantId: string) {
  const others = await tx.db
    .select({ id: variants.id })
    .from(variants)
    .where(
      and(eq(variants.productId, productId), eq(variants.active, true), sql`${variants.id} <> ${variantId}`),
    )
    .limit(1);
  if (others.length === 0)
    throw conflict(
      'LAST_VARIANT',
      'A product keeps at least one active variant; archive the product instead',
    );
}

export async function updateVariant(
  ctx: AppContext,
  productId: string,
  variantId: string,
  input: UpdateVariantInput,
  actorId: string | null,
) {
  await write(ctx, (tx) => patchVariant(ctx, tx, productId, variantId, input, actorId));
  return getVariant(ctx, productId, variantId, { admin: true });
}

/** DELETE deactivates: the variant is kept (orders reference it) but no longer sold or shown. */
export async function deactivateVariant(ctx: AppContext, productId: string, variantId: string) {
  await write(ctx, async (tx) => {
    const product = await lockProduct(tx, productId);
    const [current] = await tx.db
      .select({ active: variants.active })
      .from(variants)
      .where(and(eq(variants.id, variantId), eq(variants.productId, productId)));
    if (!current) throw notFound('Variant');
    if (current.active) await assertNotLastVariant(tx, productId, variantId);
    await tx.db
      .update(variants)
      .set({ active: false, updatedAt: new Date() })
      .where(eq(variants.id, variantId));
    await refreshPrices(tx, [productId]);
    await announceProduct(ctx, tx, 'product.updated', product);
  });
  return getVariant(ctx, productId, variantId, { admin: true });
}
