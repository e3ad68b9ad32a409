import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { offsetOf, pageMeta } from '../../platform/pagination';
import type { AuthUser } from '../../platform/security';
import { invalidateCatalog } from '../catalog/service';
import { listOrderRefunds } from '../payments/refund-views';
import { queueEmail } from '../notifications/service';
import { orderConfirmationEmail } from '../notifications/templates';
import type { ShippingMethodSnapshot } from '../shipping/service';
import { DEFAULT_TAX_CLASS, type TaxLine } from '../tax/service';
import { announceOrderPlaced } from './events';
import type { FulfillmentView } from './fulfillment-schemas';
import { listFulfillments } from './fulfillments';
import type { AdminOrdersQuery, ExportQuery, MyOrdersQuery, OrderSummary, OrderView } from './schemas';
import { transitionOrder, type OrderActor, type OrderRow } from './state-machine';
import { firstHistoryRow, insertPlacedOrder } from './placed-rows';
import { scheduleUnpaidExpiry } from './unpaid';
import {
  orderItems,
  orderStatusHistory,
  orders,
  type OrderStatus,
  type ShippingAddressSnapshot,
} from './tables';

// The orders module's public face: the order's life (state-machine.ts), its creation by the
// checkout, and its reads. Other modules import from here only.
export { ORDER_REFUND_JOB } from './events';
export {
  lockOrder,
  markOrderPaid,
  ORDER_TRANSITIONS,
  setPaymentStatus,
  transitionError,
  transitionOrder,
  type OrderActor,
  type OrderRow,
} from './state-machine';

// ---------------------------------------------------------------- creation (checkout steps)

/** An order as the checkout has priced it, ready to be written. */
export interface OrderDraft {
  id: string;
  /** Taken by the checkout's first statement (nextOrderNumber, number-sql.ts). */
  orderNumber: string;
  /** now() in the checkout's transaction: the rows' created_at. */
  placedAt: Date;
  user: Pick<AuthUser, 'id' | 'role'>;
  customer: { email: string; name: string };
  paymentMethod: OrderRow['paymentMethod'];
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  shippingMethod: ShippingMethodSnapshot | null;
  tax: number;
  shippingTax: number;
  taxIncluded: boolean;
  taxLines: TaxLine[];
  coupon: { id: string; code: string } | null;
  shippingAddress: ShippingAddressSnapshot;
  note: string | null;
  lines: Array<{
    variantId: string;
    productId: string;
    name: string;
    sku: string;
    options: Record<string, string>;
    unitPrice: number;
    quantity: number;
    lineTotal: number;
    discountShare: number;
    tax: number;
    taxRate: number;
  }>;
}

export interface PlacedOrder {
  row: OrderRow;
  view: OrderView;
}

/**
 * Checkout step: the order row, its item snapshots and its first history row (PENDING, UNPAID).
 * One statement writes them, deferred to the transaction's end (placed-rows.ts): a step that reads
 * or references the order in the database must come after `tx.deferred.flush()`.
 */
export function createOrder(ctx: AppContext, tx: Tx, draft: OrderDraft): PlacedOrder {
  const first = firstHistoryRow(draft);
  const items = draft.lines.map((l) => ({
    taxClass: DEFAULT_TAX_CLASS,
    ...l,
    id: randomUUID(),
    orderId: draft.id,
  }));
  const row = insertPlacedOrder(tx, draft, items, first);
  ctx.realtimeOutbox.publishAfterCommit(tx);
  return { row, view: orderView(row, items, [{ ...first, createdAt: row.createdAt }], []) };
}

/** Checkout step: the confirmation email, `order.created` and the unpaid-order expiry, committed with the order. */
export async function queueOrderPlaced(ctx: AppContext, tx: Tx, placed: PlacedOrder): Promise<void> {
  await queueEmail(ctx, tx, { to: placed.view.customerEmail, ...orderConfirmationEmail(placed.view) });
  await announceOrderPlaced(ctx, tx, placed.view);
  await scheduleUnpaidExpiry(ctx, tx, placed.row);
}

// ---------------------------------------------------------------- status changes

/** Admin (PATCH /admin/orders/:id/status) and system status changes, in their own transaction. */
export async function updateOrderStatus(
  ctx: AppContext,
  orderId: string,
  to: OrderStatus,
  actor: OrderActor,
  note?: string,
): Promise<OrderView> {
  const outcome = await ctx.database.transaction((tx) =>
    transitionOrder(ctx, tx, orderId, to, actor, { note }),
  );
  if (outcome.restocked) await invalidateCatalog(ctx);
  return loadOrderView(ctx, outcome.order);
}

