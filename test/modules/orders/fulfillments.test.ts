import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { orderEventCount, recordPublished, type PublishedEvent } from '../../helpers/realtime-events';
import { startMailCatcher, type MailCatcher } from '../../helpers/mail';
import { addToCart, checkout, count, product, shopper, type Shopper } from './fixtures';

let t: TestApp;
let published: PublishedEvent[];
let catcher: MailCatcher;
let admin: Shopper;
let alice: Shopper;
let bob: Shopper;

beforeAll(async () => {
  catcher = await startMailCatcher();
  t = await createTestApp({ env: { APP_URL: 'https://shop.example', SMTP_URL: catcher.url } });
  published = recordPublished(t);
  admin = await shopper(t, 'ADMIN');
  alice = await shopper(t);
  bob = await shopper(t);
});
afterAll(async () => {
  await t.close();
  await catcher.close();
});

/** A COD order of two products: 3 × A and 1 × B. */
async function twoLineOrder(who: Shopper, paymentMethod = 'COD') {
  const a = await product(t, admin, { name: 'Alpha', stock: 10 });
  const b = await product(t, admin, { name: 'Beta', stock: 10 });
  await addToCart(t, who, a.variantId, 3);
  await addToCart(t, who, b.variantId, 1);
  const res = await checkout(t, who, { paymentMethod });
  if (res.statusCode !== 201) throw new Error(`checkout failed: ${res.body}`);
  const order = res.json().data;
  const itemOf = (variantId: string) =>
    order.items.find((i: { variantId: string }) => i.variantId === variantId).id;
  return { order, itemA: itemOf(a.variantId) as string, itemB: itemOf(b.variantId) as string };
}

const fulfill = (orderId: string, payload: object, who: Shopper = admin, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/orders/${orderId}/fulfillments`,
    headers: { ...who.headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload,
  });
const deliver = (orderId: string, fulfillmentId: string, who: Shopper = admin) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/orders/${orderId}/fulfillments/${fulfillmentId}/delivered`,
    headers: who.headers,
  });
const orderRow = async (id: string) =>
  (
    await t.ctx.database.pool.query(
      'SELECT status, payment_status, fulfillment_status FROM orders WHERE id = $1',
      [id],
    )
  ).rows[0];
const mails = (to: string, subject: string) =>
  count(
    t,
    `SELECT 1 FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1 AND data->>'subject' LIKE $2`,
    [to, `%${subject}%`],
  );
const updatedEvents = (orderId: string) => orderEventCount(t, published, 'order.updated', orderId);
const tracking = { carrier: 'DHL', trackingNumber: 'JD0001', trackingUrl: 'https://track.example/JD0001' };

