import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALES_ROLLUP_JOB } from '../../../src/modules/catalog/sales-rollup';
import { INVENTORY_LOW_JOB } from '../../../src/modules/inventory/alerts';
import { SEND_EMAIL_JOB } from '../../../src/modules/notifications/service';
import { UNPAID_ORDER_EXPIRY_JOB } from '../../../src/modules/orders/unpaid';
import { createAddress, deleteAddress } from '../../../src/modules/users/service';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { orderEventCount, recordPublished, type PublishedEvent } from '../../helpers/realtime-events';
import {
  addToCart,
  address,
  checkout,
  count,
  ledgerSum,
  product,
  shopper,
  stockOf,
  type Shopper,
} from './fixtures';

let t: TestApp;
let admin: Shopper;
let published: PublishedEvent[];

beforeAll(async () => {
  t = await createTestApp();
  published = recordPublished(t);
  admin = await shopper(t, 'ADMIN');
});
afterAll(async () => {
  await t.close();
});

/**
 * The jobs `buyer`'s checkout of `variantId` could queue in its transaction: its confirmation
 * mail, an unpaid-order expiry, its low-stock alert, a sales roll-up slot (the
 * one with singleton key 'sales'). Not pg-boss's cron runs (its `__pgboss__send-it` rows and the
 * roll-up's every-minute job, without a singleton key), which appear whenever a minute turns, nor
 * mail that a worker queues meanwhile for an earlier test's alert (no webhook endpoint here).
 */
const checkoutJobs = (buyer: Shopper, variantId: string) =>
  count(
    t,
    `SELECT 1 FROM pgboss.job
      WHERE (name = $1 AND data->>'to' = $2)
         OR (name = $3 AND data->>'variantId' = $4)
         OR name = $5
         OR (name = $6 AND singleton_key = 'sales')`,
    [SEND_EMAIL_JOB, buyer.email, INVENTORY_LOW_JOB, variantId, UNPAID_ORDER_EXPIRY_JOB, SALES_ROLLUP_JOB],
  );