/** POST /orders/:id/cancel: the owner (while allowed) or an admin; another customer's order is 404. */
export async function cancelOrder(
  ctx: AppContext,
  user: AuthUser,
  orderId: string,
  reason?: string,
): Promise<OrderView> {
  const actor: OrderActor = { id: user.id, role: user.role === 'ADMIN' ? 'ADMIN' : 'CUSTOMER' };
  const outcome = await ctx.database.transaction((tx) =>
    transitionOrder(ctx, tx, orderId, 'CANCELLED', actor, {
      note: reason ?? (actor.role === 'ADMIN' ? 'cancelled by an admin' : 'cancelled by the customer'),
      ...(actor.role === 'ADMIN' ? {} : { ownerId: user.id }),
    }),
  );
  if (outcome.restocked) await invalidateCatalog(ctx);
  return loadOrderView(ctx, outcome.order);
}

// ---------------------------------------------------------------- reads

// Raw and fully qualified: Drizzle may render columns unqualified inside a sql`` fragment.
const itemCountSql = sql<number>`(SELECT coalesce(sum(oi.quantity), 0)::int FROM order_items oi WHERE oi.order_id = "orders"."id")`;

/** The order's money, flat on the order and again as `totals` (the contract names both). */
function totalsOf(row: OrderRow): OrderSummary['totals'] {
  const { subtotal, discount, shipping, tax, total, storeCredit } = row;
  return { subtotal, discount, shipping, tax, total, storeCredit, amountDue: total - storeCredit };
}

