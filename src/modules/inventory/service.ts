import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { AppError, conflict, notFound } from '../../platform/errors';
import { offsetOf, pageMeta, type Pagination } from '../../platform/pagination';
import { invalidateCatalog } from '../catalog/cache';
import { products, variants } from '../catalog/tables';
import { queueEmail } from '../notifications/service';
import { lowStockEmail } from '../notifications/templates';
import { stockMovements, type MovementReason } from './tables';

export const INVENTORY_LOW_JOB = 'inventory.low';

export interface StockChange {
  variantId: string;
  /** Positive adds stock, negative removes it. Never takes stock below zero. */
  delta: number;
  reason: MovementReason;
  orderId?: string | null;
  actorId?: string | null;
  note?: string | null;
}

export interface AppliedStockChange {
  variantId: string;
  productId: string;
  sku: string;
  delta: number;
  stock: number;
  lowStockThreshold: number;
  movement?: typeof stockMovements.$inferSelect;
}

export interface InventoryLowEvent {
  variantId: string;
  productId: string;
  sku: string;
  stock: number;
  lowStockThreshold: number;
}

export interface StockLine {
  variantId: string;
  quantity: number;
}

interface UpdatedRow extends Record<string, unknown> {
  id: string;
  product_id: string;
  sku: string;
  stock: number;
  low_stock_threshold: number;
}

/**
 * Applies stock changes inside the caller's transaction: one conditional UPDATE per variant
 * (`stock = stock + delta WHERE stock + delta >= 0`) in a stable (variant id) order, so two
 * transactions never lock the same rows in opposite orders; one ledger row per change; and an
 * `inventory.low` job, in the same transaction, for each variant that crosses its threshold.
 * Throws 409 OUT_OF_STOCK naming every short line (the caller's transaction must then roll back).
 * The caller calls `invalidateCatalog(ctx)` after its transaction commits.
 */
export async function applyStockChanges(
  ctx: AppContext,
  tx: Tx,
  changes: StockChange[],
): Promise<AppliedStockChange[]> {
  for (const change of changes) {
    if (!Number.isSafeInteger(change.delta)) throw new RangeError('stock delta must be an integer');
  }
  // Merge changes to the same variant, then lock in id order.
  const ordered = [...changes]
    .filter((c) => c.delta !== 0)
    .sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
  const applied: AppliedStockChange[] = [];
  const short: Array<{ variantId: string; requested: number; available: number | null }> = [];
  for (const change of ordered) {
    const result = await tx.db.execute<UpdatedRow>(sql`
      UPDATE ${variants} SET stock = stock + ${change.delta}, updated_at = now()
      WHERE id = ${change.variantId} AND stock + ${change.delta} >= 0
      RETURNING id, product_id, sku, stock, low_stock_threshold`);
    const row = result.rows[0];
    if (!row) {
      const current = await tx.db
        .select({ stock: variants.stock })
        .from(variants)
        .where(eq(variants.id, change.variantId));
      short.push({
        variantId: change.variantId,
        requested: -change.delta,
        available: current[0]?.stock ?? null,
      });
      continue;
    }
    applied.push({
      variantId: row.id,
      productId: row.product_id,
      sku: row.sku,
      delta: change.delta,
      stock: row.stock,
      lowStockThreshold: row.low_stock_threshold,
    });
  }
  if (short.length > 0) {
    const missing = short.filter((s) => s.available === null);
    if (missing.length === short.length && missing.length === 1) throw notFound('Variant');
    throw conflict(
      'OUT_OF_STOCK',
      'Not enough stock',
      short.map((s, i) => ({
        path: `lines.${i}.${s.variantId}`,
        message:
          s.available === null
            ? `variant ${s.variantId} does not exist`
            : `variant ${s.variantId}: requested ${s.requested}, available ${s.available}`,
      })),
    );
  }
  if (applied.length === 0) return applied;

  const movements = await tx.db
    .insert(stockMovements)
    .values(
      ordered.map((c) => ({
        variantId: c.variantId,
        delta: c.delta,
        reason: c.reason,
        orderId: c.orderId ?? null,
        actorId: c.actorId ?? null,
        note: c.note ?? null,
      })),
    )
    .returning();
  applied.forEach((change, i) => {
    change.movement = movements[i]!;
  });

  for (const change of applied) {
    const before = change.stock - change.delta;
    if (before > change.lowStockThreshold && change.stock <= change.lowStockThreshold) {
      const event: InventoryLowEvent = {
        variantId: change.variantId,
        productId: change.productId,
        sku: change.sku,
        stock: change.stock,
        lowStockThreshold: change.lowStockThreshold,
      };
      await ctx.jobs.enqueue(INVENTORY_LOW_JOB, event, { tx });
    }
  }
  return applied;
}

/**
 * Checkout: takes `quantity` of every line out of stock, all or nothing (409 OUT_OF_STOCK naming
 * the short lines), records ORDER movements, and counts the units sold for sortBy=popularity.
 * Run it inside the checkout transaction; call `invalidateCatalog(ctx)` after the commit.
 */
