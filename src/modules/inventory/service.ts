import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { AppError, conflict, notFound } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency';
import { INVENTORY_LOW_JOB, type InventoryLowEvent } from './alerts';
import { recordEvent } from '../webhooks/service';
import { invalidateStock } from './cache';
import { movementView } from './ledger';
import { ADJUSTMENT_REASONS, type MovementReason } from './schemas';
import { productSales, stockLevels, stockMovements } from './tables';

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

/** An `inventory.low` job and webhook event for each change that took its variant to its threshold. */
async function alertLowStock(
  ctx: AppContext,
  tx: Tx,
  applied: Array<Omit<AppliedStockChange, 'movement'>>,
): Promise<void> {
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
      await recordEvent(ctx, tx, 'inventory.low', { ...event });
    }
  }
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

/** A line the checkout took out of stock: what the catalog's cache invalidation needs to know. */
export interface ReservedLine {
  variantId: string;
  productId: string;
  /** On hand after this order (0: the order sold the variant's last unit). */
  stock: number;
}

interface ReserveRow extends Record<string, unknown> {
  variant_id: string;
  quantity: number;
  on_hand: number | null;
  product_id: string | null;
  sku: string | null;
  stock: number | null;
  low_stock_threshold: number | null;
  recorded: number;
}

/**
 * Checkout: takes `quantity` of every line out of stock, all or nothing, in ONE statement: the
 * variants' stock rows are locked in variant-id order (two checkouts never lock the same rows in
 * opposite orders), each is decremented only if it still has the quantity (`stock >= quantity`,
 * re-checked on the latest row after a lock wait, so nothing is ever oversold), and the ORDER
 * movements are written only when every line was taken. The movements are marked for the sales
 * roll-up (units sold are counted later, off the checkout's path: rollUpSales).
 * Returns the lines that could not be reserved (then nothing of this call remains: the lines it
 * took are given back) or, when everything was, the reserved lines.
 * Run it inside the checkout transaction; call the catalog's invalidation after the commit.
 */
export async function reserveStock(
  ctx: AppContext,
  tx: Tx,
  lines: StockLine[],
  context: { orderId?: string | null; actorId?: string | null; note?: string | null } = {},
): Promise<{ shortfalls: StockShortfall[]; reserved: ReservedLine[] }> {
  const merged = mergeLines(lines).sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
  const ids = sql.param(merged.map((l) => l.variantId));
  const quantities = sql.param(merged.map((l) => l.quantity));
  const { rows } = await tx.db.execute<ReserveRow>(sql`
    WITH wanted AS (
      SELECT * FROM unnest(${ids}::uuid[], ${quantities}::int[]) AS w(variant_id, quantity)
    ), locked AS (
      SELECT variant_id, stock FROM ${stockLevels}
      WHERE variant_id = ANY(${ids}::uuid[]) ORDER BY variant_id FOR UPDATE
    ), taken AS (
      UPDATE ${stockLevels} sl SET stock = sl.stock - w.quantity, updated_at = now()
      FROM wanted w
      WHERE sl.variant_id = w.variant_id AND sl.stock >= w.quantity
        AND (SELECT count(*) FROM locked) > 0
      RETURNING sl.variant_id, sl.product_id, sl.sku, sl.stock, sl.low_stock_threshold
    ), recorded AS (
      INSERT INTO ${stockMovements} (variant_id, delta, reason, order_id, actor_id, note, sales_pending)
      SELECT t.variant_id, -w.quantity, 'ORDER', ${context.orderId ?? null}::uuid,
        ${context.actorId ?? null}::uuid, ${context.note ?? null}, true
      FROM taken t JOIN wanted w ON w.variant_id = t.variant_id
      WHERE (SELECT count(*) FROM taken) = ${merged.length}
      RETURNING variant_id
    )
    SELECT w.variant_id, w.quantity, l.stock AS on_hand, t.product_id, t.sku, t.stock,
      t.low_stock_threshold, (SELECT count(*) FROM recorded)::int AS recorded
    FROM wanted w LEFT JOIN locked l ON l.variant_id = w.variant_id
      LEFT JOIN taken t ON t.variant_id = w.variant_id
    ORDER BY w.variant_id`);
  const short = rows.filter((r) => r.stock === null);
  if (short.length > 0) {
    const back = rows.filter((r) => r.stock !== null);
    // Give back what this call took (its rows are still locked by us), so nothing of it remains.
    if (back.length > 0)
      await tx.db.execute(sql`
        UPDATE ${stockLevels} sl SET stock = sl.stock + w.quantity
        FROM unnest(${sql.param(back.map((r) => r.variant_id))}::uuid[], ${sql.param(back.map((r) => r.quantity))}::int[])
          AS w(variant_id, quantity)
        WHERE sl.variant_id = w.variant_id`);
    return {
      shortfalls: short.map((r) => ({
        variantId: r.variant_id,
        requested: r.quantity,
        available: r.on_hand ?? 0,
      })),
      reserved: [],
    };
  }
  const applied = rows.map((r) => ({
    variantId: r.variant_id,
    productId: r.product_id!,
    sku: r.sku!,
    delta: -r.quantity,
    stock: r.stock!,
    lowStockThreshold: r.low_stock_threshold!,
  }));
  await alertLowStock(ctx, tx, applied);
  return {
    shortfalls: [],
    reserved: applied.map(({ variantId, productId, stock }) => ({ variantId, productId, stock })),
  };
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

function mergeLines(lines: StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0)
      throw new AppError(400, 'VALIDATION_ERROR', 'quantity must be a positive integer');
    merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantity);
  }
  return [...merged].map(([variantId, quantity]) => ({ variantId, quantity }));
}

