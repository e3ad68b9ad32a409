import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { offsetOf, pageMeta, type Pagination } from '../../platform/pagination';
import { isVisibleProduct, productSummaries } from '../catalog/summaries';
import { wishlistItems } from './tables';

/**
 * The caller's wishlist, newest first, each entry with the product's current summary and stock.
 * Products that were archived since are left out (customers can't see them).
 */
export async function listWishlist(ctx: AppContext, userId: string, query: Pagination) {
  const rows = await ctx.database.db
    .select()
    .from(wishlistItems)
    .where(eq(wishlistItems.userId, userId))
    .orderBy(desc(wishlistItems.createdAt), desc(wishlistItems.productId));
  const summaries = await productSummaries(
    ctx,
    rows.map((row) => row.productId),
  );
  const visible = rows.filter((row) => summaries.has(row.productId));
  const page = visible.slice(offsetOf(query), offsetOf(query) + query.limit);
  return {
    items: page.map((row) => ({
      productId: row.productId,
      addedAt: row.createdAt.toISOString(),
      product: summaries.get(row.productId)!,
    })),
    meta: pageMeta(query, visible.length),
  };
}

/** Adds a product; returns false when it was already there (the call is idempotent). */
export async function addToWishlist(ctx: AppContext, userId: string, productId: string): Promise<boolean> {
  if (!(await isVisibleProduct(ctx, productId))) throw notFound('Product');
  const inserted = await ctx.database.db
    .insert(wishlistItems)
    .values({ userId, productId })
    .onConflictDoNothing()
    .returning({ productId: wishlistItems.productId });
  return inserted.length > 0;
}

export async function removeFromWishlist(ctx: AppContext, userId: string, productId: string): Promise<void> {
  const deleted = await ctx.database.db
    .delete(wishlistItems)
    .where(and(eq(wishlistItems.userId, userId), eq(wishlistItems.productId, productId)))
    .returning({ productId: wishlistItems.productId });
  if (deleted.length === 0) throw notFound('Wishlist item');
}