export async function reserveStock(
  ctx: AppContext,
  tx: Tx,
  lines: StockLine[],
  context: { orderId?: string | null; actorId?: string | null; note?: string | null } = {},
): Promise<AppliedStockChange[]> {
  const applied = await applyStockChanges(
    ctx,
    tx,
    mergeLines(lines).map((line) => ({
      variantId: line.variantId,
      delta: -line.quantity,
      reason: 'ORDER',
      ...context,
    })),
  );
  await addSales(tx, applied, 1);
  return applied;
}

/**
 * Cancel / return: puts the lines back into stock and records CANCEL (default) or RETURN movements.
 * Idempotence (restoring an order once) is the caller's job: guard it with the order's state change.
 */
export async function restoreStock(
  ctx: AppContext,
  tx: Tx,
  lines: StockLine[],
  context: {
    orderId?: string | null;
    actorId?: string | null;
    note?: string | null;
    reason?: 'CANCEL' | 'RETURN';
  } = {},
): Promise<AppliedStockChange[]> {
  const { reason = 'CANCEL', ...rest } = context;
  const applied = await applyStockChanges(
    ctx,
    tx,
    mergeLines(lines).map((line) => ({ variantId: line.variantId, delta: line.quantity, reason, ...rest })),
  );
  await addSales(tx, applied, -1);
  return applied;
}

function mergeLines(lines: StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0)
      throw new AppError(400, 'VALIDATION_ERROR', 'quantity must be a positive integer');
    merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantity);
  }
  return [...merged].map(([variantId, quantity]) => ({ variantId, quantity }));
}

async function addSales(tx: Tx, applied: AppliedStockChange[], sign: 1 | -1): Promise<void> {
  const perProduct = new Map<string, number>();
  for (const change of applied) {
    perProduct.set(change.productId, (perProduct.get(change.productId) ?? 0) + Math.abs(change.delta));
  }
  for (const [productId, units] of [...perProduct].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await tx.db
      .update(products)
      .set({ salesCount: sql`greatest(0, ${products.salesCount} + ${sign * units})` })
      .where(eq(products.id, productId));
  }
}

/** Admin adjustment inside `tx` (the route wraps it in runIdempotent): 409 below zero, 404 unknown variant. */
export async function adjustStockInTx(
  ctx: AppContext,
  tx: Tx,
  input: { variantId: string; delta: number; reason: MovementReason; note?: string | undefined },
  actorId: string,
) {
  const [applied] = await applyStockChanges(ctx, tx, [
    {
      variantId: input.variantId,
      delta: input.delta,
      reason: input.reason,
      actorId,
      note: input.note ?? null,
    },
  ]);
  if (!applied?.movement) throw notFound('Variant');
  return { ...movementView(applied.movement), stock: applied.stock };
}

/** Admin adjustment in its own transaction; invalidates the catalog cache after the commit. */
export async function adjustStock(
  ctx: AppContext,
  input: { variantId: string; delta: number; reason: MovementReason; note?: string | undefined },
  actorId: string,
) {
  try {
    return await ctx.database.transaction((tx) => adjustStockInTx(ctx, tx, input, actorId));
  } finally {
    await invalidateCatalog(ctx);
  }
}

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

function movementView(movement: typeof stockMovements.$inferSelect) {
  return { ...movement, createdAt: movement.createdAt.toISOString() };
}

/** Active variants at or under their threshold, lowest stock first. */
export async function listLowStock(ctx: AppContext, query: Pagination) {
  const condition = sql`${variants.active} AND ${variants.stock} <= ${variants.lowStockThreshold} AND ${products.status} <> 'ARCHIVED'`;
  const [items, [count]] = await Promise.all([
    ctx.database.db
      .select({
        variantId: variants.id,
        productId: variants.productId,
        productName: products.name,
        sku: variants.sku,
        options: variants.options,
        stock: variants.stock,
        lowStockThreshold: variants.lowStockThreshold,
      })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(condition)
      .orderBy(variants.stock, variants.sku)
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db
      .select({ total: sql<number>`count(*)::int` })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(condition),
  ]);
  return { items, meta: pageMeta(query, count?.total ?? 0) };
}

export function defineInventoryJobs(ctx: AppContext): void {
  ctx.jobs.define<InventoryLowEvent>({
    name: INVENTORY_LOW_JOB,
    async handle(event, job) {
      ctx.log.warn({ jobId: job.id, ...event }, 'variant stock is low');
      // Connected admin panels hear it at once; the admin mailbox too when ADMIN_EMAIL is set.
      ctx.realtime.publish(INVENTORY_LOW_JOB, event, { admins: true });
      if (!ctx.config.ADMIN_EMAIL) return;
      // At least once: a redelivery may mail the admin twice, which is harmless for an alert.
      await queueEmail(ctx, undefined, {
        to: ctx.config.ADMIN_EMAIL,
        ...lowStockEmail({
          sku: event.sku,
          productId: event.productId,
          stock: event.stock,
          threshold: event.lowStockThreshold,
        }),
      });
    },
  });
}