describe('checkout', () => {
  it('creates the order with snapshots, takes stock through the ledger, empties the cart and queues the mail and event', async () => {
    const buyer = await shopper(t);
    const lamp = await product(t, admin, { name: 'Desk Lamp', price: 2599, stock: 7 });
    const pen = await product(t, admin, { name: 'Pen', price: 150, stock: 100 });
    await addToCart(t, buyer, lamp.variantId, 2);
    await addToCart(t, buyer, pen.variantId, 3);

    const res = await checkout(t, buyer, { note: 'leave at the door' });
    expect(res.statusCode).toBe(201);
    const order = res.json().data;
    expect(order).toMatchObject({
      status: 'PENDING',
      paymentStatus: 'UNPAID',
      paymentMethod: 'COD',
      payment: { method: 'COD', status: 'UNPAID' },
      currency: 'USD',
      subtotal: 2 * 2599 + 3 * 150,
      discount: 0,
      shipping: 0,
      tax: 0,
      total: 2 * 2599 + 3 * 150,
      itemCount: 5,
      userId: buyer.id,
      customerEmail: buyer.email,
      note: 'leave at the door',
      shippingAddress: { ...address, line2: null, state: null, phone: null },
    });
    expect(order.orderNumber).toMatch(/^BZ-\d{6}-\d+$/);
    // The answer is built before the order's INSERT is answered: it shows the row as stored.
    const stored = (await t.app.inject({ url: `/api/v1/orders/${order.id}`, headers: buyer.headers })).json()
      .data;
    expect(stored).toMatchObject({
      orderNumber: order.orderNumber,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
    });
    expect(stored.statusHistory[0].createdAt).toBe(order.statusHistory[0].createdAt);
    expect(order.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          variantId: lamp.variantId,
          name: 'Desk Lamp',
          sku: lamp.sku,
          unitPrice: 2599,
          quantity: 2,
          lineTotal: 5198,
        }),
        expect.objectContaining({
          variantId: pen.variantId,
          name: 'Pen',
          unitPrice: 150,
          quantity: 3,
          lineTotal: 450,
        }),
      ]),
    );
    expect(order.statusHistory).toEqual([
      expect.objectContaining({
        fromStatus: null,
        toStatus: 'PENDING',
        actorId: buyer.id,
        actorRole: 'CUSTOMER',
      }),
    ]);

    expect(await stockOf(t, lamp.variantId)).toBe(5);
    expect(await ledgerSum(t, lamp.variantId)).toBe(5);
    expect(
      await count(t, `SELECT 1 FROM stock_movements WHERE order_id = $1 AND reason = 'ORDER'`, [order.id]),
    ).toBe(2);
    const cart = (await t.app.inject({ method: 'GET', url: '/api/v1/cart', headers: buyer.headers })).json()
      .data;
    expect(cart.items).toEqual([]);
    expect(await orderEventCount(t, published, 'order.created', order.id)).toBe(1);
    expect(
      await count(
        t,
        `SELECT 1 FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1 AND data->>'subject' LIKE $2`,
        [buyer.email, `%${order.orderNumber}%`],
      ),
    ).toBe(1);

    // A later price change does not touch the order.
    await t.ctx.database.pool.query('UPDATE variants SET price = 9999 WHERE id = $1', [lamp.variantId]);
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.id}`,
      headers: buyer.headers,
    });
    expect(again.json().data.items.find((i: any) => i.variantId === lamp.variantId).unitPrice).toBe(2599);
  });

  it('answers 400 CART_EMPTY for an empty cart and validates the body', async () => {
    const buyer = await shopper(t);
    const empty = await checkout(t, buyer);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('CART_EMPTY');
    expect((await checkout(t, buyer, { paymentMethod: 'CASH' })).statusCode).toBe(400);
    expect((await checkout(t, buyer, { shippingAddress: undefined })).statusCode).toBe(400);
    expect((await checkout(t, buyer, { shippingAddress: { ...address, country: 'XX' } })).statusCode).toBe(
      400,
    );
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/orders',
          payload: { shippingAddress: address, paymentMethod: 'COD' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('rejects price tampering (400) and charges the server price', async () => {
    const buyer = await shopper(t);
    const tv = await product(t, admin, { price: 50000, stock: 3 });
    await addToCart(t, buyer, tv.variantId, 1);
    for (const extra of [
      { total: 1 },
      { subtotal: 1 },
      { discount: 49999 },
      { items: [{ variantId: tv.variantId, price: 1 }] },
      { price: 1 },
      { status: 'PAID' },
      { userId: admin.id },
    ]) {
      const res = await checkout(t, buyer, extra);
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    expect(await stockOf(t, tv.variantId)).toBe(3);
    const ok = await checkout(t, buyer);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().data.total).toBe(50000);
  });

  it('uses a saved address by id (snapshot), and 400s on someone else’s', async () => {
    const buyer = await shopper(t);
    const other = await shopper(t);
    const saved = await createAddress(t.ctx, buyer.id, {
      ...address,
      fullName: 'Saved Person',
      line2: 'Flat 2',
    });
    const theirs = await createAddress(t.ctx, other.id, address);
    const item = await product(t, admin, { stock: 5 });
    await addToCart(t, buyer, item.variantId, 1);
    const wrong = await checkout(t, buyer, { shippingAddress: undefined, addressId: theirs.id });
    expect(wrong.statusCode).toBe(400);
    expect((await checkout(t, buyer, { addressId: saved.id })).statusCode).toBe(400); // both given
    const res = await checkout(t, buyer, { shippingAddress: undefined, addressId: saved.id }, 'addr-key');
    expect(res.statusCode).toBe(201);
    // The order keeps its snapshot, and the key still replays after the address is deleted.
    await deleteAddress(t.ctx, buyer.id, saved.id);
    const replay = await checkout(t, buyer, { shippingAddress: undefined, addressId: saved.id }, 'addr-key');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().data.id).toBe(res.json().data.id);
    expect(res.json().data.shippingAddress).toMatchObject({
      fullName: 'Saved Person',
      line2: 'Flat 2',
      country: 'IN',
    });
  });

  it('is all or nothing: a short line → 409 OUT_OF_STOCK naming it, and nothing changes', async () => {
    const buyer = await shopper(t);
    const plenty = await product(t, admin, { name: 'Plenty', stock: 50 });
    const scarce = await product(t, admin, { name: 'Scarce', stock: 3 });
    await addToCart(t, buyer, plenty.variantId, 2);
    const cart = await addToCart(t, buyer, scarce.variantId, 3);
    const scarceLine = cart.items.find((i: any) => i.variantId === scarce.variantId);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/inventory/adjustments',
      headers: admin.headers,
      payload: { variantId: scarce.variantId, delta: -2, reason: 'ADJUSTMENT' },
    });
    const before = await count(t, 'SELECT 1 FROM stock_movements');
    const res = await checkout(t, buyer);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('OUT_OF_STOCK');
    expect(res.json().error.details).toEqual([
      { path: `items.${scarceLine.id}`, message: expect.stringContaining('requested 3, available 1') },
    ]);
    expect(await stockOf(t, plenty.variantId)).toBe(50);
    expect(await count(t, 'SELECT 1 FROM stock_movements')).toBe(before);
    expect(await count(t, 'SELECT 1 FROM orders WHERE user_id = $1', [buyer.id])).toBe(0);
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/cart', headers: buyer.headers })).json()
      .data;
    expect(after.items).toHaveLength(2);
  });
});

describe('idempotency', () => {
  it('replays the same order for the same key and body, 422 for a different body', async () => {
    const buyer = await shopper(t);
    const item = await product(t, admin, { stock: 10 });
    await addToCart(t, buyer, item.variantId, 2);
    const first = await checkout(t, buyer, {}, 'order-key-1');
    expect(first.statusCode).toBe(201);
    const replay = await checkout(t, buyer, {}, 'order-key-1');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    const different = await checkout(t, buyer, { note: 'other' }, 'order-key-1');
    expect(different.statusCode).toBe(422);
    expect(different.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count(t, 'SELECT 1 FROM orders WHERE user_id = $1', [buyer.id])).toBe(1);
    expect(await stockOf(t, item.variantId)).toBe(8);
    // Keys are per user: another user's identical key is theirs alone.
    const other = await shopper(t);
    await addToCart(t, other, item.variantId, 1);
    const theirs = await checkout(t, other, {}, 'order-key-1');
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().data.id).not.toBe(first.json().data.id);
  });

  it('a rejected request stores nothing: the corrected retry with the same key goes through', async () => {
    const buyer = await shopper(t);
    const item = await product(t, admin, { stock: 10 });
    const empty = await checkout(t, buyer, {}, 'retry-key');
    expect(empty.statusCode).toBe(400);
    await addToCart(t, buyer, item.variantId, 1);
    expect((await checkout(t, buyer, {}, 'retry-key')).statusCode).toBe(201);
  });

  it('10 concurrent checkouts with the same key make exactly one order', async () => {
    const buyer = await shopper(t);
    const item = await product(t, admin, { stock: 10 });
    await addToCart(t, buyer, item.variantId, 2);
    const results = await Promise.all(Array.from({ length: 10 }, () => checkout(t, buyer, {}, 'same-key')));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const ids = new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().data.id));
    expect(ids.size).toBe(1);
    for (const r of results.filter((r) => r.statusCode === 409))
      expect(r.json().error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(await count(t, 'SELECT 1 FROM orders WHERE user_id = $1', [buyer.id])).toBe(1);
    expect(await stockOf(t, item.variantId)).toBe(8);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'the same key while the first request is still running → 409 IDEMPOTENCY_KEY_IN_USE, then the replay (needs DATABASE_URL: the embedded database runs transactions one at a time)',
    async () => {
      const buyer = await shopper(t);
      const item = await product(t, admin, { stock: 10 });
      await addToCart(t, buyer, item.variantId, 2);
      // Another session holds the cart's row: the first checkout takes the key, then waits for it.
      const blocker = await t.ctx.database.pool.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('SELECT id FROM carts WHERE user_id = $1 FOR UPDATE', [buyer.id]);
        const first = checkout(t, buyer, {}, 'in-flight-key');
        await waitFor(async () => {
          const { rows } = await t.ctx.database.pool.query(
            `SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
              WHERE d.datname = current_database() AND l.locktype = 'advisory' AND l.granted
                AND l.classid = 7652 AND l.objsubid = 2`, // idempotency keys' lock class (0x1de4)
          );
          return rows.length > 0;
        });
        const second = await checkout(t, buyer, {}, 'in-flight-key');
        expect(second.statusCode).toBe(409);
        expect(second.json().error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
        expect(second.headers['retry-after']).toBe('1');
        await blocker.query('COMMIT');
        const done = await first;
        expect(done.statusCode).toBe(201);
        const third = await checkout(t, buyer, {}, 'in-flight-key');
        expect(third.statusCode).toBe(201);
        expect(third.headers['idempotent-replayed']).toBe('true');
        expect(third.json().data.id).toBe(done.json().data.id);
        expect(await count(t, 'SELECT 1 FROM orders WHERE user_id = $1', [buyer.id])).toBe(1);
        expect(await stockOf(t, item.variantId)).toBe(8);
      } finally {
        await blocker.query('ROLLBACK').catch(() => {});
        blocker.release();
      }
    },
  );

  it('concurrent checkouts of one cart without keys consume it once', async () => {
    const buyer = await shopper(t);
    const item = await product(t, admin, { stock: 10 });
    await addToCart(t, buyer, item.variantId, 3);
    const results = await Promise.all(Array.from({ length: 6 }, () => checkout(t, buyer)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of results.filter((r) => r.statusCode !== 201)) {
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('CART_EMPTY');
    }
    expect(await stockOf(t, item.variantId)).toBe(7);
  });
});

describe('races', () => {
  /**
   * After a race for the last units: stock 0, the ledger consistent, one ORDER movement and one
   * order line per unit sold, and the refused customers keep their carts.
   */
  async function expectSoldOut(variantId: string, expected: { sold: number; refused: number }) {
    expect(await stockOf(t, variantId)).toBe(0);
    expect(await ledgerSum(t, variantId)).toBe(0);
    expect(
      await count(t, `SELECT 1 FROM stock_movements WHERE variant_id = $1 AND reason = 'ORDER'`, [variantId]),
    ).toBe(expected.sold);
    expect(await count(t, 'SELECT 1 FROM order_items WHERE variant_id = $1', [variantId])).toBe(
      expected.sold,
    );
    expect(await count(t, 'SELECT 1 FROM cart_items WHERE variant_id = $1', [variantId])).toBe(
      expected.refused,
    );
  }

  it('the stock statement sent with the COMMIT: 30 customers on 10 units → exactly 10 orders, 20 × 409 naming the line, one low-stock alert', async () => {
    // Threshold 0: units 10 → 1 are taken by the statement that goes with the COMMIT; the last
    // unit (crossing the threshold) and the shortfalls are declined by it and run the full check.
    const item = await product(t, admin, { name: 'Ten Left', stock: 10, lowStockThreshold: 0 });
    const buyers = await Promise.all(Array.from({ length: 30 }, () => shopper(t)));
    for (const buyer of buyers) await addToCart(t, buyer, item.variantId, 1);
    const results = await Promise.all(buyers.map((buyer) => checkout(t, buyer)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.statusCode === 409);
    expect(refused).toHaveLength(20);
    for (const r of refused) {
      expect(r.json().error.code).toBe('OUT_OF_STOCK');
      expect(r.json().error.details[0].message).toMatch(/requested 1, available 0/);
    }
    await expectSoldOut(item.variantId, { sold: 10, refused: 20 });
    expect(
      await count(t, `SELECT 1 FROM pgboss.job WHERE name = $1 AND data->>'variantId' = $2`, [
        INVENTORY_LOW_JOB,
        item.variantId,
      ]),
    ).toBe(1);
  }, 120_000);

  it('40 customers on the last 5 units: exactly 5 orders, 35 × 409, stock 0, ledger consistent (3 rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const item = await product(t, admin, { name: `Last Five ${round}`, stock: 5 });
      const buyers = await Promise.all(Array.from({ length: 40 }, () => shopper(t)));
      for (const buyer of buyers) await addToCart(t, buyer, item.variantId, 1);
      const results = await Promise.all(buyers.map((buyer) => checkout(t, buyer)));
      const created = results.filter((r) => r.statusCode === 201);
      const refused = results.filter((r) => r.statusCode === 409);
      expect(created, `round ${round}`).toHaveLength(5);
      expect(refused).toHaveLength(35);
      for (const r of refused) expect(r.json().error.code).toBe('OUT_OF_STOCK');
      await expectSoldOut(item.variantId, { sold: 5, refused: 35 });
    }
  }, 180_000);
});

describe('failure after the stock decrement', () => {
  it('rolls back stock, coupon use, cart and jobs', async () => {
    const buyer = await shopper(t);
    const item = await product(t, admin, { stock: 4 });
    const coupon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/coupons',
      headers: admin.headers,
      payload: { code: 'ROLLBACK10', type: 'PERCENT', value: 10, usageLimit: 5 },
    });
    expect(coupon.statusCode).toBe(201);
    await addToCart(t, buyer, item.variantId, 2);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/cart/coupon',
          headers: buyer.headers,
          payload: { code: 'rollback10' },
        })
      ).statusCode,
    ).toBe(200);
    const jobsBefore = await checkoutJobs(buyer, item.variantId);
    const movementsBefore = await count(t, 'SELECT 1 FROM stock_movements');
    // A real constraint violation raised at COMMIT (deferred constraint trigger): after the stock
    // decrement, the coupon use, the cart clean-up and the job inserts have all run.
    await t.ctx.database.pool.query(`
      CREATE FUNCTION inject_failure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.note = 'inject-failure' THEN RAISE EXCEPTION 'injected failure' USING ERRCODE = '23514'; END IF;
        RETURN NULL;
      END $$`);
    await t.ctx.database.pool.query(
      `CREATE CONSTRAINT TRIGGER inject_failure AFTER INSERT ON orders DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION inject_failure()`,
    );
    try {
      const res = await checkout(t, buyer, { note: 'inject-failure' }, 'failing-key');
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toMatch(/inject|INSERT|stack/i);
    } finally {
      await t.ctx.database.pool.query('DROP TRIGGER inject_failure ON orders');
      await t.ctx.database.pool.query('DROP FUNCTION inject_failure()');
    }
    expect(await stockOf(t, item.variantId)).toBe(4);
    expect(await count(t, 'SELECT 1 FROM stock_movements')).toBe(movementsBefore);
    expect(
      (
        await t.ctx.database.pool.query('SELECT used_count FROM coupons WHERE id = $1', [
          coupon.json().data.id,
        ])
      ).rows[0].used_count,
    ).toBe(0);
    expect(await count(t, 'SELECT 1 FROM coupon_redemptions')).toBe(0);
    expect(await checkoutJobs(buyer, item.variantId)).toBe(jobsBefore);
    const cart = (await t.app.inject({ method: 'GET', url: '/api/v1/cart', headers: buyer.headers })).json()
      .data;
    expect(cart.items).toEqual([expect.objectContaining({ variantId: item.variantId, quantity: 2 })]);
    expect(cart.coupon).toMatchObject({ code: 'ROLLBACK10', valid: true });
    // Nothing was stored under the key: the retry succeeds with the discount.
    const retry = await checkout(t, buyer, { note: 'inject-failure' }, 'failing-key');
    expect(retry.statusCode).toBe(201);
    expect(retry.json().data).toMatchObject({ discount: 200, couponCode: 'ROLLBACK10' });
    // What the count above looks for is what a checkout leaves: the mail at least.
    expect(await checkoutJobs(buyer, item.variantId)).toBeGreaterThanOrEqual(jobsBefore + 1);
    // The failed attempt recorded no Socket.IO event either: the buyer heard of the retry's order only.
    await orderEventCount(t, published, 'order.created', retry.json().data.id);
    expect(
      published
        .filter((e) => e.event === 'order.created' && e.audience.userId === buyer.id)
        .map((e) => e.payload.orderId),
    ).toEqual([retry.json().data.id]);
  });
});
