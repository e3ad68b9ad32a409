import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency';
import { invalidateStock } from './cache';
import { movementView } from './ledger';
import { ADJUSTMENT_REASONS, type MovementReason } from './schemas';
import { alertLowStock, mergeLines } from './stock-lines';
import { stockLevels, stockMovements } from './tables';

export {
  reserveStock,
  reserveStockAndCommit,
  rollUpSales,
  StockNeedsFullCheck,
  type ReservedLine,
} from './reservations';

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

export interface StockLine {
  variantId: string;
  quantity: number;
}

/** A line that could not be reserved: `available` is what is on hand now (0 for an unknown variant). */
export interface StockShortfall {
  variantId: string;
  requested: number;
  available: number;
}

interface UpdatedRow extends Record<string, unknown> {
  variant_id: string;
  product_id: string;
  sku: string;
  stock: number;
  low_stock_threshold: number;
}

interface Shortfall extends StockShortfall {
  known: boolean;
}

/**
 * One conditional UPDATE per variant (`stock = stock + delta WHERE stock + delta >= 0`) in a
 * stable (variant id) order, so two transactions never lock the same rows in opposite orders.
 * Nothing else is written when a line is short; the caller decides what a shortfall means.
 */
async function takeOrGive(
  tx: Tx,
  changes: StockChange[],
): Promise<{ ordered: StockChange[]; applied: AppliedStockChange[]; short: Shortfall[] }> {
  for (const change of changes) {
    if (!Number.isSafeInteger(change.delta)) throw new RangeError('stock delta must be an integer');
  }
  const ordered = [...changes]
    .filter((c) => c.delta !== 0)
    .sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
  const applied: AppliedStockChange[] = [];
  const short: Shortfall[] = [];
  for (const change of ordered) {
    const result = await tx.db.execute<UpdatedRow>(sql`
      UPDATE ${stockLevels} SET stock = stock + ${change.delta}, updated_at = now()
      WHERE variant_id = ${change.variantId} AND stock + ${change.delta} >= 0
      RETURNING variant_id, product_id, sku, stock, low_stock_threshold`);
    const row = result.rows[0];
    if (row) {
      applied.push({
        variantId: row.variant_id,
        productId: row.product_id,
        sku: row.sku,
        delta: change.delta,
        stock: row.stock,
        lowStockThreshold: row.low_stock_threshold,
      });
      continue;
    }
    const [current] = await tx.db
      .select({ stock: stockLevels.stock })
      .from(stockLevels)
      .where(eq(stockLevels.variantId, change.variantId));
    short.push({
      variantId: change.variantId,
      requested: -change.delta,
      available: current?.stock ?? 0,
      known: current !== undefined,
    });
  }
  return { ordered, applied, short };
}

/**
 * One ledger row per change, and an `inventory.low` job for each variant that crosses its
 * threshold. `salesPending` marks the rows for the sales roll-up (cancellations and returns).
 */
async function recordChanges(
  ctx: AppContext,
  tx: Tx,
  ordered: StockChange[],
  applied: AppliedStockChange[],
  salesPending = false,
): Promise<void> {
  if (applied.length === 0) return;
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
        salesPending,
      })),
    )
    .returning();
  applied.forEach((change, i) => {
    change.movement = movements[i]!;
  });
  await alertLowStock(ctx, tx, applied);
}

/**
 * Applies stock changes inside the caller's transaction (see takeOrGive), with a ledger row per
 * change and `inventory.low` jobs in the same transaction. Throws 409 OUT_OF_STOCK naming every
 * short line, or 404 for one unknown variant (the caller's transaction must then roll back).
 * The caller calls `invalidateStock(ctx)` after its transaction commits.
 */
export async function applyStockChanges(
  ctx: AppContext,
  tx: Tx,
  changes: StockChange[],
  salesPending = false,
): Promise<AppliedStockChange[]> {
  const { ordered, applied, short } = await takeOrGive(tx, changes);
  if (short.length > 0) {
    if (short.length === 1 && !short[0]!.known) throw notFound('Variant');
    throw conflict(
      'OUT_OF_STOCK',
      'Not enough stock',
      short.map((s, i) => ({
        path: `lines.${i}.${s.variantId}`,
        message: s.known
          ? `variant ${s.variantId}: requested ${s.requested}, available ${s.available}`
          : `variant ${s.variantId} does not exist`,
      })),
    );
  }
  await recordChanges(ctx, tx, ordered, applied, salesPending);
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
  // Marked for the sales roll-up, which takes them off the units sold (as it added the order's).
  return applyStockChanges(
    ctx,
    tx,
    mergeLines(lines).map((line) => ({ variantId: line.variantId, delta: line.quantity, reason, ...rest })),
    true,
  );
}

