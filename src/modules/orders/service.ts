import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors';
import { runIdempotent, type IdempotentResult } from '../../platform/idempotency';
import { offsetOf, pageMeta } from '../../platform/pagination';
import type { AuthUser } from '../../platform/security';
import { consumeCart, lockCartForCheckout } from '../cart/service';
import { findVariants, invalidateCatalog } from '../catalog/service';
import { checkCouponForOrder, takeCouponUse } from '../coupons/service';
import { reserveStock, restoreStock } from '../inventory/service';
import { queueEmail } from '../notifications/service';
import { orderConfirmationEmail, orderStatusEmail } from '../notifications/templates';
import { findUserById, getAddress } from '../users/service';
import type {
  AdminOrdersQuery,
  CheckoutInput,
  ExportQuery,
  MyOrdersQuery,
  OrderSummary,
  OrderView,
} from './schemas';
import {
  orderItems,
  orderStatusHistory,
  orders,
  type OrderStatus,
  type PaymentStatus,
  type ShippingAddressSnapshot,
} from './tables';

export const ORDER_CREATED_JOB = 'order.created';
export const ORDER_UPDATED_JOB = 'order.updated';
/**
 * Queued in the same transaction that cancels (or refunds after delivery) a paid order, so the
 * refund can't be forgotten; the payments module handles it (refund through the provider, or a
 * manual record for cash on delivery, then paymentStatus REFUNDED).
 */
export const ORDER_REFUND_JOB = 'payments.refund';

/** Payload of `order.created` / `order.updated` (the Socket.IO event payload, plus the owner for routing). */
export interface OrderEvent {
  orderId: string;
  orderNumber: string;
  userId: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  updatedAt: string;
}

/** Who changed an order: a customer, an admin, or the system (payments webhooks, jobs). */
export interface OrderActor {
  id: string | null;
  role: 'CUSTOMER' | 'ADMIN' | 'SYSTEM';
}

type OrderRow = typeof orders.$inferSelect;

// ---------------------------------------------------------------- the state machine

/**
 * The one transition table. Guards on top of it (see `transitionError`): PENDING → PROCESSING only
 * for cash on delivery; an admin marks PENDING → PAID only for COD (online payments are confirmed
 * by the payments module as SYSTEM); customers may only cancel, and only from PENDING or PAID.
 * A transition to the current state is a no-op, never an error.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['PAID', 'PROCESSING', 'CANCELLED'],
  PAID: ['PROCESSING', 'CANCELLED'],
  PROCESSING: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: ['REFUNDED'],
  CANCELLED: [],
  REFUNDED: [],
};

/** Statuses whose arrival is mailed to the customer. */
const MAILED_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'PAID',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'REFUNDED',
]);

export function transitionError(
  order: Pick<OrderRow, 'status' | 'paymentMethod'>,
  to: OrderStatus,
  actor: OrderActor,
): string | null {
  const from = order.status;
  if (!ORDER_TRANSITIONS[from].includes(to)) return `An order that is ${from} cannot become ${to}`;
  if (actor.role === 'CUSTOMER' && !(to === 'CANCELLED' && (from === 'PENDING' || from === 'PAID')))
    return from === 'PENDING' || from === 'PAID'
      ? 'Customers can only cancel an order'
      : `The order is ${from} and can no longer be cancelled; contact support`;
  if (from === 'PENDING' && to === 'PROCESSING' && order.paymentMethod !== 'COD')
    return 'Only cash-on-delivery orders go to PROCESSING before payment';
  if (from === 'PENDING' && to === 'PAID' && actor.role === 'ADMIN' && order.paymentMethod !== 'COD')
    return 'Online payments are confirmed by the payment provider, not by hand';
  return null;
}

function paymentStatusAfter(order: OrderRow, to: OrderStatus): PaymentStatus {
  if (to === 'PAID') return 'PAID';
  if (to === 'REFUNDED') return 'REFUNDED';
  if (to === 'DELIVERED' && order.paymentMethod === 'COD') return 'PAID';
  // Cancelling a PAID order keeps paymentStatus PAID until the payments module records the refund.
  return order.paymentStatus;
}

