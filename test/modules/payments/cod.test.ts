import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { count, shopper, type Shopper } from '../orders/fixtures';
import { orderRow, placeOrder } from './helpers';

let t: TestApp;
let admin: Shopper;

beforeAll(async () => {
  t = await createTestApp();
  admin = await shopper(t, 'ADMIN');
});
afterAll(async () => {
  await t?.close();
});

const setStatus = (orderId: string, status: string) =>
  t.app.inject({
    method: 'PATCH',
    url: `/api/v1/admin/orders/${orderId}/status`,
    headers: admin.headers,
    payload: { status },
  });

describe('cash on delivery', () => {
  it('is confirmed without online payment and becomes PAID when DELIVERED', async () => {
    const { order } = await placeOrder(t, admin, 'COD');
    expect(await orderRow(t, order.id)).toEqual({ status: 'PENDING', payment_status: 'UNPAID' });
    for (const status of ['PROCESSING', 'SHIPPED', 'DELIVERED'])
      expect((await setStatus(order.id, status)).statusCode).toBe(200);
    expect(await orderRow(t, order.id)).toEqual({ status: 'DELIVERED', payment_status: 'PAID' });
  });

  it('a COD order marked paid by hand and then cancelled is refunded to store credit, paymentStatus REFUNDED', async () => {
    const { order } = await placeOrder(t, admin, 'COD');
    expect((await setStatus(order.id, 'PAID')).statusCode).toBe(200);
    expect((await setStatus(order.id, 'CANCELLED')).statusCode).toBe(200);
    // The refund was queued by the cancelling transaction itself (nothing to forget after a crash).
    expect(
      await count(t, `SELECT 1 FROM pgboss.job WHERE name = 'payments.refund' AND data->>'orderId' = $1`, [
        order.id,
      ]),
    ).toBe(1);
    await waitFor(async () => (await orderRow(t, order.id)).payment_status === 'REFUNDED');
    expect(await orderRow(t, order.id)).toEqual({ status: 'CANCELLED', payment_status: 'REFUNDED' });
    // Cash on delivery refunds to store credit by default; no payment attempt is invented for it.
    const { rows } = await t.ctx.database.pool.query(
      'SELECT id, method, status, amount, refund_to, provider_refund_id FROM refunds WHERE order_id = $1',
      [order.id],
    );
    expect(rows).toEqual([
      {
        id: expect.any(String),
        method: 'STORE_CREDIT',
        status: 'SUCCEEDED',
        amount: order.total,
        refund_to: 'STORE_CREDIT',
        provider_refund_id: expect.stringMatching(/^credit-/),
      },
    ]);
    const credited = await t.ctx.database.pool.query(
      `SELECT amount, reason, order_id FROM store_credit_transactions WHERE refund_id = $1`,
      [rows[0].id],
    );
    expect(credited.rows).toEqual([{ amount: order.total, reason: 'REFUND', order_id: order.id }]);
    expect(await count(t, 'SELECT 1 FROM payment_attempts WHERE order_id = $1', [order.id])).toBe(0);
  });

  it('cancelling an unpaid COD order refunds nothing', async () => {
    const { customer, order } = await placeOrder(t, admin, 'COD');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: customer.headers,
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await orderRow(t, order.id)).toEqual({ status: 'CANCELLED', payment_status: 'UNPAID' });
    expect(await count(t, 'SELECT 1 FROM payment_attempts WHERE order_id = $1', [order.id])).toBe(0);
  });

  it('Stripe and Razorpay answer 503 when not configured', async () => {
    const { customer, order } = await placeOrder(t, admin, 'STRIPE');
    const stripe = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/stripe/checkout-session',
      headers: customer.headers,
      payload: { orderId: order.id },
    });
    expect(stripe.statusCode).toBe(503);
    const webhook = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/razorpay/webhook',
      headers: { 'content-type': 'application/json', 'x-razorpay-signature': 'x' },
      payload: '{}',
    });
    expect(webhook.statusCode).toBe(503);
  });

  it('every payment route is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of [
      '/api/v1/payments/stripe/checkout-session',
      '/api/v1/payments/stripe/webhook',
      '/api/v1/payments/razorpay/order',
      '/api/v1/payments/razorpay/verify',
      '/api/v1/payments/razorpay/webhook',
    ])
      expect(doc.paths[path]?.post, path).toBeDefined();
    expect(doc.paths['/api/v1/payments/stripe/checkout-session'].post.security).toBeDefined();
  });
});
