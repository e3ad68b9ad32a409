import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { uniqueEmail } from '../../helpers/auth';
import { addToCart, checkout, product, shopper, uniqueSku, type Shopper } from '../orders/fixtures';
import { startReceiver, type Receiver } from './receiver';

// The services that own each cause record the event in the cause's transaction; a real receiver
// subscribed to every event checks what arrives, signed, and that a rolled-back change sends nothing.

let t: TestApp;
let admin: Shopper;
let target: Receiver;
let secret: string;

interface Delivered {
  type: string;
  data: Record<string, any>;
}

beforeAll(async () => {
  t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
  admin = await shopper(t, 'ADMIN');
  target = await startReceiver();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/webhooks',
    headers: admin.headers,
    payload: { url: `${target.url}/hooks`, events: ['*'] },
  });
  expect(created.statusCode).toBe(201);
  secret = created.json().data.secret;
});
beforeEach(() => {
  target.received.splice(0);
});
afterAll(async () => {
  await target?.close();
  await t?.close();
});

/** Every delivered event so far, each verified with the Standard Webhooks library. */
function delivered(): Delivered[] {
  const verifier = new Webhook(secret);
  return target.received.map((r) => verifier.verify(r.body, r.headers) as Delivered);
}

const eventOf = (type: string, match: (data: Record<string, any>) => boolean) =>
  waitFor(async () => delivered().find((e) => e.type === type && match(e.data)));

describe('events recorded by the services that cause them', () => {
  it('customer.created when someone registers', async () => {
    const email = uniqueEmail('hook');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: 'Correct-Horse-Battery-9', name: 'Hook Customer' },
    });
    expect(res.statusCode).toBe(201);
    const event = await eventOf('customer.created', (d) => d.email === email);
    expect(event.data).toMatchObject({ id: res.json().data.id, name: 'Hook Customer', emailVerified: false });
    expect(event.data).not.toHaveProperty('passwordHash');
  });

  it('product.created, product.updated (product and variant changes) and product.deleted', async () => {
    const { productId, variantId } = await product(t, admin, { name: 'Hooked Lamp' });
    const created = await eventOf('product.created', (d) => d.id === productId);
    expect(created.data).toMatchObject({ name: 'Hooked Lamp', status: 'ACTIVE' });

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${productId}`,
      headers: admin.headers,
      payload: { name: 'Hooked Desk Lamp' },
    });
    expect(patched.statusCode).toBe(200);
    await eventOf('product.updated', (d) => d.id === productId && d.name === 'Hooked Desk Lamp');

    const before = delivered().filter((e) => e.type === 'product.updated').length;
    const variant = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${productId}/variants/${variantId}`,
      headers: admin.headers,
      payload: { price: 1500 },
    });
    expect(variant.statusCode).toBe(200);
    await waitFor(async () => delivered().filter((e) => e.type === 'product.updated').length > before);

    const archived = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/products/${productId}`,
      headers: admin.headers,
    });
    expect(archived.statusCode).toBe(200);
    const deleted = await eventOf('product.deleted', (d) => d.id === productId);
    expect(deleted.data.status).toBe('ARCHIVED');
  });

  it('a change that is rolled back sends nothing', async () => {
    const sku = uniqueSku('DUP');
    const payload = (name: string) => ({ name, variants: [{ sku, price: 100, stock: 1 }] });
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: admin.headers,
      payload: payload('Kept Product'),
    });
    expect(first.statusCode).toBe(201);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: admin.headers,
      payload: payload('Refused Product'),
    });
    expect(second.statusCode).toBe(409);
    await eventOf('product.created', (d) => d.name === 'Kept Product');
    const { rows } = await t.ctx.database.pool.query(
      "SELECT count(*)::int AS n FROM webhook_events WHERE data->>'name' = 'Refused Product'",
    );
    expect(rows[0].n).toBe(0);
  });

  it('inventory.low when stock falls to its threshold', async () => {
    const { variantId } = await product(t, admin, { stock: 10 });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/inventory/adjustments',
      headers: admin.headers,
      payload: { variantId, delta: -6, reason: 'ADJUSTMENT', note: 'six broken' },
    });
    expect(res.statusCode).toBe(201);
    const event = await eventOf('inventory.low', (d) => d.variantId === variantId);
    expect(event.data).toMatchObject({ stock: 4, lowStockThreshold: 5 });
  });

  it('fulfillment.created with the shipped items and tracking', async () => {
    const buyer = await shopper(t);
    const { variantId } = await product(t, admin, { stock: 5 });
    await addToCart(t, buyer, variantId, 2);
    const placed = await checkout(t, buyer, { paymentMethod: 'COD' });
    expect(placed.statusCode).toBe(201);
    const order = placed.json().data;
    const shipped = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/orders/${order.id}/fulfillments`,
      headers: admin.headers,
      payload: { carrier: 'DHL', trackingNumber: 'HOOK123' },
    });
    expect(shipped.statusCode).toBe(201);
    const event = await eventOf('fulfillment.created', (d) => d.orderId === order.id);
    expect(event.data).toMatchObject({
      orderNumber: order.orderNumber,
      fulfillmentStatus: 'FULFILLED',
      carrier: 'DHL',
      trackingNumber: 'HOOK123',
    });
    expect(event.data.items).toEqual([expect.objectContaining({ quantity: 2 })]);
  });
});