function eventOf(row: OrderRow): OrderEvent {
  return {
    orderId: row.id,
    orderNumber: row.orderNumber,
    userId: row.userId,
    status: row.status,
    paymentStatus: row.paymentStatus,
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function lockOrder(tx: Tx, orderId: string): Promise<OrderRow | undefined> {
  const [row] = await tx.db.select().from(orders).where(eq(orders.id, orderId)).for('update');
  return row;
}

/**
 * Moves an order to `to` inside the caller's transaction: locks the order row, checks the
 * transition, updates with a conditional `WHERE status = <from>`, writes the history row, restores
 * stock on cancellation (exactly once: a repeated or concurrent cancel finds CANCELLED and is a
 * no-op), and enqueues the email and `order.updated`. Returns the row and whether it changed.
 * The caller invalidates the catalog cache after commit when `restocked`.
 */
export async function transitionOrder(
  ctx: AppContext,
  tx: Tx,
  orderId: string,
  to: OrderStatus,
  actor: OrderActor,
  options: { note?: string | null | undefined; ownerId?: string } = {},
): Promise<{ order: OrderRow; changed: boolean; restocked: boolean }> {
  const current = await lockOrder(tx, orderId);
  if (!current || (options.ownerId && current.userId !== options.ownerId)) throw notFound('Order');
  if (current.status === to) return { order: current, changed: false, restocked: false };
  const problem = transitionError(current, to, actor);
  if (problem)
    throw conflict('INVALID_STATE_TRANSITION', problem, [
      { path: 'status', message: `${current.status} → ${to}` },
    ]);

  const nextPayment = paymentStatusAfter(current, to);
  const [updated] = await tx.db
    .update(orders)
    .set({ status: to, paymentStatus: nextPayment, updatedAt: sql`now()` })
    .where(and(eq(orders.id, orderId), eq(orders.status, current.status)))
    .returning();
  if (!updated) throw conflict('INVALID_STATE_TRANSITION', 'The order changed meanwhile; reload it');
  await tx.db.insert(orderStatusHistory).values({
    orderId,
    fromStatus: current.status,
    toStatus: to,
    paymentStatus: nextPayment,
    actorId: actor.id,
    actorRole: actor.role,
    note: options.note ?? null,
  });

  let restocked = false;
  if (to === 'CANCELLED') {
    const lines = await tx.db
      .select({ variantId: orderItems.variantId, quantity: orderItems.quantity })
      .from(orderItems)
      .where(eq(orderItems.orderId, orderId));
    const restorable = lines.flatMap((l) =>
      l.variantId ? [{ variantId: l.variantId, quantity: l.quantity }] : [],
    );
    if (restorable.length > 0) {
      await restoreStock(ctx, tx, restorable, {
        orderId,
        actorId: actor.id,
        note: `order ${current.orderNumber} cancelled`,
      });
      restocked = true;
    }
  }
  if (current.paymentStatus === 'PAID' && (to === 'CANCELLED' || to === 'REFUNDED')) {
    await ctx.jobs.enqueue(ORDER_REFUND_JOB, { orderId }, { tx, singletonKey: `refund:${orderId}` });
  }
  if (MAILED_STATUSES.has(to))
    await queueEmail(ctx, tx, { to: updated.customerEmail, ...orderStatusEmail(updated) });
  await ctx.jobs.enqueue(ORDER_UPDATED_JOB, eventOf(updated), { tx });
  return { order: updated, changed: true, restocked };
}

/**
 * Payments: records a payment status that does not move the order (PENDING when a session starts,
 * FAILED, REFUNDED after a cancelled PAID order is refunded), with a history row and `order.updated`.
 */
export async function setPaymentStatus(
  ctx: AppContext,
  tx: Tx,
  orderId: string,
  paymentStatus: PaymentStatus,
  actor: OrderActor,
  note?: string,
): Promise<OrderRow> {
  const current = await lockOrder(tx, orderId);
  if (!current) throw notFound('Order');
  if (current.paymentStatus === paymentStatus) return current;
  const [updated] = await tx.db
    .update(orders)
    .set({ paymentStatus, updatedAt: sql`now()` })
    .where(eq(orders.id, orderId))
    .returning();
  await tx.db.insert(orderStatusHistory).values({
    orderId,
    fromStatus: current.status,
    toStatus: current.status,
    paymentStatus,
    actorId: actor.id,
    actorRole: actor.role,
    note: note ?? `payment ${paymentStatus}`,
  });
  await ctx.jobs.enqueue(ORDER_UPDATED_JOB, eventOf(updated!), { tx });
  return updated!;
}

/** Payments: the provider confirmed the payment. PENDING → PAID as SYSTEM; already PAID (or later) is a no-op. */
export async function markOrderPaid(
  ctx: AppContext,
  tx: Tx,
  orderId: string,
  note?: string,
): Promise<OrderRow> {
  const current = await lockOrder(tx, orderId);
  if (!current) throw notFound('Order');
  if (current.status !== 'PENDING') {
    if (current.paymentStatus !== 'PAID' && current.status !== 'CANCELLED')
      return setPaymentStatus(ctx, tx, orderId, 'PAID', { id: null, role: 'SYSTEM' }, note);
    return current;
  }
  const { order } = await transitionOrder(ctx, tx, orderId, 'PAID', { id: null, role: 'SYSTEM' }, { note });
  return order;
}

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

// ---------------------------------------------------------------- checkout

async function nextOrderNumber(tx: Tx): Promise<string> {
  const result = await tx.db.execute<{ n: string }>(sql`SELECT nextval('order_number_seq')::text AS n`);
  const day = new Date().toISOString().slice(2, 10).replaceAll('-', '');
  return `BZ-${day}-${result.rows[0]!.n}`;
}

/**
 * POST /orders. Everything happens in ONE transaction (the idempotency key is completed in it too):
 * lock the cart row (FOR UPDATE: one cart, one checkout), re-price every line from current prices,
 * re-validate the coupon, insert the order, its item snapshots and first history row, empty the
 * cart, enqueue the confirmation email and `order.created`, and last — so the hot row locks are held
 * only until the commit — take stock with conditional updates in variant-id order (inventory
 * service, ledger movements) and take the coupon use with a conditional update. Any failure,
 * including at COMMIT, rolls all of it back.
 */
export async function placeOrder(
  ctx: AppContext,
  user: AuthUser,
  input: CheckoutInput,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<{ success: true; message: string; data: OrderView }>> {
  // Reads outside the transaction (embedded mode: never use the pool while holding a transaction).
  // Their errors are raised inside the idempotent work, so a replay of a completed key still
  // replays (even if the saved address was deleted since) and a rejected request stores nothing.
  let lookupError: unknown = null;
  const customer = await findUserById(ctx, user.id);
  if (!customer) lookupError = notFound('User');
  const address: ShippingAddressSnapshot | null = input.addressId
    ? await getAddress(ctx, user.id, input.addressId).catch((error: unknown) => {
        lookupError =
          error instanceof AppError && error.statusCode === 404
            ? badRequest('VALIDATION_ERROR', 'Unknown address', [
                { path: 'addressId', message: 'not one of your addresses' },
              ])
            : error;
        return null;
      })
    : {
        fullName: input.shippingAddress!.fullName,
        line1: input.shippingAddress!.line1,
        line2: input.shippingAddress!.line2 ?? null,
        city: input.shippingAddress!.city,
        state: input.shippingAddress!.state ?? null,
        postalCode: input.shippingAddress!.postalCode,
        country: input.shippingAddress!.country,
        phone: input.shippingAddress!.phone ?? null,
      };
  const snapshot: ShippingAddressSnapshot | null = address && {
    fullName: address.fullName,
    line1: address.line1,
    line2: address.line2,
    city: address.city,
    state: address.state,
    postalCode: address.postalCode,
    country: address.country,
    phone: address.phone,
  };

  const result = await runIdempotent(
    ctx,
    { scope: user.id, key: idempotencyKey, fingerprint: input },
    async (tx) => {
      if (lookupError || !customer || !snapshot) throw lookupError;
      const cart = await lockCartForCheckout(tx, user.id);
      if (!cart || cart.lines.length === 0) throw badRequest('CART_EMPTY', 'Your cart is empty');

      const found = await findVariants(
        ctx,
        cart.lines.map((l) => l.variantId),
        { tx },
      );
      const unavailable = cart.lines.filter((l) => !found.get(l.variantId)?.purchasable);
      if (unavailable.length > 0)
        throw conflict(
          'OUT_OF_STOCK',
          'Some items are no longer for sale',
          unavailable.map((l) => ({
            path: `items.${l.itemId}`,
            message: `variant ${l.variantId} is no longer for sale`,
          })),
        );
      const lines = cart.lines.map((l) => {
        const v = found.get(l.variantId)!;
        return { ...l, variant: v, unitPrice: v.price, lineTotal: v.price * l.quantity };
      });
      const currency = lines[0]!.variant.currency;
      if (lines.some((l) => l.variant.currency !== currency))
        throw conflict(
          'CURRENCY_MISMATCH',
          'The cart mixes currencies; remove the items in another currency',
        );

      const orderId = randomUUID();
      const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
      const couponCode = input.couponCode ?? null;
      let discount = 0;
      let coupon: { id: string; code: string } | null = null;
      if (couponCode || cart.couponId) {
        const redeemed = await checkCouponForOrder(ctx, tx, {
          code: couponCode,
          couponId: cart.couponId,
          userId: user.id,
          subtotal,
        });
        discount = redeemed.discount;
        coupon = { id: redeemed.coupon.id, code: redeemed.coupon.code };
      }
      const shipping = 0;
      const tax = 0;
      const [order] = await tx.db
        .insert(orders)
        .values({
          id: orderId,
          orderNumber: await nextOrderNumber(tx),
          userId: user.id,
          customerEmail: customer.email,
          customerName: customer.name,
          status: 'PENDING',
          paymentStatus: 'UNPAID',
          paymentMethod: input.paymentMethod,
          currency,
          subtotal,
          discount,
          shipping,
          tax,
          total: subtotal - discount + shipping + tax,
          couponId: coupon?.id ?? null,
          couponCode: coupon?.code ?? null,
          shippingAddress: snapshot,
          note: input.note ?? null,
        })
        .returning();
      const itemRows = await tx.db
        .insert(orderItems)
        .values(
          lines.map((l) => ({
            orderId,
            variantId: l.variantId,
            productId: l.variant.productId,
            name: l.variant.productName,
            sku: l.variant.sku,
            options: l.variant.options,
            unitPrice: l.unitPrice,
            quantity: l.quantity,
            lineTotal: l.lineTotal,
          })),
        )
        .returning();
      const historyRows = await tx.db
        .insert(orderStatusHistory)
        .values({
          orderId,
          fromStatus: null,
          toStatus: 'PENDING',
          paymentStatus: 'UNPAID',
          actorId: user.id,
          actorRole: user.role === 'ADMIN' ? 'ADMIN' : 'CUSTOMER',
          note: 'order placed',
        })
        .returning();
      await consumeCart(
        tx,
        cart.cartId,
        cart.lines.map((l) => l.itemId),
      );
      const view = orderView(order!, itemRows, historyRows);
      await queueEmail(ctx, tx, { to: view.customerEmail, ...orderConfirmationEmail(view) });
      await ctx.jobs.enqueue(ORDER_CREATED_JOB, eventOf(order!), { tx });

      // The contended rows last, so their locks are held only until the commit that follows:
      // variant stock (conditional updates in variant-id order, ledger rows), then the coupon use.
      const shortfalls = await reserveStock(ctx, tx, lines, { orderId, actorId: user.id });
      if (shortfalls.length > 0) {
        // Name the cart lines (not only variant ids) so a storefront can highlight them.
        const details = shortfalls.map((s) => {
          const line = lines.find((l) => l.variantId === s.variantId)!;
          return {
            path: `items.${line.itemId}`,
            message: `${line.variant.productName} (${line.variant.sku}): requested ${s.requested}, available ${s.available}`,
          };
        });
        throw conflict('OUT_OF_STOCK', 'Some items are not available in the quantity requested', details);
      }

      if (coupon) await takeCouponUse(tx, { couponId: coupon.id, userId: user.id, orderId, discount });
      return { status: 201, body: { success: true as const, message: 'Order placed', data: view } };
    },
  );
  if (!result.replayed) await invalidateCatalog(ctx);
  return result;
}

// ---------------------------------------------------------------- reads

// Raw and fully qualified: Drizzle may render columns unqualified inside a sql`` fragment.
const itemCountSql = sql<number>`(SELECT coalesce(sum(oi.quantity), 0)::int FROM order_items oi WHERE oi.order_id = "orders"."id")`;

function summaryOf(row: OrderRow, itemCount: number): OrderSummary {
  return {
    id: row.id,
    orderNumber: row.orderNumber,
    userId: row.userId,
    customerEmail: row.customerEmail,
    status: row.status,
    paymentStatus: row.paymentStatus,
    paymentMethod: row.paymentMethod,
    currency: row.currency,
    subtotal: row.subtotal,
    discount: row.discount,
    shipping: row.shipping,
    tax: row.tax,
    total: row.total,
    itemCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function loadOrderView(ctx: AppContext, row: OrderRow, tx?: Tx): Promise<OrderView> {
  const db = tx?.db ?? ctx.database.db;
  const items = await db.select().from(orderItems).where(eq(orderItems.orderId, row.id));
  const history = await db
    .select()
    .from(orderStatusHistory)
    .where(eq(orderStatusHistory.orderId, row.id))
    .orderBy(asc(orderStatusHistory.createdAt), asc(orderStatusHistory.id));
  return orderView(row, items, history);
}

/** The full view from rows already at hand (checkout builds it from what it inserted). */
function orderView(
  row: OrderRow,
  unsortedItems: Array<typeof orderItems.$inferSelect>,
  history: Array<typeof orderStatusHistory.$inferSelect>,
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
    payment: { method: row.paymentMethod, status: row.paymentStatus },
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

// ---------------------------------------------------------------- jobs

export function defineOrderJobs(ctx: AppContext): void {
  for (const name of [ORDER_CREATED_JOB, ORDER_UPDATED_JOB]) {
    ctx.jobs.define<OrderEvent>({
      name,
      retryLimit: 3,
      async handle(event, job) {
        const { userId, ...payload } = event;
        ctx.log.debug({ jobId: job.id, event: name, ...event }, 'order event');
        // Socket.IO: admins hear about every order; the owner about their own order's changes.
        ctx.realtime.publish(name, payload, { userId, admins: true });
      },
    });
  }
}
