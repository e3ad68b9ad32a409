import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { offsetOf, pageMeta, type Pagination } from '../../platform/pagination';
import type { MovementReason } from './schemas';
import { stockMovements } from './tables';

export function movementView(movement: typeof stockMovements.$inferSelect) {
  return { ...movement, createdAt: movement.createdAt.toISOString() };
}

/** The stock ledger, newest first, filtered by variant, reason and order. */
export async function listMovements(
  ctx: AppContext,
  query: Pagination & {
    variantId?: string | undefined;
    reason?: MovementReason | undefined;
    orderId?: string | undefined;
  },
) {
  const where: SQL[] = [];
  if (query.variantId) where.push(eq(stockMovements.variantId, query.variantId));
  if (query.reason) where.push(eq(stockMovements.reason, query.reason));
  if (query.orderId) where.push(eq(stockMovements.orderId, query.orderId));
  const condition = where.length > 0 ? and(...where) : undefined;
  const [items, [count]] = await Promise.all([
    ctx.database.db
      .select()
      .from(stockMovements)
      .where(condition)
      .orderBy(desc(stockMovements.createdAt), desc(stockMovements.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db
      .select({ total: sql<number>`count(*)::int` })
      .from(stockMovements)
      .where(condition),
  ]);
  return { items: items.map(movementView), meta: pageMeta(query, count?.total ?? 0) };
}