/** Movements the sales roll-up takes per run at most (a backlog drains over several runs). */
const ROLLUP_BATCH = 5_000;

/**
 * Adds the ORDER, CANCEL and RETURN movements not counted yet to the units sold per product
 * (product_sales, which sortBy=popularity reads), and clears their flag, in one transaction.
 * Concurrent runs take disjoint movements (SKIP LOCKED); a movement of a transaction that has not
 * committed yet is counted by a later run. Returns how many movements it counted (0: none left)
 * and how many products' counts changed (the caller then invalidates the popularity lists).
 */
export async function rollUpSales(ctx: AppContext): Promise<{ movements: number; products: number }> {
  return ctx.database.transaction(async (tx) => {
    const { rows } = await tx.db.execute<{ product_id: string; units: number; movements: number }>(sql`
      WITH batch AS (
        SELECT id FROM ${stockMovements} WHERE sales_pending
        ORDER BY id LIMIT ${ROLLUP_BATCH} FOR UPDATE SKIP LOCKED
      ), counted AS (
        UPDATE ${stockMovements} m SET sales_pending = false FROM batch b
        WHERE m.id = b.id RETURNING m.variant_id, m.delta
      )
      SELECT sl.product_id, (-sum(c.delta))::int AS units, (SELECT count(*) FROM counted)::int AS movements
      FROM counted c JOIN ${stockLevels} sl ON sl.variant_id = c.variant_id
      GROUP BY sl.product_id ORDER BY sl.product_id`);
    const sold = rows.filter((r) => r.units > 0);
    const restored = rows.filter((r) => r.units < 0);
    if (sold.length > 0)
      await tx.db
        .insert(productSales)
        .values(sold.map((r) => ({ productId: r.product_id, unitsSold: r.units })))
        .onConflictDoUpdate({
          target: productSales.productId,
          set: { unitsSold: sql`${productSales.unitsSold} + excluded.units_sold` },
        });
    if (restored.length > 0)
      await tx.db.execute(sql`
        UPDATE ${productSales} ps SET units_sold = greatest(0, ps.units_sold + r.units)
        FROM unnest(${sql.param(restored.map((r) => r.product_id))}::uuid[], ${sql.param(restored.map((r) => r.units))}::int[])
          AS r(product_id, units)
        WHERE ps.product_id = r.product_id`);
    return { movements: rows[0]?.movements ?? 0, products: sold.length + restored.length };
  });
}

export interface NewStockLevel {
  variantId: string;
  productId: string;
  sku: string;
  lowStockThreshold?: number | undefined;
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

/** The SKU label and the alert threshold follow the catalog's variant. */
export async function updateStockSettings(
  tx: Tx,
  variantId: string,
  settings: { sku?: string | undefined; lowStockThreshold?: number | undefined },
): Promise<void> {
  if (settings.sku === undefined && settings.lowStockThreshold === undefined) return;
  await tx.db
    .update(stockLevels)
    .set({
      ...(settings.sku !== undefined ? { sku: settings.sku } : {}),
      ...(settings.lowStockThreshold !== undefined ? { lowStockThreshold: settings.lowStockThreshold } : {}),
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
