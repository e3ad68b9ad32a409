import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { setPaymentStatus, type OrderActor } from './state-machine';
import { fulfillmentItems, fulfillments, orderItems, orderStatusHistory, orders } from './tables';

/** What returns and refunds need to know about an order (read under the order row's lock). */
export interface AfterSaleOrder {
  id: string;
  orderNumber: string;
  userId: string;
  customerEmail: string;
  customerName: string;
  status: (typeof orders.$inferSelect)['status'];
  paymentStatus: (typeof orders.$inferSelect)['paymentStatus'];
  paymentMethod: (typeof orders.$inferSelect)['paymentMethod'];
  currency: string;
  total: number;
  /** What store credit paid at checkout (part of `total`). */
  storeCredit: number;
  refundedAmount: number;
  shipping: number;
  shippingTax: number;
  taxIncluded: boolean;
  /** When the order last became DELIVERED (null while it never was). */
  deliveredAt: Date | null;
}

/** An order line with the amounts a refund is computed from and how many of its units were delivered. */
export interface AfterSaleLine {
  id: string;
  variantId: string | null;
  name: string;
  sku: string;
  quantity: number;
  lineTotal: number;
  discountShare: number;
  tax: number;
  deliveredQuantity: number;
}

/**
 * Locks the order row (FOR UPDATE) inside the caller's transaction, so concurrent returns and
 * refunds of one order are decided one after the other. Undefined when there is no such order.
 */
export async function lockOrderForAfterSale(tx: Tx, orderId: string): Promise<AfterSaleOrder | undefined> {
  const [row] = await tx.db.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!row) return undefined;
  const [delivered] = await tx.db
    .select({ at: orderStatusHistory.createdAt })
    .from(orderStatusHistory)
    .where(and(eq(orderStatusHistory.orderId, orderId), eq(orderStatusHistory.toStatus, 'DELIVERED')))
    .orderBy(desc(orderStatusHistory.createdAt))
    .limit(1);
  return {
    id: row.id,
    orderNumber: row.orderNumber,
    userId: row.userId,
    customerEmail: row.customerEmail,
    customerName: row.customerName,
    status: row.status,
    paymentStatus: row.paymentStatus,
    paymentMethod: row.paymentMethod,
    currency: row.currency,
    total: row.total,
    storeCredit: row.storeCredit,
    refundedAmount: row.refundedAmount,
    shipping: row.shipping,
    shippingTax: row.shippingTax,
    taxIncluded: row.taxIncluded,
    deliveredAt: delivered?.at ?? null,
  };
}

/**
 * The order's lines with their delivered units: the units in delivered fulfillments, or every unit
 * when the order was marked DELIVERED without fulfillments (the admin status route).
 */
export async function afterSaleLines(
  tx: Pick<Tx, 'db'>,
  order: Pick<AfterSaleOrder, 'id' | 'status'>,
): Promise<AfterSaleLine[]> {
  const items = await tx.db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
  const delivered = await tx.db
    .select({
      orderItemId: fulfillmentItems.orderItemId,
      units: sql<number>`sum(${fulfillmentItems.quantity})::int`,
    })
    .from(fulfillmentItems)
    .innerJoin(fulfillments, eq(fulfillments.id, fulfillmentItems.fulfillmentId))
    .where(and(eq(fulfillments.orderId, order.id), isNotNull(fulfillments.deliveredAt)))
    .groupBy(fulfillmentItems.orderItemId);
  const [shipments] = await tx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(fulfillments)
    .where(eq(fulfillments.orderId, order.id));
  const everythingDelivered = order.status === 'DELIVERED' && (shipments?.n ?? 0) === 0;
  return items.map((i) => ({
    id: i.id,
    variantId: i.variantId,
    name: i.name,
    sku: i.sku,
    quantity: i.quantity,
    lineTotal: i.lineTotal,
    discountShare: i.discountShare,
    tax: i.tax,
    deliveredQuantity: everythingDelivered
      ? i.quantity
      : (delivered.find((d) => d.orderItemId === i.id)?.units ?? 0),
  }));
}

/** The owner of an order, or undefined when there is no such order. */
export async function orderOwner(tx: Pick<Tx, 'db'>, orderId: string): Promise<string | undefined> {
  const [row] = await tx.db.select({ userId: orders.userId }).from(orders).where(eq(orders.id, orderId));
  return row?.userId;
}

/** What the customer paid for the order: its total once paid (refunds are counted separately), else 0. */
export function paidAmount(order: Pick<AfterSaleOrder, 'paymentStatus' | 'total'>): number {
  const paid = ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(order.paymentStatus);
  return paid ? order.total : 0;
}

/**
 * Payments: the order's succeeded refunds now add up to `refundedAmount`. Sets it, and the payment
 * status PARTIALLY_REFUNDED (some of what was paid) or REFUNDED (all of it) with a history row and
 * `order.updated`. Call it under the order row's lock (lockOrderForAfterSale) in the same transaction;
 * `paid` is what was captured (an online payment captured after a cancellation counts too).
 */
export async function recordRefundedAmount(
  ctx: AppContext,
  tx: Tx,
  orderId: string,
  amounts: { refunded: number; paid: number },
  actor: OrderActor,
  note: string,
): Promise<void> {
  await tx.db
    .update(orders)
    .set({ refundedAmount: amounts.refunded, updatedAt: sql`now()` })
    .where(eq(orders.id, orderId));
  if (amounts.paid === 0 || amounts.refunded === 0) return;
  const status = amounts.refunded >= amounts.paid ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  await setPaymentStatus(ctx, tx, orderId, status, actor, note);
}
