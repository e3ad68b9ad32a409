import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { count, shopper, type Shopper } from '../orders/fixtures';
import { adminAction, deliveredOrder, requestReturn } from '../returns/fixtures';
import { paymentEnv, placeOrder, postStripeWebhook, signedStripeEvent } from './helpers';
import { startProviderStandIn, type ProviderStandIn } from './stand-in';

let t: TestApp;
let standIn: ProviderStandIn;
let admin: Shopper;

beforeAll(async () => {
  standIn = await startProviderStandIn();
  t = await createTestApp({ env: { ...paymentEnv(standIn.url), WEBHOOK_ALLOW_PRIVATE: 'true' } });
  admin = await shopper(t, 'ADMIN');
  const hook = await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/webhooks',
    headers: admin.headers,
    payload: { url: 'http://127.0.0.1:1/hook', events: ['refund.created'] },
  });
  expect(hook.statusCode).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await standIn?.close();
});

/** A Stripe order of 2 × 2500 paid through a completed Checkout Session (total 5000). */
async function paidStripeOrder() {
  const placed = await placeOrder(t, admin, 'STRIPE');
  const session = await t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/stripe/checkout-session',
    headers: placed.customer.headers,
    payload: { orderId: placed.order.id },
  });
  const sessionId = session.json().data.sessionId as string;
  const paid = await postStripeWebhook(
    t,
    signedStripeEvent('checkout.session.completed', {
      id: sessionId,
      object: 'checkout.session',
      client_reference_id: placed.order.id,
      metadata: { orderId: placed.order.id },
      payment_status: 'paid',
      payment_intent: `pi_${sessionId}`,
      amount_total: 5000,
      currency: 'usd',
    }),
  );
  expect(paid.json().data.outcome).toBe('PAID');
  return { ...placed, paymentIntent: `pi_${sessionId}` };
}

const refund = (orderId: string, payload: object, who: Shopper = admin, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/orders/${orderId}/refunds`,
    headers: { ...who.headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload,
  });
const orderView = async (orderId: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/v1/orders/${orderId}`, headers: admin.headers })).json()
    .data;
const stripeRefundCalls = (paymentIntent: string) =>
  standIn.requests.filter((r) => r.path === '/v1/refunds' && r.form.get('payment_intent') === paymentIntent);