function summaryOf(row: OrderRow, itemCount: number): OrderSummary {
  const totals = totalsOf(row);
  return {
    id: row.id,
    orderNumber: row.orderNumber,
    userId: row.userId,
    customerEmail: row.customerEmail,
    status: row.status,
    paymentStatus: row.paymentStatus,
    paymentMethod: row.paymentMethod,
    currency: row.currency,
    ...totals,
    totals,
    fulfillmentStatus: row.fulfillmentStatus,
    refundedAmount: row.refundedAmount,
    itemCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function loadOrderView(ctx: AppContext, row: OrderRow, tx?: Tx): Promise<OrderView> {
  const db = tx?.db ?? ctx.database.db;
  const items = await db.select().from(orderItems).where(eq(orderItems.orderId, row.id));
  const history = await db
    .select()
    .from(orderStatusHistory)
    .where(eq(orderStatusHistory.orderId, row.id))
    .orderBy(asc(orderStatusHistory.createdAt), asc(orderStatusHistory.id));
  const view = orderView(row, items, history, await listFulfillments({ db }, row.id));
  return { ...view, refunds: await listOrderRefunds({ db }, row.id) };
}

/** The full view from rows already at hand (checkout builds it from what it inserted). */
function orderView(
  row: OrderRow,
  unsortedItems: Array<typeof orderItems.$inferSelect>,
  history: Array<typeof orderStatusHistory.$inferSelect>,
  shipments: FulfillmentView[],
): OrderView {
  const items = [...unsortedItems].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return {
    ...summaryOf(
      row,
      items.reduce((sum, i) => sum + i.quantity, 0),
    ),
    customerName: row.customerName,
    couponCode: row.couponCode,
    note: row.note,
    shippingAddress: row.shippingAddress,
    shippingMethod: row.shippingMethod ?? null,
    shippingTax: row.shippingTax,
    taxIncluded: row.taxIncluded,
    taxLines: row.taxLines,
    fulfillments: shipments,
    payment: { method: row.paymentMethod, status: row.paymentStatus },
    refunds: [],
    items: items.map((i) => ({
      id: i.id,
      variantId: i.variantId,
      productId: i.productId,
      name: i.name,
      sku: i.sku,
      options: i.options,
      unitPrice: i.unitPrice,
      quantity: i.quantity,
      lineTotal: i.lineTotal,
      discountShare: i.discountShare,
      tax: i.tax,
      taxRate: i.taxRate,
    })),
    statusHistory: history.map((h) => ({
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      paymentStatus: h.paymentStatus,
      actorId: h.actorId,
      actorRole: h.actorRole,
      note: h.note,
      createdAt: h.createdAt.toISOString(),
    })),
  };
}

/** An order for its owner or an admin; anyone else's order is indistinguishable from a missing one (404). */
export async function getOrderForUser(
  ctx: AppContext,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  orderId: string,
): Promise<OrderView> {
  const [row] = await ctx.database.db.select().from(orders).where(eq(orders.id, orderId));
  if (!row || (viewer.role !== 'ADMIN' && row.userId !== viewer.id)) throw notFound('Order');
  return loadOrderView(ctx, row);
}

/** Reviews: has this user an order in DELIVERED (or REFUNDED after delivery) containing the product? */
export async function hasDeliveredOrderContaining(
  ctx: AppContext,
  userId: string,
  productId: string,
): Promise<boolean> {
  const rows = await ctx.database.db
    .select({ id: orders.id })
    .from(orders)
    .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
    .where(
      and(eq(orders.userId, userId), eq(orders.status, 'DELIVERED'), eq(orderItems.productId, productId)),
    )
    .limit(1);
  return rows.length > 0;
}

function filters(query: Partial<AdminOrdersQuery>, userId?: string): SQL | undefined {
  const where: SQL[] = [];
  const owner = userId ?? query.userId;
  if (owner) where.push(eq(orders.userId, owner));
  if (query.status) where.push(eq(orders.status, query.status));
  if (query.paymentStatus) where.push(eq(orders.paymentStatus, query.paymentStatus));
  if (query.from) where.push(gte(orders.createdAt, new Date(query.from)));
  if (query.to) where.push(lt(orders.createdAt, new Date(query.to)));
  if (query.searchTerm) {
    const pattern = `%${query.searchTerm.replace(/[%_\\]/g, '\\$&')}%`;
    where.push(or(ilike(orders.orderNumber, pattern), ilike(orders.customerEmail, pattern))!);
  }
  return where.length > 0 ? and(...where) : undefined;
}

async function listWhere(ctx: AppContext, query: MyOrdersQuery, condition: SQL | undefined) {
  const column = query.sortBy === 'total' ? orders.total : orders.createdAt;
  const order = query.sortOrder === 'asc' ? [asc(column), asc(orders.id)] : [desc(column), desc(orders.id)];
  const [rows, [count]] = await Promise.all([
    ctx.database.db
      .select({ order: orders, itemCount: itemCountSql })
      .from(orders)
      .where(condition)
      .orderBy(...order)
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(condition),
  ]);
  return { items: rows.map((r) => summaryOf(r.order, r.itemCount)), meta: pageMeta(query, count?.n ?? 0) };
}

export async function listMyOrders(ctx: AppContext, userId: string, query: MyOrdersQuery) {
  return listWhere(ctx, query, filters(query, userId));
}

export async function listAllOrders(ctx: AppContext, query: AdminOrdersQuery) {
  return listWhere(ctx, query, filters(query));
}

/** For the CSV export: every matching order, oldest first, read in keyset batches (constant memory). */
export async function* iterateOrders(
  ctx: AppContext,
  query: ExportQuery,
  batchSize = 500,
): AsyncGenerator<OrderSummary & { customerName: string; couponCode: string | null; country: string }> {
  // The cursor keeps created_at as PostgreSQL text: a JS Date would drop the microseconds.
  let after: { createdAt: string; id: string } | null = null;
  const base = filters(query);
  for (;;) {
    const cursor: SQL | undefined = after
      ? sql`(${orders.createdAt}, ${orders.id}) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`
      : undefined;
    const rows: Array<{ order: OrderRow; itemCount: number; cursor: string }> = await ctx.database.db
      .select({ order: orders, itemCount: itemCountSql, cursor: sql<string>`${orders.createdAt}::text` })
      .from(orders)
      .where(and(...[base, cursor].filter((c): c is SQL => c !== undefined)))
      .orderBy(asc(orders.createdAt), asc(orders.id))
      .limit(batchSize);
    for (const r of rows)
      yield {
        ...summaryOf(r.order, r.itemCount),
        customerName: r.order.customerName,
        couponCode: r.order.couponCode,
        country: r.order.shippingAddress.country,
      };
    if (rows.length < batchSize) return;
    const last = rows.at(-1)!;
    after = { createdAt: last.cursor, id: last.order.id };
  }
}

/**
 * Payments' refund sweep: orders cancelled while PAID, and cancelled or refunded orders among
 * `withCapturedPayment` (a subquery of order ids the payments module still holds money for).
 */
export async function findOrdersAwaitingRefund(
  ctx: AppContext,
  withCapturedPayment: SQLWrapper,
  limit: number,
): Promise<string[]> {
  const rows = await ctx.database.db
    .select({ id: orders.id })
    .from(orders)
    .where(
      or(
        and(eq(orders.status, 'CANCELLED'), eq(orders.paymentStatus, 'PAID')),
        and(inArray(orders.status, ['CANCELLED', 'REFUNDED']), inArray(orders.id, withCapturedPayment)),
      ),
    )
    .limit(limit);
  return rows.map((r) => r.id);
}
