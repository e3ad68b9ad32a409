import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context';
import type { Database } from '../../platform/db';
import { isUuid } from '../../platform/ids';
import { notFound } from '../../platform/errors';
import { offsetOf, pageMeta, type PageMeta } from '../../platform/pagination';
import { paged, serializeWith } from '../../platform/http';
import { preparedRows, runFixed } from '../../platform/prepared-statements';
import { storageFor } from '../../platform/storage';
import { lowStockThresholdOf, stockOf, unitsSoldOf } from '../inventory/stock-sql';
import { cachedCatalog, productDependencies } from './cache';
import { productFacets } from './facets';
import {
  pageOfProducts,
  pageOfShape,
  type PageOrder,
  type ListItemRow,
  type RunFixed,
  type RunStatement,
} from './product-page';
import { conditionOf, productFilters } from './product-filters';
import { productSearch, type ProductSearch } from './search';
import type { ProductFacets, ProductListQuery } from './schemas';
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

import type { Viewer } from './write';

// Product reads: lists, one product (cached for customers), and variants for cart and checkout.

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

export type { ListItemRow } from './product-page';

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

/** Customers read the catalog from the read pool; admins from the primary (their own writes). */
export const catalogReader = (ctx: AppContext, viewer: Viewer): Database =>
  viewer.admin ? ctx.database.db : ctx.database.reads;

/**
 * One page of products, read from the database: its items as JSON text (see pageOfProducts) and
 * its meta. Customers' pages are cached as the response text the route sends (catalog/routes.ts,
 * cachedCatalogResponse), not here; `listResponseText` makes that text.
 */
export async function listProducts(
  ctx: AppContext,
  query: ProductListQuery,
  viewer: Viewer,
): Promise<{ itemsJson: string; meta: PageMeta & { facets?: ProductFacets } }> {
  const db = catalogReader(ctx, viewer);
  const term = query.searchTerm?.replace(/\s+/g, ' ').trim();
  const search = term ? await productSearch(db, term) : undefined;
  const sortBy = query.sortBy ?? (search ? 'relevance' : 'createdAt');
  const direction = query.sortOrder ?? (sortBy === 'name' || sortBy === 'price' ? 'asc' : 'desc');
  const order: PageOrder = {
    sortKey: `${sortBy} ${direction}`,
    orderBy: () => orderOf(sortBy, direction === 'asc' ? sql`ASC` : sql`DESC`, search),
    // What products_visible_price_list_idx holds, in its order (see PageOrder).
    covered: !viewer.admin && sortBy === 'price',
  };
  const pool = viewer.admin ? ctx.database.pool : ctx.database.readPool;
  const page = {
    limit: query.limit,
    offset: offsetOf(query),
    // Every URL storage.url makes is this prefix and the key (local: /uploads/<key>, S3: bucket URL).
    imageUrlPrefixJson: JSON.stringify(storageFor(ctx.config).url('')).slice(1, -1),
  };
  const built = async () => {
    // Prepared once per connection, unless its text varies with the input (a search's words, the
    // number of option filters): those would fill the bounded set of named statements.
    const filters = productFilters(query, viewer.admin, search);
    const prepare = !search && Object.keys(filters.options).length === 0;
    const run: RunStatement = (statement) =>
      preparedRows(pool, statement, { embedded: ctx.database.embedded, prepare });
    return pageOfProducts(run, conditionOf(filters), order, !!search, page);
  };
  // Without a search, the statement's text is built once per shape of the query (pageOfShape);
  // customers' pages are pipelined with the other customers' (platform/read-pipeline.ts).
  const runPage: RunFixed = viewer.admin
    ? (statement, values) => runFixed(pool, ctx.database.embedded, statement, values)
    : ctx.database.runRead;
  const read = search
    ? built()
    : pageOfShape(runPage, query, viewer.admin, order, page).then((found) => found ?? built());
  const [{ itemsJson, total }, facets] = await Promise.all([
    read,
    query.facets ? productFacets(db, productFilters(query, viewer.admin, search)) : undefined,
  ]);
  return { itemsJson, meta: { ...pageMeta(query, total), ...(facets ? { facets } : {}) } };
}

/** The list's order (then by id, the same way), as SQL over products aliased `p`. */
function orderOf(
  sortBy: NonNullable<ProductListQuery['sortBy']>,
  order: SQL,
  search: ProductSearch | undefined,
): SQL {
  const keys: Record<typeof sortBy, () => SQL> = {
    price: () => sql`p.price_min ${order}`,
    createdAt: () => sql`p.created_at ${order}`,
    rating: () => sql`p.rating_average ${order}, p.rating_count ${order}`,
    name: () => sql`p.name ${order}`,
    popularity: () => sql`${unitsSoldOf(sql`p.id`)} ${order}, p.rating_count ${order}`,
    relevance: () => (search ? search.rank(order) : sql`p.created_at ${order}`),
  };
  return sql`${keys[sortBy]()}, p.id ${order}`;
}

/**
 * The response text of a page of products: the route's own serializer makes the envelope and meta
 * (with no items), and the items' JSON text, built by PostgreSQL, goes between the data brackets.
 */
export function listResponseText(
  reply: FastifyReply,
  { itemsJson, meta }: Awaited<ReturnType<typeof listProducts>>,
): string {
  const envelope = serializeWith(reply, paged([], meta));
  // `success` and `message` ("OK") come first: the first empty data array is the page's.
  const at = envelope.indexOf(EMPTY_DATA) + EMPTY_DATA.length - 1;
  return envelope.slice(0, at) + itemsJson + envelope.slice(at);
}
const EMPTY_DATA = '"data":[]';

interface ProductRow {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  currency: string;
  tax_class: string;
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
    weightGrams: number;
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
    SELECT p.id, p.slug, p.name, p.description, p.status, p.currency, p.tax_class, p.options, p.price_min, p.price_max,
      p.rating_average, p.rating_count, p.created_at, p.updated_at,
      (SELECT json_build_object('id', c.id, 'name', c.name, 'slug', c.slug) FROM ${categories} c WHERE c.id = p.category_id) AS category,
      (SELECT json_build_object('id', b.id, 'name', b.name, 'slug', b.slug) FROM ${brands} b WHERE b.id = p.brand_id) AS brand,
      coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'slug', t.slug) ORDER BY t.name)
        FROM ${productTags} pt JOIN ${tags} t ON t.id = pt.tag_id WHERE pt.product_id = p.id), '[]') AS tags,
      coalesce((SELECT json_agg(json_build_object('id', v.id, 'sku', v.sku, 'options', v.options, 'price', v.price,
          'compareAtPrice', v.compare_at_price, 'weightGrams', v.weight_grams, 'stock', ${stockOf(sql`v.id`)}, 'lowStockThreshold', ${lowStockThresholdOf(sql`v.id`)},
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
    taxClass: row.tax_class,
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
      weightGrams: v.weightGrams,
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

/** One product as `viewer` may see it, read from the database; null when there is none to see. */
export function findProduct(ctx: AppContext, idOrSlug: string, viewer: Viewer): Promise<ProductView> {
  return loadProduct(catalogReader(ctx, viewer), ctx, idOrSlug, viewer);
}

export async function getProduct(ctx: AppContext, idOrSlug: string, viewer: Viewer) {
  const product = viewer.admin
    ? await loadProduct(catalogReader(ctx, viewer), ctx, idOrSlug, viewer)
    : await cachedCatalog(
        ctx,
        'product',
        idOrSlug,
        () => loadProduct(catalogReader(ctx, viewer), ctx, idOrSlug, viewer),
        productDependencies(idOrSlug),
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
