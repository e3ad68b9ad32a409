import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context';
import { ok, paged, serializeWith } from '../../platform/http';
import { loadNamed, type NamedKind } from './brands-and-tags';
import { cachedCatalogResponse, listDependencies, productDependencies } from './cache';
import { loadCategories } from './categories';
import { findProduct, listProducts, listResponseText } from './product-reads';
import type { ProductListQuery } from './schemas';
import type { Viewer } from './write';

// Customers' product pages and lists as the JSON bytes the routes send (cachedCatalogResponse):
// a miss is serialized by the route's own response serializer (`reply`), so a hit is what it sent.

/**
 * A customer's page of products; the normalised query (unknown parameters dropped) is the key. A
 * page is stored when this instance is asked for it a third time (see `Admission`).
 */
export function productListJson(
  ctx: AppContext,
  query: ProductListQuery,
  viewer: Viewer,
  reply: FastifyReply,
): Promise<Buffer> {
  const { status: _ignored, ...key } = query;
  return cachedCatalogResponse(
    ctx,
    'products',
    key,
    async () => listResponseText(reply, await listProducts(ctx, key, viewer)),
    listDependencies({ bySales: key.sortBy === 'popularity' }),
    // Filters and pages combine into more lists than are ever asked more than twice.
    'asked-thrice',
  );
}

/** A customer's product page; null when there is no such product to show (404). */
export function productPageJson(
  ctx: AppContext,
  idOrSlug: string,
  viewer: Viewer,
  reply: FastifyReply,
): Promise<Buffer | null> {
  return cachedCatalogResponse(
    ctx,
    'product',
    idOrSlug,
    async () => {
      const product = await findProduct(ctx, idOrSlug, viewer);
      return product && serializeWith(reply, ok(product));
    },
    productDependencies(idOrSlug),
  );
}

/** The category tree as the route sends it. */
export function categoriesJson(ctx: AppContext, reply: FastifyReply): Promise<Buffer> {
  return cachedCatalogResponse(
    ctx,
    'categories',
    {},
    async () => serializeWith(reply, ok(await loadCategories(ctx))),
    listDependencies(),
  );
}

/** A page of brands or tags as the route sends it. */
export function namedListJson(
  ctx: AppContext,
  kind: NamedKind,
  query: Parameters<typeof loadNamed>[2],
  reply: FastifyReply,
): Promise<Buffer> {
  return cachedCatalogResponse(
    ctx,
    kind,
    query,
    async () => {
      const { items, meta } = await loadNamed(ctx, kind, query);
      return serializeWith(reply, paged(items, meta));
    },
    listDependencies(),
  );
}
