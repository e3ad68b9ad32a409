import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { checkout, addToCart, ledgerSum, product, shopper, stockOf, type Shopper } from '../orders/fixtures';
import { adminAction, count, deliveredOrder, mailsTo, priceLikeCheckout, requestReturn } from './fixtures';

let t: TestApp;
let admin: Shopper;
let alice: Shopper;
let bob: Shopper;

beforeAll(async () => {
  t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true', RETURN_WINDOW_DAYS: '30' } });
  admin = await shopper(t, 'ADMIN');
  alice = await shopper(t);
  bob = await shopper(t);
  const hook = await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/webhooks',
    headers: admin.headers,
    payload: { url: 'http://127.0.0.1:1/hook', events: ['return.requested', 'return.received'] },
  });
  expect(hook.statusCode).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const events = (type: string, returnId: string) =>
  count(t, `SELECT 1 FROM webhook_events WHERE type = $1 AND data->>'id' = $2`, [type, returnId]);

describe('return requests (RMA)', () => {
  it('request → approve → receive: refund amounts, restock per line (RETURN), mails and events', async () => {
    const { order, itemA, itemB, variantA, variantB } = await deliveredOrder(t, admin, alice);
    await priceLikeCheckout(t, order.id, itemA, itemB);

    const first = await requestReturn(t, alice, order.id, [
      { orderItemId: itemA, quantity: 1, reason: 'DAMAGED', note: 'cracked' },
    ]);
    expect(first.statusCode).toBe(201);
    const rma = first.json().data;
    expect(rma).toMatchObject({
      rmaNumber: expect.stringMatching(/^RMA-\d{6}-\d+$/),
      status: 'REQUESTED',
      orderId: order.id,
      // (3000 − 300 + 270) / 3
      refundAmount: 990,
      shippingAmount: 0,
      items: [{ orderItemId: itemA, quantity: 1, reason: 'DAMAGED', note: 'cracked', amount: 990 }],
    });
    expect(await events('return.requested', rma.id)).toBe(1);
    expect(await mailsTo(t, alice.email, `Return ${rma.rmaNumber}%request%`)).toBe(1);

    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.id}/returns`,
      headers: alice.headers,
    });
    expect(listed.json().data.map((r: { id: string }) => r.id)).toEqual([rma.id]);

    // Everything else: the rest of Alpha (its cumulative share) and Beta, plus the taxed shipping.
    const rest = await requestReturn(t, alice, order.id, [
      { orderItemId: itemA, quantity: 2, reason: 'NO_LONGER_NEEDED' },
      { orderItemId: itemB, quantity: 1, reason: 'WRONG_ITEM' },
    ]);
    expect(rest.statusCode).toBe(201);
    expect(rest.json().data).toMatchObject({ refundAmount: 1980 + 495 + 550, shippingAmount: 550 });
    expect(990 + rest.json().data.refundAmount).toBe(4015);

    const approved = await adminAction(t, admin, rma.id, 'approve');
    expect(approved.statusCode).toBe(200);
    expect(approved.json().data).toMatchObject({ status: 'APPROVED', approvedAt: expect.any(String) });
    expect((await adminAction(t, admin, rma.id, 'approve')).statusCode).toBe(200);
    expect(await mailsTo(t, alice.email, `Return ${rma.rmaNumber}%approved%`)).toBe(1);

    const stockA = await stockOf(t, variantA);
    const received = await adminAction(t, admin, rma.id, 'receive', {});
    expect(received.statusCode).toBe(200);
    // received, then refunded in the same step (the refund is recorded with it)
    expect(received.json().data).toMatchObject({
      status: 'REFUNDED',
      receivedAt: expect.any(String),
      refundId: expect.any(String),
      items: [{ orderItemId: itemA, restockedQuantity: 1 }],
    });
    const again = await adminAction(t, admin, rma.id, 'receive', {});
    expect(again.statusCode).toBe(200);
    expect(await stockOf(t, variantA)).toBe(stockA + 1);
    expect(await ledgerSum(t, variantA)).toBe(stockA + 1);
    expect(
      await count(t, `SELECT 1 FROM stock_movements WHERE variant_id = $1 AND reason = 'RETURN'`, [variantA]),
    ).toBe(1);
    expect(await events('return.received', rma.id)).toBe(1);
    expect(await mailsTo(t, alice.email, `Return ${rma.rmaNumber}%received your returned%`)).toBe(1);

    // the second return: received with Beta kept out of stock (damaged) and one Alpha restocked
    const second = rest.json().data;
    await adminAction(t, admin, second.id, 'approve');
    const stockB = await stockOf(t, variantB);
    const partial = await adminAction(t, admin, second.id, 'receive', {
      items: [
        { orderItemId: itemA, quantity: 1, restock: true },
        { orderItemId: itemB, quantity: 1, restock: false },
      ],
    });
    expect(partial.statusCode).toBe(200);
    expect(await stockOf(t, variantA)).toBe(stockA + 2);
    expect(await stockOf(t, variantB)).toBe(stockB);
  });

  it('reject frees the units; wrong transitions answer 409', async () => {
    const { order, itemA } = await deliveredOrder(t, admin, alice);
    const all = await requestReturn(t, alice, order.id, [
      { orderItemId: itemA, quantity: 3, reason: 'OTHER' },
    ]);
    const id = all.json().data.id;
    expect((await adminAction(t, admin, id, 'receive', {})).json().error.code).toBe(
      'INVALID_STATE_TRANSITION',
    );
    const noReason = await adminAction(t, admin, id, 'reject', {});
    expect(noReason.statusCode).toBe(400);
    const rejected = await adminAction(t, admin, id, 'reject', { reason: 'used item' });
    expect(rejected.json().data).toMatchObject({ status: 'REJECTED', rejectReason: 'used item' });
    expect(await mailsTo(t, alice.email, `Return ${all.json().data.rmaNumber}%declined%`)).toBe(1);
    const approveRejected = await adminAction(t, admin, id, 'approve');
    expect(approveRejected.statusCode).toBe(409);
    expect(approveRejected.json().error.code).toBe('INVALID_STATE_TRANSITION');
    // the rejected units can be asked for again
    const retry = await requestReturn(t, alice, order.id, [
      { orderItemId: itemA, quantity: 3, reason: 'OTHER' },
    ]);
    expect(retry.statusCode).toBe(201);
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/returns?status=REJECTED',
      headers: admin.headers,
    });
    expect(listed.json().data.map((r: { id: string }) => r.id)).toContain(id);
    expect(listed.json().data.every((r: { status: string }) => r.status === 'REJECTED')).toBe(true);
  });

  it('two concurrent requests for the last returnable unit: one 201, one 409', async () => {
    const { order, itemA } = await deliveredOrder(t, admin, alice, { quantityA: 1 });
    const results = await Promise.all(
      [0, 1].map(() =>
        requestReturn(t, alice, order.id, [{ orderItemId: itemA, quantity: 1, reason: 'DAMAGED' }]),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const refused = results.find((r) => r.statusCode === 409)!.json();
    expect(refused.error).toMatchObject({
      code: 'RETURN_QUANTITY_EXCEEDED',
      details: [{ path: `items.${itemA}`, message: 'requested 1, returnable 0' }],
    });
    expect(
      await count(
        t,
        'SELECT 1 FROM return_items ri JOIN returns r ON r.id = ri.return_id WHERE r.order_id = $1',
        [order.id],
      ),
    ).toBe(1);
  });

  it('refuses orders not delivered (409), after the window (409) and more than delivered (409)', async () => {
    const shipped = await deliveredOrder(t, admin, alice, { deliver: false });
    const notDelivered = await requestReturn(t, alice, shipped.order.id, [
      { orderItemId: shipped.itemA, quantity: 1, reason: 'DAMAGED' },
    ]);
    expect(notDelivered.statusCode).toBe(409);
    expect(notDelivered.json().error.code).toBe('INVALID_STATE_TRANSITION');

    const { order, itemA } = await deliveredOrder(t, admin, alice);
    const tooMany = await requestReturn(t, alice, order.id, [
      { orderItemId: itemA, quantity: 4, reason: 'DAMAGED' },
    ]);
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().error.code).toBe('RETURN_QUANTITY_EXCEEDED');

    await t.ctx.database.pool.query(
      `UPDATE order_status_history SET created_at = now() - interval '31 days' WHERE order_id = $1 AND to_status = 'DELIVERED'`,
      [order.id],
    );
    const late = await requestReturn(t, alice, order.id, [
      { orderItemId: itemA, quantity: 1, reason: 'DAMAGED' },
    ]);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('RETURN_WINDOW_CLOSED');
    expect(await count(t, 'SELECT 1 FROM returns WHERE order_id = $1', [order.id])).toBe(0);
  });

  it('bad input is 400; another customer gets 404; anonymous 401; a customer on admin routes 403', async () => {
    const { order, itemA } = await deliveredOrder(t, admin, alice);
    const bad = [
      [{ orderItemId: itemA, quantity: 1, reason: 'BORED' }],
      [{ orderItemId: itemA, quantity: 0, reason: 'DAMAGED' }],
      [{ orderItemId: itemA, quantity: 1, reason: 'DAMAGED', refund: 100 }],
      [
        { orderItemId: itemA, quantity: 1, reason: 'DAMAGED' },
        { orderItemId: itemA, quantity: 1, reason: 'OTHER' },
      ],
      [],
    ];
    for (const items of bad) {
      const res = await requestReturn(t, alice, order.id, items);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    const unknownItem = await requestReturn(t, alice, order.id, [
      { orderItemId: '00000000-0000-4000-8000-000000000000', quantity: 1, reason: 'DAMAGED' },
    ]);
    expect(unknownItem.statusCode).toBe(400);

    const foreign = await requestReturn(t, bob, order.id, [
      { orderItemId: itemA, quantity: 1, reason: 'DAMAGED' },
    ]);
    expect(foreign.statusCode).toBe(404);
    const foreignList = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.id}/returns`,
      headers: bob.headers,
    });
    expect(foreignList.statusCode).toBe(404);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/returns`,
      payload: { items: [{ orderItemId: itemA, quantity: 1, reason: 'DAMAGED' }] },
    });
    expect(anonymous.statusCode).toBe(401);

    const mine = await requestReturn(t, alice, order.id, [
      { orderItemId: itemA, quantity: 1, reason: 'DAMAGED' },
    ]);
    for (const action of ['approve', 'receive'] as const)
      expect((await adminAction(t, alice, mine.json().data.id, action, {})).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/admin/returns', headers: alice.headers }))
        .statusCode,
    ).toBe(403);
    expect((await adminAction(t, admin, '00000000-0000-4000-8000-000000000000', 'approve')).statusCode).toBe(
      404,
    );
    expect(await count(t, 'SELECT 1 FROM returns WHERE order_id = $1', [order.id])).toBe(1);
  });

  it('only delivered units are returnable; an order still PENDING cannot be returned', async () => {
    const a = await product(t, admin, { stock: 5 });
    await addToCart(t, alice, a.variantId, 1);
    const pending = (await checkout(t, alice)).json().data;
    const res = await requestReturn(t, alice, pending.id, [
      { orderItemId: pending.items[0].id, quantity: 1, reason: 'OTHER' },
    ]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INVALID_STATE_TRANSITION');
  });

  it('an Idempotency-Key replays the request instead of creating a second return', async () => {
    const { order, itemA } = await deliveredOrder(t, admin, alice);
    const items = [{ orderItemId: itemA, quantity: 1, reason: 'DAMAGED' }];
    const one = await requestReturn(t, alice, order.id, items, 'rma-key-1');
    const two = await requestReturn(t, alice, order.id, items, 'rma-key-1');
    expect(two.statusCode).toBe(201);
    expect(two.headers['idempotent-replayed']).toBe('true');
    expect(two.json().data.id).toBe(one.json().data.id);
    expect(await count(t, 'SELECT 1 FROM returns WHERE order_id = $1', [order.id])).toBe(1);
  });
});
