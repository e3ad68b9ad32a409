import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';

/**
 * Sales aggregates for admin analytics, computed in SQL. An order counts as a sale when its
 * payment is PAID (or partly refunded) and it is not CANCELLED or REFUNDED; its revenue is its total
 * net of its refunds. Ranges are half-open: [from, toExclusive).
 */
export interface SalesRange {
  from: Date;
  toExclusive: Date;
  currency: string;
  /** What refunded returns took back (returns module): tax and best sellers are net of it. */
  returned?: { units: SQL; shippingOrders: SQL } | undefined;
}

/**
 * The tax of order `o` that refunded returns gave back (the returned units' share, and shipping's
 * tax): `join` goes right after `FROM orders o`, `amount` is the per-order expression. The units'
 * share is summed per order once, from the few returned lines, and hash-joined: as a subquery per
 * order it cost an index lookup into order_items for every sale (a year's daily sales 225 ms).
 */
function returnedTax(range: SalesRange): { join: SQL; amount: SQL } {
  if (!range.returned) return { join: sql``, amount: sql`0` };
  return {
    join: sql`LEFT JOIN (SELECT ti.order_id, sum(round(ti.tax::numeric * ru.units / ti.quantity)) AS tax
        FROM order_items ti JOIN ${range.returned.units} ru ON ru.order_item_id = ti.id
        GROUP BY ti.order_id) returned_tax ON returned_tax.order_id = o.id`,
    amount: sql`(coalesce(returned_tax.tax, 0) + CASE WHEN o.id IN ${range.returned.shippingOrders} THEN o.shipping_tax ELSE 0 END)`,
  };
}

// Written with the statuses that existed before PARTIALLY_REFUNDED (PAID or partly refunded), the
// same words as the partial index orders_sales_idx (migration 0017), so the planner uses it.
const isSale = sql`o.payment_status NOT IN ('UNPAID', 'PENDING', 'FAILED', 'REFUNDED') AND o.status NOT IN ('CANCELLED', 'REFUNDED')`;

export async function salesTotals(
  ctx: AppContext,
  range: SalesRange,
): Promise<{ orders: number; revenue: number; tax: number }> {
  const returned = returnedTax(range);
  const result = await ctx.database.db.execute<{ orders: number; revenue: string; tax: string }>(sql`
    SELECT count(*)::int AS orders, coalesce(sum(o.total - o.refunded_amount), 0)::bigint AS revenue,
           coalesce(sum(o.tax - ${returned.amount}), 0)::bigint AS tax
    FROM orders o ${returned.join}
    WHERE ${isSale} AND o.currency = ${range.currency}
      AND o.created_at >= ${range.from.toISOString()} AND o.created_at < ${range.toExclusive.toISOString()}`);
  const row = result.rows[0]!;
  return { orders: row.orders, revenue: Number(row.revenue), tax: Number(row.tax) };
}

/** The range's tax by name and rate (each order's `taxLines` summed), largest first. */
export async function salesTaxLines(
  ctx: AppContext,
  range: SalesRange,
): Promise<Array<{ name: string; rate: number; amount: number }>> {
  const result = await ctx.database.db.execute<{ name: string; rate: number; amount: string }>(sql`
    SELECT line->>'name' AS name, (line->>'rate')::int AS rate, sum((line->>'amount')::bigint)::bigint AS amount
    FROM orders o CROSS JOIN LATERAL jsonb_array_elements(o.tax_lines) AS line
    WHERE ${isSale} AND o.currency = ${range.currency} AND o.tax > 0
      AND o.created_at >= ${range.from.toISOString()} AND o.created_at < ${range.toExclusive.toISOString()}
    GROUP BY 1, 2
    ORDER BY 3 DESC, 1, 2`);
  return result.rows.map((row) => ({ name: row.name, rate: row.rate, amount: Number(row.amount) }));
}

export type SalesInterval = 'day' | 'week' | 'month';

