import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { CHECK_VIOLATION, isViolation, NOT_NULL_VIOLATION } from '../../platform/postgres-errors';
import { fixedStatement } from '../../platform/prepared-statements';
import type { StockLine, StockShortfall } from './service';
import { alertLowStock, mergeLines } from './stock-lines';
import { productSales, stockLevels, stockMovements } from './tables';

// The checkout's stock reservation (one statement for every line) and the sales roll-up that
// counts units sold off the checkout's path.

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
  const rows = await tx.run(reserveLines, {
    ids: merged.map((l) => l.variantId),
    quantities: merged.map((l) => l.quantity),
    lineCount: merged.length,
    orderId: context.orderId ?? null,
    actorId: context.actorId ?? null,
    note: context.note ?? null,
  });
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

const param = (name: string) => sql.placeholder(name);

// Both stock statements read their lines through inventory_lines() (migration 0033), not unnest(),
// and lock the rows they join to: with no estimate that follows the arrays, PostgreSQL keeps
// their generic plan instead of planning them again on every checkout (docs/benchmarks.md).

/** reserveStock's one statement, its SQL text built once (see fixedStatement). */
const reserveLines = fixedStatement<ReserveRow>(
  'inventory_reserve_lines',
  sql`
    WITH wanted AS (
      SELECT * FROM inventory_lines(${param('ids')}::uuid[], ${param('quantities')}::int[])
    ), locked AS (
      SELECT sl.variant_id, sl.stock FROM ${stockLevels} sl JOIN wanted w ON w.variant_id = sl.variant_id
      ORDER BY sl.variant_id FOR UPDATE OF sl
    ), taken AS (
      UPDATE ${stockLevels} sl SET stock = sl.stock - w.quantity, updated_at = now()
      FROM wanted w
      WHERE sl.variant_id = w.variant_id AND sl.stock >= w.quantity
        AND (SELECT count(*) FROM locked) > 0
      RETURNING sl.variant_id, sl.product_id, sl.sku, sl.stock, sl.low_stock_threshold
    ), recorded AS (
      INSERT INTO ${stockMovements} (variant_id, delta, reason, order_id, actor_id, note, sales_pending)
      SELECT t.variant_id, -w.quantity, 'ORDER', ${param('orderId')}::uuid,
        ${param('actorId')}::uuid, ${param('note')}::text, true
      FROM taken t JOIN wanted w ON w.variant_id = t.variant_id
      WHERE (SELECT count(*) FROM taken) = ${param('lineCount')}::int
      RETURNING variant_id
    )
    SELECT w.variant_id, w.quantity, l.stock AS on_hand, t.product_id, t.sku, t.stock,
      t.low_stock_threshold, (SELECT count(*) FROM recorded)::int AS recorded
    FROM wanted w LEFT JOIN locked l ON l.variant_id = w.variant_id
      LEFT JOIN taken t ON t.variant_id = w.variant_id
    ORDER BY w.variant_id`,
);

/**
 * Thrown by reserveStockAndCommit when a line could not be taken without selling short or crossing
 * its low-stock threshold: nothing happened (the transaction rolled back), and the caller runs the
 * checkout again with reserveStock, which answers the shortfall and queues the alert.
 */
export class StockNeedsFullCheck extends Error {
  constructor() {
    super('stock reservation needs the full check');
  }
}

/**
 * reserveStock as the LAST statement of the checkout's transaction, sent together with its COMMIT
 * (Tx.commitWith): the hot stock rows are locked for PostgreSQL's own work only, not for a round
 * trip to this process. It can only take lines that cross no low-stock threshold (no alert to
 * queue after it): lines that stay above it, and lines of variants already at or under it (their
 * alert went out when they crossed it); any other line makes the statement fail (stock set to -1 violates
 * stock_levels_stock_check; a variant without a stock row leaves a movement's variant_id null),
 * so the whole transaction rolls back and StockNeedsFullCheck is thrown. Locks in variant-id
 * order, as reserveStock.
 */
export async function reserveStockAndCommit(
  tx: Tx,
  lines: StockLine[],
  context: { orderId: string; actorId: string },
): Promise<ReservedLine[]> {
  const merged = mergeLines(lines).sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
  try {
    const rows = await tx.commitWith(reserveLinesAndCommit, {
      ids: merged.map((l) => l.variantId),
      quantities: merged.map((l) => l.quantity),
      orderId: context.orderId,
      actorId: context.actorId,
    });
    return rows.map((r) => ({ variantId: r.variant_id, productId: r.product_id, stock: r.stock }));
  } catch (error) {
    if (
      isViolation(error, CHECK_VIOLATION, 'stock_levels_stock_check') ||
      isViolation(error, NOT_NULL_VIOLATION)
    )
      throw new StockNeedsFullCheck();
    throw error;
  }
}

const reserveLinesAndCommit = fixedStatement<{ variant_id: string; product_id: string; stock: number }>(
  'inventory_reserve_lines_last',
  sql`
    WITH wanted AS (
      SELECT * FROM inventory_lines(${param('ids')}::uuid[], ${param('quantities')}::int[])
    ), locked AS (
      SELECT sl.variant_id FROM ${stockLevels} sl JOIN wanted w ON w.variant_id = sl.variant_id
      ORDER BY sl.variant_id FOR UPDATE OF sl
    ), taken AS (
      UPDATE ${stockLevels} sl
      SET stock = CASE
          WHEN sl.stock - w.quantity > sl.low_stock_threshold THEN sl.stock - w.quantity
          WHEN sl.stock <= sl.low_stock_threshold AND sl.stock >= w.quantity THEN sl.stock - w.quantity
          ELSE -1 END,
        updated_at = now()
      FROM wanted w
      WHERE sl.variant_id = w.variant_id AND (SELECT count(*) FROM locked) > 0
      RETURNING sl.variant_id, sl.product_id, sl.stock
    ), recorded AS (
      INSERT INTO ${stockMovements} (variant_id, delta, reason, order_id, actor_id, sales_pending)
      SELECT t.variant_id, -w.quantity, 'ORDER', ${param('orderId')}::uuid, ${param('actorId')}::uuid, true
      FROM wanted w LEFT JOIN taken t ON t.variant_id = w.variant_id
    )
    SELECT variant_id, product_id, stock FROM taken ORDER BY variant_id`,
);

/** Movements the sales roll-up takes per run at most (a backlog drains over several runs). */
const ROLLUP_BATCH = 5_000;

/**
 * Adds the ORDER, CANCEL and RETURN movements not counted yet to the units sold per product
 * (product_sales, which sortBy=popularity reads), and clears their flag, in one transaction.
 * Concurrent runs take disjoint movements (SKIP LOCKED); a movement of a transaction that has not
 * committed yet is counted by a later run. Returns how many movements it counted, whether more
 * may be waiting (the batch was full: under steady sales, a run that took fewer has drained what
 * was there, and what came since is the next run's), and how many products' counts changed (the
 * caller then invalidates the popularity lists).
 */
export async function rollUpSales(
  ctx: AppContext,
): Promise<{ movements: number; more: boolean; products: number }> {
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
    const movements = rows[0]?.movements ?? 0;
    return { movements, more: movements === ROLLUP_BATCH, products: sold.length + restored.length };
  });
}
