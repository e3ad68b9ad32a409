import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
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
