import type { TestApp } from '../../helpers/app';
import { addToCart, checkout, count, product, type Shopper } from '../orders/fixtures';

export { count };

/**
 * A delivered COD order of 3 × Alpha (1000 each) and 1 × Beta (500), shipped and delivered through
 * the fulfillment routes; `deliver: false` leaves it SHIPPED.
 */
export async function deliveredOrder(
  t: TestApp,
  admin: Shopper,
  who: Shopper,
  opts: { quantityA?: number; deliver?: boolean; paymentMethod?: string } = {},
) {
  const a = await product(t, admin, { name: 'Alpha', price: 1000, stock: 10 });
  const b = await product(t, admin, { name: 'Beta', price: 500, stock: 10 });
  await addToCart(t, who, a.variantId, opts.quantityA ?? 3);
  await addToCart(t, who, b.variantId, 1);
  const placed = await checkout(t, who, { paymentMethod: opts.paymentMethod ?? 'COD' });
  if (placed.statusCode !== 201) throw new Error(`checkout failed: ${placed.body}`);
  const order = placed.json().data;
  const shipped = await t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/orders/${order.id}/fulfillments`,
    headers: admin.headers,
    payload: { carrier: 'DHL', trackingNumber: 'JD1' },
  });
  if (shipped.statusCode !== 201) throw new Error(`fulfillment failed: ${shipped.body}`);
  if (opts.deliver !== false) {
    const delivered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/orders/${order.id}/fulfillments/${shipped.json().data.id}/delivered`,
      headers: admin.headers,
    });
    if (delivered.statusCode !== 200) throw new Error(`delivery failed: ${delivered.body}`);
  }
  const itemOf = (variantId: string) =>
    order.items.find((i: { variantId: string }) => i.variantId === variantId).id as string;
  return {
    order,
    itemA: itemOf(a.variantId),
    itemB: itemOf(b.variantId),
    variantA: a.variantId,
    variantB: b.variantId,
  };
}

/**
 * Gives the order a discount, per-line tax and taxed shipping as a priced checkout would (the
 * current checkout does not price tax and shipping yet): subtotal 3500, discount 350 (Alpha 300,
 * Beta 50), 10 % tax on each line after its share (270, 45), shipping 500 with 50 tax; total 4015.
 */
export async function priceLikeCheckout(t: TestApp, orderId: string, itemA: string, itemB: string) {
  const q = (sql: string, params: unknown[]) => t.ctx.database.pool.query(sql, params);
  await q('UPDATE order_items SET discount_share = 300, tax = 270, tax_rate = 1000 WHERE id = $1', [itemA]);
  await q('UPDATE order_items SET discount_share = 50, tax = 45, tax_rate = 1000 WHERE id = $1', [itemB]);
  await q(
    'UPDATE orders SET discount = 350, shipping = 500, shipping_tax = 50, tax = 365, total = 4015 WHERE id = $1',
    [orderId],
  );
}

export function requestReturn(
  t: TestApp,
  who: Shopper,
  orderId: string,
  items: Array<Record<string, unknown>>,
  key?: string,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${orderId}/returns`,
    headers: { ...who.headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload: { items },
  });
}

export function adminAction(
  t: TestApp,
  who: Shopper,
  returnId: string,
  action: 'approve' | 'reject' | 'receive',
  payload?: object,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/returns/${returnId}/${action}`,
    headers: who.headers,
    ...(payload ? { payload } : {}),
  });
}

export const mailsTo = (t: TestApp, to: string, subject: string) =>
  count(
    t,
    `SELECT 1 FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1 AND data->>'subject' LIKE $2`,
    [to, subject],
  );