describe('order and payment events', () => {
  async function placeOrder(quantity = 1) {
    const buyer = await shopper(t);
    const { variantId } = await product(t, admin, { stock: 5 });
    await addToCart(t, buyer, variantId, quantity);
    const placed = await checkout(t, buyer, { paymentMethod: 'COD' });
    expect(placed.statusCode).toBe(201);
    return { buyer, order: placed.json().data };
  }

  it('order.created carries the whole order; cancelling sends order.updated and order.cancelled', async () => {
    const { buyer, order } = await placeOrder(2);
    const created = await eventOf('order.created', (d) => d.id === order.id);
    expect(created.data).toMatchObject({
      orderNumber: order.orderNumber,
      total: order.total,
      items: [expect.objectContaining({ quantity: 2 })],
    });

    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: buyer.headers,
      payload: {},
    });
    expect(cancelled.statusCode).toBe(200);
    const event = await eventOf('order.cancelled', (d) => d.id === order.id);
    expect(event.data).toMatchObject({ status: 'CANCELLED', orderNumber: order.orderNumber });
    await eventOf('order.updated', (d) => d.id === order.id && d.status === 'CANCELLED');
    expect(delivered().filter((e) => e.type.startsWith('payment.'))).toEqual([]);
  });

  it('payment.succeeded once when a cash-on-delivery order is delivered', async () => {
    const { order } = await placeOrder();
    const shipped = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/orders/${order.id}/fulfillments`,
      headers: admin.headers,
      payload: { carrier: 'UPS', trackingNumber: 'PAY1' },
    });
    expect(shipped.statusCode).toBe(201);
    const fulfillmentId = shipped.json().data.id;
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/orders/${order.id}/fulfillments/${fulfillmentId}/delivered`,
      headers: admin.headers,
    });
    expect(done.statusCode).toBe(200);
    const paid = await eventOf('payment.succeeded', (d) => d.orderId === order.id);
    expect(paid.data).toMatchObject({ paymentMethod: 'COD', amount: order.total, currency: order.currency });
    await eventOf('order.updated', (d) => d.id === order.id && d.status === 'DELIVERED');
    const { rows } = await t.ctx.database.pool.query(
      "SELECT count(*)::int AS n FROM webhook_events WHERE type = 'payment.succeeded' AND data->>'orderId' = $1",
      [order.id],
    );
    expect(rows[0].n).toBe(1);
  });
});