describe('fulfillments', () => {
  it('partial then full: PROCESSING, then SHIPPED; delivered shipments make the order DELIVERED (COD paid)', async () => {
    const { order, itemA, itemB } = await twoLineOrder(alice);
    const first = await fulfill(order.id, { items: [{ orderItemId: itemA, quantity: 2 }], ...tracking });
    expect(first.statusCode).toBe(201);
    expect(first.json().data).toMatchObject({
      items: [{ orderItemId: itemA, quantity: 2 }],
      carrier: 'DHL',
      trackingNumber: 'JD0001',
      trackingUrl: 'https://track.example/JD0001',
      deliveredAt: null,
    });
    expect(await orderRow(order.id)).toMatchObject({
      status: 'PROCESSING',
      fulfillment_status: 'PARTIALLY_FULFILLED',
    });
    expect(await mails(alice.email, '%part of your order shipped')).toBe(1);
    // The sent mail as the customer gets it (its job row keeps no body once sent).
    const mail = await catcher.next(alice.email, /part of your order/);
    expect(mail.text).toContain('JD0001');
    expect(mail.text).toContain('2 ×');
    expect(mail.html).toContain('href="https://track.example/JD0001"');
    expect(mail.text).toContain(`https://shop.example/orders/${order.id}`);

    // more than remains: 409, nothing recorded
    const over = await fulfill(order.id, { items: [{ orderItemId: itemA, quantity: 2 }], ...tracking });
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatchObject({
      code: 'FULFILLMENT_QUANTITY_EXCEEDED',
      details: [{ path: `items.${itemA}`, message: 'requested 2, unfulfilled 1' }],
    });
    expect(await count(t, 'SELECT 1 FROM fulfillments WHERE order_id = $1', [order.id])).toBe(1);

    // default: everything not yet fulfilled
    const rest = await fulfill(order.id, { carrier: 'UPS', trackingNumber: '1Z999' });
    expect(rest.statusCode).toBe(201);
    expect(rest.json().data.items).toEqual(
      expect.arrayContaining([
        { orderItemId: itemA, quantity: 1 },
        { orderItemId: itemB, quantity: 1 },
      ]),
    );
    expect(await orderRow(order.id)).toMatchObject({ status: 'SHIPPED', fulfillment_status: 'FULFILLED' });
    expect(await mails(alice.email, '%: shipped')).toBe(1);
    const nothingLeft = await fulfill(order.id, tracking);
    expect(nothingLeft.json().error.code).toBe('FULFILLMENT_QUANTITY_EXCEEDED');

    expect((await deliver(order.id, first.json().data.id)).json().data.deliveredAt).not.toBeNull();
    expect(await orderRow(order.id)).toMatchObject({ status: 'SHIPPED' });
    const again = await deliver(order.id, first.json().data.id);
    expect(again.statusCode).toBe(200);
    await deliver(order.id, rest.json().data.id);
    expect(await orderRow(order.id)).toMatchObject({ status: 'DELIVERED', payment_status: 'PAID' });
    // one order.updated per fulfillment and per delivery at least, on top of the status changes
    expect(await updatedEvents(order.id)).toBeGreaterThanOrEqual(4);

    const history = (
      await t.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}`, headers: alice.headers })
    )
      .json()
      .data.statusHistory.map((h: { toStatus: string }) => h.toStatus);
    expect(history).toEqual(['PENDING', 'PROCESSING', 'SHIPPED', 'DELIVERED']);
  });

  it('concurrent fulfillments never ship more than was ordered', async () => {
    const { order, itemA } = await twoLineOrder(alice);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        fulfill(order.id, {
          items: [{ orderItemId: itemA, quantity: 1 }],
          carrier: 'DHL',
          trackingNumber: `R${n}`,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 409, 409]);
    const shipped = await t.ctx.database.pool.query(
      'SELECT coalesce(sum(quantity), 0)::int AS n FROM fulfillment_items WHERE order_item_id = $1',
      [itemA],
    );
    expect(shipped.rows[0].n).toBe(3);
  });

  it('an Idempotency-Key replays the fulfillment instead of shipping twice', async () => {
    const { order, itemB } = await twoLineOrder(alice);
    const payload = { items: [{ orderItemId: itemB, quantity: 1 }], ...tracking };
    const first = await fulfill(order.id, payload, admin, 'ship-1');
    const replay = await fulfill(order.id, payload, admin, 'ship-1');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().data.id).toBe(first.json().data.id);
    expect(await count(t, 'SELECT 1 FROM fulfillments WHERE order_id = $1', [order.id])).toBe(1);
  });

  it('refuses cancelled orders and unpaid online payments with 409 INVALID_STATE_TRANSITION', async () => {
    const unpaid = (await twoLineOrder(alice, 'STRIPE')).order;
    const res = await fulfill(unpaid.id, tracking);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INVALID_STATE_TRANSITION');
    const cancelled = (await twoLineOrder(alice)).order;
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${cancelled.id}/cancel`,
      headers: alice.headers,
      payload: {},
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect((await fulfill(cancelled.id, tracking)).json().error.code).toBe('INVALID_STATE_TRANSITION');
    expect(
      await count(t, 'SELECT 1 FROM fulfillments WHERE order_id IN ($1, $2)', [unpaid.id, cancelled.id]),
    ).toBe(0);
  });

  it('validates input: unknown fields, bad quantities, items of another order, bad URLs, unknown ids', async () => {
    const { order, itemA } = await twoLineOrder(alice);
    const other = await twoLineOrder(bob);
    const cases: object[] = [
      { ...tracking, status: 'SHIPPED' },
      { ...tracking, items: [{ orderItemId: itemA, quantity: 0 }] },
      { ...tracking, items: [] },
      {
        ...tracking,
        items: [
          { orderItemId: itemA, quantity: 1 },
          { orderItemId: itemA, quantity: 1 },
        ],
      },
      { ...tracking, trackingUrl: 'javascript:alert(1)' },
      { carrier: 'DHL' },
      { ...tracking, items: [{ orderItemId: other.itemA, quantity: 1 }] },
    ];
    for (const payload of cases) {
      const res = await fulfill(order.id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    expect((await fulfill('00000000-0000-4000-8000-000000000000', tracking)).statusCode).toBe(404);
    expect((await deliver(order.id, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    // a fulfillment of another order is not found through this order
    const theirs = await fulfill(other.order.id, tracking);
    expect((await deliver(order.id, theirs.json().data.id)).statusCode).toBe(404);
    expect(await count(t, 'SELECT 1 FROM fulfillments WHERE order_id = $1', [order.id])).toBe(0);
  });

  it('customers get 403 and anonymous callers 401; nothing ships', async () => {
    const { order } = await twoLineOrder(alice);
    expect((await fulfill(order.id, tracking, alice)).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/orders/${order.id}/fulfillments`,
      payload: tracking,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await count(t, 'SELECT 1 FROM fulfillments WHERE order_id = $1', [order.id])).toBe(0);
  });
});