/** One row per bucket from the bucket containing `from` to the one containing the last day; empty buckets are 0. */
export async function salesBuckets(
  ctx: AppContext,
  range: SalesRange & { interval: SalesInterval },
): Promise<Array<{ start: string; orders: number; revenue: number; tax: number }>> {
  const step = sql.raw(`'1 ${range.interval}'::interval`);
  const unit = sql.raw(`'${range.interval}'`);
  const returned = returnedTax(range);
  const result = await ctx.database.db.execute<{
    start: string;
    orders: number;
    revenue: string;
    tax: string;
  }>(sql`
    WITH buckets AS (
      SELECT generate_series(
        date_trunc(${unit}, ${range.from.toISOString()}::timestamptz AT TIME ZONE 'UTC'),
        date_trunc(${unit}, (${range.toExclusive.toISOString()}::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC'),
        ${step}
      ) AS start
    ),
    sales AS (
      SELECT date_trunc(${unit}, o.created_at AT TIME ZONE 'UTC') AS start, count(*)::int AS orders, sum(o.total - o.refunded_amount)::bigint AS revenue,
             sum(o.tax - ${returned.amount})::bigint AS tax
      FROM orders o ${returned.join}
      WHERE ${isSale} AND o.currency = ${range.currency}
        AND o.created_at >= ${range.from.toISOString()} AND o.created_at < ${range.toExclusive.toISOString()}
      GROUP BY 1
    )
    SELECT to_char(b.start, 'YYYY-MM-DD') AS start, coalesce(s.orders, 0) AS orders, coalesce(s.revenue, 0) AS revenue,
           coalesce(s.tax, 0) AS tax
    FROM buckets b LEFT JOIN sales s ON s.start = b.start
    ORDER BY b.start`);
  return result.rows.map((row) => ({
    start: row.start,
    orders: row.orders,
    revenue: Number(row.revenue),
    tax: Number(row.tax),
  }));
}

export async function topProducts(
  ctx: AppContext,
  range: SalesRange & { limit: number; sortBy: 'units' | 'revenue' },
): Promise<Array<{ productId: string; name: string; units: number; revenue: number }>> {
  const order = range.sortBy === 'units' ? sql`units DESC, revenue DESC` : sql`revenue DESC, units DESC`;
  const result = await ctx.database.db.execute<{
    product_id: string;
    name: string;
    units: string;
    revenue: string;
  }>(sql`
    SELECT i.product_id, (array_agg(i.name ORDER BY o.created_at DESC))[1] AS name,
           sum(i.quantity - coalesce(ru.units, 0))::bigint AS units,
           sum(i.line_total - round(i.line_total::numeric * coalesce(ru.units, 0) / i.quantity))::bigint AS revenue
    FROM order_items i JOIN orders o ON o.id = i.order_id
      LEFT JOIN ${range.returned?.units ?? sql`(SELECT NULL::uuid AS order_item_id, 0 AS units WHERE false)`} ru
        ON ru.order_item_id = i.id
    WHERE ${isSale} AND o.currency = ${range.currency} AND i.product_id IS NOT NULL
      AND o.created_at >= ${range.from.toISOString()} AND o.created_at < ${range.toExclusive.toISOString()}
    GROUP BY i.product_id
    ORDER BY ${order}, i.product_id
    LIMIT ${range.limit}`);
  return result.rows.map((row) => ({
    productId: row.product_id,
    name: row.name,
    units: Number(row.units),
    revenue: Number(row.revenue),
  }));
}

export async function recentOrders(ctx: AppContext, limit: number) {
  const result = await ctx.database.db.execute<{
    id: string;
    order_number: string;
    customer_email: string;
    customer_name: string;
    status: string;
    payment_status: string;
    total: number;
    currency: string;
    created_at: Date | string;
  }>(sql`
    SELECT id, order_number, customer_email, customer_name, status, payment_status, total, currency, created_at
    FROM orders ORDER BY created_at DESC, id DESC LIMIT ${limit}`);
  return result.rows.map((row) => ({
    id: row.id,
    orderNumber: row.order_number,
    customerEmail: row.customer_email,
    customerName: row.customer_name,
    status: row.status,
    paymentStatus: row.payment_status,
    total: row.total,
    currency: row.currency,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
