import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import { products } from './tables';

/**
 * Locks a product row for a rating recount, so concurrent reviews of one product recount one
 * after the other and the stored rating always equals the approved reviews. Returns false when
 * the product does not exist.
 */
export async function lockProductForRating(tx: Tx, productId: string): Promise<boolean> {
  const rows = await tx.db
    .select({ id: products.id })
    .from(products)
    .where(eq(products.id, productId))
    .for('update');
  return rows.length > 0;
}

/** Stores a product's rating (average rounded to 2 decimals, count of approved reviews). */
export async function setProductRating(
  tx: Tx,
  productId: string,
  rating: { average: number; count: number },
) {
  await tx.db
    .update(products)
    .set({ ratingAverage: rating.average, ratingCount: rating.count, updatedAt: sql`now()` })
    .where(eq(products.id, productId));
}