export interface NewStockLevel {
  variantId: string;
  productId: string;
  sku: string;
  lowStockThreshold?: number | undefined;
  /** The variant's `active` (true unless given). */
  sellable?: boolean | undefined;
  /** Initial stock, recorded as one movement (INITIAL or IMPORT). */
  stock?: number | undefined;
}

/** New variants get their stock row (and their initial stock as a movement) in the catalog's transaction. */
export async function createStockLevels(
  ctx: AppContext,
  tx: Tx,
  levels: NewStockLevel[],
  movement: { reason: 'INITIAL' | 'IMPORT'; actorId: string | null },
): Promise<void> {
  if (levels.length === 0) return;
  await tx.db.insert(stockLevels).values(
    levels.map((l) => ({
      variantId: l.variantId,
      productId: l.productId,
      sku: l.sku,
      lowStockThreshold: l.lowStockThreshold ?? 5,
      sellable: l.sellable ?? true,
    })),
  );
  await applyStockChanges(
    ctx,
    tx,
    levels.flatMap((l) =>
      l.stock
        ? [{ variantId: l.variantId, delta: l.stock, reason: movement.reason, actorId: movement.actorId }]
        : [],
    ),
  );
}

/**
 * The SKU label, the alert threshold and `sellable` follow the catalog's variant, in the
 * transaction that changes it (so `sellable` is the variant's `active` in every snapshot).
 */
export async function updateStockSettings(
  tx: Tx,
  variantId: string,
  settings: {
    sku?: string | undefined;
    lowStockThreshold?: number | undefined;
    sellable?: boolean | undefined;
  },
): Promise<void> {
  if (Object.values(settings).every((value) => value === undefined)) return;
  await tx.db
    .update(stockLevels)
    .set({
      ...(settings.sku !== undefined ? { sku: settings.sku } : {}),
      ...(settings.lowStockThreshold !== undefined ? { lowStockThreshold: settings.lowStockThreshold } : {}),
      ...(settings.sellable !== undefined ? { sellable: settings.sellable } : {}),
      updatedAt: new Date(),
    })
    .where(eq(stockLevels.variantId, variantId));
}

/**
 * Sets an absolute stock figure (admin variant edit, CSV import), recorded as the difference.
 * The row is locked first, so a concurrent checkout cannot slip between the read and the change.
 */
export async function setStock(
  ctx: AppContext,
  tx: Tx,
  variantId: string,
  stock: number,
  movement: { reason: 'ADJUSTMENT' | 'IMPORT'; actorId: string | null; note?: string },
): Promise<void> {
  const [current] = await tx.db
    .select({ stock: stockLevels.stock })
    .from(stockLevels)
    .where(eq(stockLevels.variantId, variantId))
    .for('update');
  if (!current) throw notFound('Variant');
  if (current.stock === stock) return;
  await applyStockChanges(ctx, tx, [{ variantId, delta: stock - current.stock, ...movement }]);
}

/** An adjustment's reason is a movement code, or free text kept as the note of an ADJUSTMENT. */
function adjustmentMovement(
  reason: string,
  note: string | undefined,
): { reason: MovementReason; note: string | null } {
  if ((ADJUSTMENT_REASONS as readonly string[]).includes(reason))
    return { reason: reason as MovementReason, note: note ?? null };
  return { reason: 'ADJUSTMENT', note: note ? `${reason}: ${note}` : reason };
}

/**
 * Admin adjustment (409 below zero, 404 unknown variant), at most once per Idempotency-Key;
 * the catalog's cached stock is invalidated after the commit.
 */
export async function adjustStock(
  ctx: AppContext,
  input: { variantId: string; delta: number; reason: string; note?: string | undefined },
  actorId: string,
  idempotencyKey: string | undefined,
) {
  try {
    return await runIdempotent(
      ctx,
      { scope: actorId, key: idempotencyKey, fingerprint: ['inventory.adjust', input] },
      async (tx) => {
        const movement = adjustmentMovement(input.reason, input.note);
        const [applied] = await applyStockChanges(ctx, tx, [
          { variantId: input.variantId, delta: input.delta, actorId, ...movement },
        ]);
        if (!applied?.movement) throw notFound('Variant');
        return {
          status: 201,
          body: {
            success: true as const,
            message: 'Stock adjusted',
            data: { ...movementView(applied.movement), stock: applied.stock },
          },
        };
      },
    );
  } finally {
    await invalidateStock(ctx);
  }
}