describe('POST /admin/orders/:id/refunds', () => {
  it('partial refunds through Stripe (amount, refund id as idempotency key): PARTIALLY_REFUNDED, then REFUNDED, then 409', async () => {
    const { order, paymentIntent } = await paidStripeOrder();
    const first = await refund(order.id, { amount: 1500, reason: 'scratched' });
    expect(first.statusCode).toBe(201);
    const created = first.json().data;
    expect(created).toMatchObject({
      amount: 1500,
      currency: 'USD',
      reason: 'scratched',
      status: 'SUCCEEDED',
      refundTo: 'ORIGINAL',
      method: 'STRIPE',
    });
    const calls = stripeRefundCalls(paymentIntent);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.form.get('amount')).toBe('1500');
    expect(calls[0]!.headers['idempotency-key']).toBe(`refund-${created.id}`);
    expect(await orderView(order.id)).toMatchObject({
      paymentStatus: 'PARTIALLY_REFUNDED',
      refundedAmount: 1500,
      refunds: [{ id: created.id, amount: 1500, status: 'SUCCEEDED', reason: 'scratched' }],
    });
    expect(
      await count(t, `SELECT 1 FROM webhook_events WHERE type = 'refund.created' AND data->>'id' = $1`, [
        created.id,
      ]),
    ).toBe(1);

    expect((await refund(order.id, { amount: 3500, reason: 'rest' })).json().data.status).toBe('SUCCEEDED');
    expect(await orderView(order.id)).toMatchObject({ paymentStatus: 'REFUNDED', refundedAmount: 5000 });
    const over = await refund(order.id, { amount: 1, reason: 'one more' });
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatchObject({
      code: 'REFUND_EXCEEDS_PAID',
      details: [{ path: 'amount', message: 'requested 1, refundable 0 of 5000' }],
    });
    expect(stripeRefundCalls(paymentIntent)).toHaveLength(2);
  });

  it('five concurrent refunds never exceed what was paid', async () => {
    const { order, paymentIntent } = await paidStripeOrder();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, n) => refund(order.id, { amount: 1500, reason: `part ${n}` })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409))
      expect(r.json().error.code).toBe('REFUND_EXCEEDS_PAID');
    const { rows } = await t.ctx.database.pool.query(
      'SELECT coalesce(sum(amount), 0)::int AS total FROM refunds WHERE order_id = $1',
      [order.id],
    );
    expect(rows[0].total).toBe(4500);
    expect(stripeRefundCalls(paymentIntent)).toHaveLength(3);
    expect(await orderView(order.id)).toMatchObject({
      paymentStatus: 'PARTIALLY_REFUNDED',
      refundedAmount: 4500,
    });
  });

  it('a provider failure leaves the refund PENDING; the job pays it once, under the same idempotency key', async () => {
    const { order, paymentIntent } = await paidStripeOrder();
    // The SDK retries twice on a 500: three failures make the request's attempt fail.
    standIn.failNext('/v1/refunds', 500, 3);
    const res = await refund(order.id, { amount: 2000, reason: 'late delivery' });
    expect(res.statusCode).toBe(201);
    const pending = res.json().data;
    expect(pending.status).toBe('PENDING');
    expect(await orderView(order.id)).toMatchObject({ paymentStatus: 'PAID', refundedAmount: 0 });
    // The sweep (also run every 5 minutes) picks up refunds still owed.
    await t.ctx.jobs.enqueue('payments.refund', {});
    await waitFor(async () => (await orderView(order.id)).refundedAmount === 2000, 15_000);
    const calls = stripeRefundCalls(paymentIntent);
    expect(calls.length).toBe(4);
    expect(new Set(calls.map((c) => c.headers['idempotency-key']))).toEqual(
      new Set([`refund-${pending.id}`]),
    );
    const { rows } = await t.ctx.database.pool.query(
      'SELECT status, tries, provider_refund_id FROM refunds WHERE order_id = $1',
      [order.id],
    );
    expect(rows).toEqual([
      { status: 'SUCCEEDED', tries: 2, provider_refund_id: expect.stringMatching(/^re_/) },
    ]);
    expect((await orderView(order.id)).paymentStatus).toBe('PARTIALLY_REFUNDED');
  });

  it('cancelling after a partial refund refunds only the rest', async () => {
    const { order, customer, paymentIntent } = await paidStripeOrder();
    await refund(order.id, { amount: 1000, reason: 'goodwill' });
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: customer.headers,
      payload: {},
    });
    expect(cancel.statusCode).toBe(200);
    await waitFor(async () => (await orderView(order.id)).paymentStatus === 'REFUNDED');
    expect((await orderView(order.id)).refundedAmount).toBe(5000);
    expect(stripeRefundCalls(paymentIntent).map((c) => c.form.get('amount'))).toEqual(['1000', '4000']);
  });

  it('a received return refunded with refundTo ORIGINAL: manual record for cash on delivery, return REFUNDED, order refundedAmount', async () => {
    const alice = await shopper(t);
    const { order, itemA } = await deliveredOrder(t, admin, alice);
    const rma = (
      await requestReturn(t, alice, order.id, [{ orderItemId: itemA, quantity: 2, reason: 'DAMAGED' }])
    ).json().data;
    expect(rma.refundAmount).toBe(2000);
    await adminAction(t, admin, rma.id, 'approve');
    // Cash on delivery refunds to store credit unless the admin records a manual refund (ORIGINAL).
    const received = await adminAction(t, admin, rma.id, 'receive', { refundTo: 'ORIGINAL' });
    expect(received.statusCode).toBe(200);
    expect(received.json().data).toMatchObject({
      status: 'REFUNDED',
      refundTo: 'ORIGINAL',
      refundId: expect.any(String),
      refundedAt: expect.any(String),
    });
    expect(await orderView(order.id)).toMatchObject({
      status: 'DELIVERED',
      paymentStatus: 'PARTIALLY_REFUNDED',
      refundedAmount: 2000,
      refunds: [{ id: received.json().data.refundId, amount: 2000, method: 'MANUAL', returnId: rma.id }],
    });
    const mails = await count(
      t,
      `SELECT 1 FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1 AND data->>'subject' LIKE $2`,
      [alice.email, `Return ${rma.rmaNumber}%refund%`],
    );
    expect(mails).toBe(1);
  });

  it('net revenue in analytics subtracts refunds', async () => {
    const summary = async () =>
      (
        await t.app.inject({ method: 'GET', url: '/api/v1/admin/analytics/summary', headers: admin.headers })
      ).json().data;
    const { order } = await paidStripeOrder();
    const before = await summary();
    await refund(order.id, { amount: 1200, reason: 'price match' });
    const after = await summary();
    expect(after.revenue).toBe(before.revenue - 1200);
    expect(after.orders).toBe(before.orders);
  });

  it('bad input 400, unpaid order 409, unknown order 404, customer 403, anonymous 401', async () => {
    const { order, customer } = await placeOrder(t, admin, 'STRIPE');
    for (const body of [
      { amount: 0, reason: 'x' },
      { amount: 10 },
      { amount: 10, reason: 'x', status: 'SUCCEEDED' },
    ]) {
      const res = await refund(order.id, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    const unpaid = await refund(order.id, { amount: 10, reason: 'x' });
    expect(unpaid.statusCode).toBe(409);
    expect(unpaid.json().error.code).toBe('REFUND_EXCEEDS_PAID');
    expect(
      (await refund('00000000-0000-4000-8000-000000000000', { amount: 10, reason: 'x' })).statusCode,
    ).toBe(404);
    expect((await refund(order.id, { amount: 10, reason: 'x' }, customer)).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/orders/${order.id}/refunds`,
      payload: { amount: 10, reason: 'x' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await count(t, 'SELECT 1 FROM refunds WHERE order_id = $1', [order.id])).toBe(0);
  });

  it('an Idempotency-Key replays the refund instead of paying twice', async () => {
    const { order, paymentIntent } = await paidStripeOrder();
    const one = await refund(order.id, { amount: 700, reason: 'dent' }, admin, 'refund-key-1');
    const two = await refund(order.id, { amount: 700, reason: 'dent' }, admin, 'refund-key-1');
    expect(two.statusCode).toBe(201);
    expect(two.headers['idempotent-replayed']).toBe('true');
    expect(two.json().data.id).toBe(one.json().data.id);
    expect(stripeRefundCalls(paymentIntent)).toHaveLength(1);
  });
});
