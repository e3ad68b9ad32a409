import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markOrderPaid } from '../../../src/modules/orders/service';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { addToCart, checkout, product, shopper, stockOf, type Shopper } from './fixtures';

const orderRow = async (t: TestApp, id: string) =>
  (await t.ctx.database.pool.query('SELECT status, payment_status FROM orders WHERE id = $1', [id])).rows[0];

describe('unpaid online orders expire (UNPAID_ORDER_TTL)', () => {
  let t: TestApp;
  let admin: Shopper;
  beforeAll(async () => {
    t = await createTestApp({ env: { UNPAID_ORDER_TTL: '1s' } });
    admin = await shopper(t, 'ADMIN');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an unpaid STRIPE order holding every unit is cancelled by the job and the stock comes back', async () => {
    const hoarder = await shopper(t);
    const item = await product(t, admin, { stock: 41 });
    await addToCart(t, hoarder, item.variantId, 41);
    const placed = await checkout(t, hoarder, { paymentMethod: 'STRIPE' });
    expect(placed.statusCode).toBe(201);
    const orderId = placed.json().data.id as string;
    expect(await stockOf(t, item.variantId)).toBe(0);
    await waitFor(async () => (await orderRow(t, orderId)).status === 'CANCELLED', 8_000);
    expect(await stockOf(t, item.variantId)).toBe(41);
    const history = await t.ctx.database.pool.query(
      "SELECT actor_role, note FROM order_status_history WHERE order_id = $1 AND to_status = 'CANCELLED'",
      [orderId],
    );
    expect(history.rows).toEqual([{ actor_role: 'SYSTEM', note: 'not paid in time (UNPAID_ORDER_TTL)' }]);
  });

  it('leaves paid online orders and cash-on-delivery orders alone', async () => {
    const buyer = await shopper(t);
    const item = await product(t, admin, { stock: 10 });
    await addToCart(t, buyer, item.variantId, 2);
    const online = (await checkout(t, buyer, { paymentMethod: 'RAZORPAY' })).json().data.id as string;
    await t.ctx.database.transaction((tx) => markOrderPaid(t.ctx, tx, online, 'test payment'));
    await addToCart(t, buyer, item.variantId, 3);
    const cod = (await checkout(t, buyer, { paymentMethod: 'COD' })).json().data.id as string;
    await waitFor(async () => {
      const { rows } = await t.ctx.database.pool.query(
        "SELECT state FROM pgboss.job WHERE name = 'order.unpaid-expiry' AND data->>'orderId' = $1",
        [online],
      );
      return rows[0]?.state === 'completed';
    }, 8_000);
    expect(await orderRow(t, online)).toEqual({ status: 'PAID', payment_status: 'PAID' });
    expect((await orderRow(t, cod)).status).toBe('PENDING');
    expect(await stockOf(t, item.variantId)).toBe(5);
  });
});

describe('cap on open unpaid online orders (MAX_UNPAID_ORDERS)', () => {
  let t: TestApp;
  let admin: Shopper;
  beforeAll(async () => {
    t = await createTestApp({ env: { MAX_UNPAID_ORDERS: '2' } });
    admin = await shopper(t, 'ADMIN');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('409 TOO_MANY_UNPAID_ORDERS beyond the cap; COD, other customers and a cancelled order free the way', async () => {
    const customer = await shopper(t);
    const other = await shopper(t);
    const item = await product(t, admin, { stock: 50 });
    const place = async (who: Shopper, paymentMethod: string) => {
      await addToCart(t, who, item.variantId, 1);
      return checkout(t, who, { paymentMethod });
    };
    const first = await place(customer, 'STRIPE');
    expect(first.statusCode).toBe(201);
    expect((await place(customer, 'RAZORPAY')).statusCode).toBe(201);
    const third = await place(customer, 'STRIPE');
    expect(third.statusCode).toBe(409);
    expect(third.json().error.code).toBe('TOO_MANY_UNPAID_ORDERS');
    // Nothing was written: the cart still holds the item and the stock is untouched.
    expect(await stockOf(t, item.variantId)).toBe(48);
    expect((await checkout(t, customer, { paymentMethod: 'COD' })).statusCode).toBe(201);
    expect((await place(other, 'STRIPE')).statusCode).toBe(201);
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${first.json().data.id}/cancel`,
      headers: customer.headers,
      payload: {},
    });
    expect(cancelled.statusCode).toBe(200);
    expect((await place(customer, 'STRIPE')).statusCode).toBe(201);
  });
});
