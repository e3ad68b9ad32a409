import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import { fixedStatement } from '../../platform/prepared-statements';
import { recordEventSql } from '../../platform/realtime-outbox';
import type { AuthUser } from '../../platform/security';
import type { OrderDraft } from './service';
import { ORDER_CREATED_EVENT, socketEventOf } from './events';
import type { OrderRow } from './state-machine';
import { orderItems, orderStatusHistory, orders } from './tables';

// The checkout's one INSERT of an order, and the values it computes ahead of it.

/** The order's first history row (PENDING, UNPAID), written by the same statement as the order. */
export function firstHistoryRow(draft: { id: string; user: Pick<AuthUser, 'id' | 'role'> }) {
  return {
    id: randomUUID(),
    orderId: draft.id,
    fromStatus: null,
    toStatus: 'PENDING' as const,
    paymentStatus: 'UNPAID' as const,
    actorId: draft.user.id,
    actorRole: draft.user.role === 'ADMIN' ? 'ADMIN' : 'CUSTOMER',
    note: 'order placed',
  };
}

/**
 * The order, its items, its first history row and its Socket.IO `order.created` (the realtime
 * outbox's row; the caller has it published after the commit) in ONE fixed statement (no query building per
 * order; their foreign keys are checked at the end of the statement), written as a deferred write
 * of the transaction (Tx.deferred): nothing waits for its answer, since the order number and the
 * time (now(): the transaction's time, as the rows' defaults) were read before, by the checkout's
 * first statement. On PostgreSQL it leaves in the checkout's last socket write, with the jobs, the
 * stock and the COMMIT; a checkout that goes on writing after the order flushes it first. The row
 * is built from the values written.
 */
export function insertPlacedOrder(
  tx: Tx,
  draft: OrderDraft,
  items: Array<typeof orderItems.$inferInsert>,
  first: ReturnType<typeof firstHistoryRow>,
): OrderRow {
  const total = draft.subtotal - draft.discount + draft.shipping + (draft.taxIncluded ? 0 : draft.tax);
  const row: OrderRow = {
    id: draft.id,
    orderNumber: draft.orderNumber,
    userId: draft.user.id,
    customerEmail: draft.customer.email,
    customerName: draft.customer.name,
    status: 'PENDING',
    paymentStatus: 'UNPAID',
    paymentMethod: draft.paymentMethod,
    currency: draft.currency,
    subtotal: draft.subtotal,
    discount: draft.discount,
    shipping: draft.shipping,
    tax: draft.tax,
    shippingTax: draft.shippingTax,
    taxIncluded: draft.taxIncluded,
    taxLines: draft.taxLines,
    total,
    storeCredit: 0,
    refundedAmount: 0,
    shippingMethod: draft.shippingMethod,
    fulfillmentStatus: 'UNFULFILLED',
    invoiceNumber: null,
    invoicedAt: null,
    couponId: draft.coupon?.id ?? null,
    couponCode: draft.coupon?.code ?? null,
    shippingAddress: draft.shippingAddress,
    note: draft.note,
    createdAt: draft.placedAt,
    updatedAt: draft.placedAt,
  };
  const values = {
    id: draft.id,
    orderNumber: draft.orderNumber,
    userId: draft.user.id,
    customerEmail: draft.customer.email,
    customerName: draft.customer.name,
    paymentMethod: draft.paymentMethod,
    currency: draft.currency,
    subtotal: draft.subtotal,
    discount: draft.discount,
    shipping: draft.shipping,
    shippingMethod: draft.shippingMethod === null ? null : JSON.stringify(draft.shippingMethod),
    tax: draft.tax,
    shippingTax: draft.shippingTax,
    taxIncluded: draft.taxIncluded,
    taxLines: JSON.stringify(draft.taxLines),
    total,
    couponId: draft.coupon?.id ?? null,
    couponCode: draft.coupon?.code ?? null,
    shippingAddress: JSON.stringify(draft.shippingAddress),
    note: draft.note,
    items: JSON.stringify(items.map(itemRecord)),
    historyId: first.id,
    actorId: first.actorId,
    actorRole: first.actorRole,
    announcement: JSON.stringify([socketEventOf(ORDER_CREATED_EVENT, row)]),
  };
  // One order per transaction; each writer call issues its statements at once (DeferredWrites.start).
  tx.deferred.add('placed order', values, (rows) =>
    Promise.all(rows.map((row) => tx.run(placedOrderStatement, row))).then(() => undefined),
  );
  return row;
}

/** An order line as jsonb_to_recordset reads it (the columns of insertPlacedOrder's items). */
function itemRecord(item: typeof orderItems.$inferInsert) {
  return {
    id: item.id,
    order_id: item.orderId,
    variant_id: item.variantId,
    product_id: item.productId,
    name: item.name,
    sku: item.sku,
    options: item.options,
    unit_price: item.unitPrice,
    quantity: item.quantity,
    line_total: item.lineTotal,
    discount_share: item.discountShare,
    tax: item.tax,
    tax_rate: item.taxRate,
    tax_class: item.taxClass,
  };
}

const param = (name: string) => sql.placeholder(name);

const placedOrderStatement = fixedStatement<never>(
  'orders_insert_placed',
  sql`
    WITH placed_items AS (
      INSERT INTO ${orderItems} (id, order_id, variant_id, product_id, name, sku, options, unit_price,
        quantity, line_total, discount_share, tax, tax_rate, tax_class)
      SELECT id, order_id, variant_id, product_id, name, sku, options, unit_price, quantity,
        line_total, discount_share, tax, tax_rate, tax_class
      FROM jsonb_to_recordset(${param('items')}::jsonb) AS i(id uuid, order_id uuid, variant_id uuid,
        product_id uuid, name text, sku text, options jsonb, unit_price int, quantity int,
        line_total int, discount_share int, tax int, tax_rate int, tax_class text)
      RETURNING id
    ), placed_history AS (
      INSERT INTO ${orderStatusHistory} (id, order_id, from_status, to_status, payment_status, actor_id,
        actor_role, note)
      VALUES (${param('historyId')}, ${param('id')}, NULL, 'PENDING', 'UNPAID', ${param('actorId')}, ${param('actorRole')},
        'order placed')
      RETURNING id
    ), announced AS (
      ${recordEventSql(param('announcement'))}
    )
    INSERT INTO ${orders} (id, order_number, user_id, customer_email, customer_name, status,
      payment_status, payment_method, currency, subtotal, discount, shipping, shipping_method, tax,
      shipping_tax, tax_included, tax_lines, total, coupon_id, coupon_code, shipping_address, note)
    VALUES (${param('id')}, ${param('orderNumber')}, ${param('userId')}, ${param('customerEmail')}, ${param('customerName')},
      'PENDING', 'UNPAID', ${param('paymentMethod')}, ${param('currency')}, ${param('subtotal')}, ${param('discount')},
      ${param('shipping')}, ${param('shippingMethod')}::jsonb, ${param('tax')}, ${param('shippingTax')}, ${param('taxIncluded')},
      ${param('taxLines')}::jsonb, ${param('total')}, ${param('couponId')}, ${param('couponCode')},
      ${param('shippingAddress')}::jsonb, ${param('note')})`,
);
