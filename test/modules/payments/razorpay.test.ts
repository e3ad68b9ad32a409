import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { orderEventCount, recordPublished, type PublishedEvent } from '../../helpers/realtime-events';
import { count, shopper, stockOf, type Shopper } from '../orders/fixtures';
import {
  ADMIN_EMAIL,
  jobsFor,
  orderRow,
  paidTransitions,
  paymentEnv,
  placeOrder,
  RAZORPAY_KEY_ID,
  RAZORPAY_KEY_SECRET,
  RAZORPAY_WEBHOOK_SECRET,
} from './helpers';
import { startProviderStandIn, type ProviderStandIn } from './stand-in';

let t: TestApp;
let published: PublishedEvent[];
let standIn: ProviderStandIn;
let admin: Shopper;

beforeAll(async () => {
  standIn = await startProviderStandIn();
  t = await createTestApp({ env: paymentEnv(standIn.url) });
  published = recordPublished(t);
  admin = await shopper(t, 'ADMIN');
});
afterAll(async () => {
  await t?.close();
  await standIn?.close();
});

const post = (url: string, who: Shopper, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/payments/razorpay${url}`, headers: who.headers, payload });

const checkoutSignature = (razorpayOrderId: string, razorpayPaymentId: string) =>
  createHmac('sha256', RAZORPAY_KEY_SECRET).update(`${razorpayOrderId}|${razorpayPaymentId}`).digest('hex');

/** A webhook delivery as Razorpay sends it: hex HMAC-SHA256 of the raw body. */
function webhook(
  event: string,
  entities: { payment?: Record<string, unknown>; order?: Record<string, unknown> },
  opts: { eventId?: string; secret?: string; signature?: string | null } = {},
) {
  const body = JSON.stringify({
    entity: 'event',
    account_id: 'acc_test',
    event,
    contains: Object.keys(entities),
    payload: Object.fromEntries(Object.entries(entities).map(([k, v]) => [k, { entity: v }])),
    created_at: Math.floor(Date.now() / 1000),
  });
  const signature =
    opts.signature === undefined
      ? createHmac('sha256', opts.secret ?? RAZORPAY_WEBHOOK_SECRET)
          .update(body)
          .digest('hex')
      : opts.signature;
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/razorpay/webhook',
    headers: {
      'content-type': 'application/json',
      'x-razorpay-event-id': opts.eventId ?? `evt_${Math.random().toString(36).slice(2)}`,
      ...(signature ? { 'x-razorpay-signature': signature } : {}),
    },
    payload: body,
  });
}

async function razorpayOrder() {
  const placed = await placeOrder(t, admin, 'RAZORPAY', { currency: 'INR', price: 129900, quantity: 1 });
  const res = await post('/order', placed.customer, { orderId: placed.order.id });
  expect(res.statusCode).toBe(201);
  return {
    ...placed,
    rzp: res.json().data as { razorpayOrderId: string; amount: number; currency: string; keyId: string },
  };
}

const payment = (
  rzpOrderId: string,
  id: string,
  orderId: string,
  overrides: Record<string, unknown> = {},
) => ({
  id,
  entity: 'payment',
  amount: 129900,
  currency: 'INR',
  status: 'captured',
  order_id: rzpOrderId,
  notes: { orderId },
  ...overrides,
});

describe('POST /payments/razorpay/order', () => {
  it('creates a Razorpay order (amount in minor units, receipt = our attempt id) and answers what Checkout needs', async () => {
    const { customer, order, rzp } = await razorpayOrder();
    expect(rzp).toMatchObject({
      razorpayOrderId: expect.stringMatching(/^order_/),
      amount: 129900,
      currency: 'INR',
      keyId: RAZORPAY_KEY_ID,
    });
    const sent = standIn.requests.filter((r) => r.path === '/v1/orders').at(-1)!;
    expect(sent.headers.authorization).toBe(
      `Basic ${Buffer.from(`${RAZORPAY_KEY_ID}:${RAZORPAY_KEY_SECRET}`).toString('base64')}`,
    );
    const { rows } = await t.ctx.database.pool.query(
      'SELECT id, status, provider_order_id FROM payment_attempts WHERE order_id = $1',
      [order.id],
    );
    expect(rows).toEqual([
      { id: sent.json.receipt, status: 'PENDING', provider_order_id: rzp.razorpayOrderId },
    ]);
    expect(sent.json).toMatchObject({ amount: 129900, currency: 'INR', notes: { orderId: order.id } });
    // Repeating returns the open Razorpay order.
    const again = await post('/order', customer, { orderId: order.id });
    expect(again.statusCode).toBe(200);
    expect(again.json().data.razorpayOrderId).toBe(rzp.razorpayOrderId);
  });

  it('404 for someone else’s order, 409 for a cancelled one, 400 for unknown fields', async () => {
    const { customer, order } = await placeOrder(t, admin, 'RAZORPAY');
    expect((await post('/order', await shopper(t), { orderId: order.id })).statusCode).toBe(404);
    expect((await post('/order', customer, { orderId: order.id, keyId: 'x' })).statusCode).toBe(400);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: customer.headers,
      payload: {},
    });
    const res = await post('/order', customer, { orderId: order.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ORDER_NOT_PAYABLE');
  });
});

describe('POST /payments/razorpay/verify', () => {
  it('a matching signature marks the order PAID; a wrong one is 400 and changes nothing', async () => {
    const { customer, order, rzp } = await razorpayOrder();
    const bad = await post('/verify', customer, {
      orderId: order.id,
      razorpayOrderId: rzp.razorpayOrderId,
      razorpayPaymentId: 'pay_1',
      razorpaySignature: checkoutSignature(rzp.razorpayOrderId, 'pay_2'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_SIGNATURE');
    expect((await orderRow(t, order.id)).payment_status).toBe('PENDING');
    expect(
      (
        await post('/verify', await shopper(t), {
          orderId: order.id,
          razorpayOrderId: rzp.razorpayOrderId,
          razorpayPaymentId: 'pay_1',
          razorpaySignature: checkoutSignature(rzp.razorpayOrderId, 'pay_1'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await post('/verify', customer, { orderId: order.id, razorpayOrderId: rzp.razorpayOrderId }))
        .statusCode,
    ).toBe(400);

    const good = await post('/verify', customer, {
      orderId: order.id,
      razorpayOrderId: rzp.razorpayOrderId,
      razorpayPaymentId: 'pay_1',
      razorpaySignature: checkoutSignature(rzp.razorpayOrderId, 'pay_1'),
    });
    expect(good.statusCode).toBe(200);
    expect(good.json().data).toMatchObject({ orderId: order.id, status: 'PAID', paymentStatus: 'PAID' });
    expect(await paidTransitions(t, order.id)).toBe(1);
  });

  it('verify and webhook racing for the same payment: one payment, one PAID transition, one email', async () => {
    const { customer, order, rzp } = await razorpayOrder();
    const verify = () =>
      post('/verify', customer, {
        orderId: order.id,
        razorpayOrderId: rzp.razorpayOrderId,
        razorpayPaymentId: 'pay_race',
        razorpaySignature: checkoutSignature(rzp.razorpayOrderId, 'pay_race'),
      });
    const captured = () =>
      webhook(
        'payment.captured',
        { payment: payment(rzp.razorpayOrderId, 'pay_race', order.id) },
        { eventId: 'evt_race' },
      );
    const answers = await Promise.all([
      verify(),
      captured(),
      verify(),
      captured(),
      webhook('order.paid', {
        payment: payment(rzp.razorpayOrderId, 'pay_race', order.id),
        order: {
          id: rzp.razorpayOrderId,
          entity: 'order',
          amount: 129900,
          amount_paid: 129900,
          currency: 'INR',
          notes: { orderId: order.id },
        },
      }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await orderRow(t, order.id)).toEqual({ status: 'PAID', payment_status: 'PAID' });
    expect(await paidTransitions(t, order.id)).toBe(1);
    expect(await count(t, 'SELECT 1 FROM payment_attempts WHERE order_id = $1', [order.id])).toBe(1);
    expect(
      await count(
        t,
        `SELECT 1 FROM payment_attempts WHERE order_id = $1 AND status = 'PAID' AND provider_payment_id = 'pay_race'`,
        [order.id],
      ),
    ).toBe(1);
    expect(
      await jobsFor(t, 'email.send', `data->>'to' = $1 AND data->>'subject' LIKE '%has been paid%'`, [
        customer.email,
      ]),
    ).toBe(1);
    expect(await orderEventCount(t, published, 'order.updated', order.id, { status: 'PAID' })).toBe(1);
    expect(
      await count(
        t,
        `SELECT 1 FROM payment_events WHERE provider = 'RAZORPAY' AND event_id = 'payment.captured:pay_race'`,
      ),
    ).toBe(1);
  });
});

describe('POST /payments/razorpay/webhook', () => {
  it('payment.captured → PAID; duplicates by x-razorpay-event-id are no-ops', async () => {
    const { order, rzp } = await razorpayOrder();
    const deliveries = await Promise.all(
      [1, 2, 3].map(() =>
        webhook(
          'payment.captured',
          { payment: payment(rzp.razorpayOrderId, 'pay_w', order.id) },
          { eventId: 'evt_w1' },
        ),
      ),
    );
    expect(deliveries.map((d) => d.statusCode)).toEqual([200, 200, 200]);
    expect(deliveries.filter((d) => d.json().data.duplicate)).toHaveLength(2);
    expect(await orderRow(t, order.id)).toEqual({ status: 'PAID', payment_status: 'PAID' });
    expect(await paidTransitions(t, order.id)).toBe(1);
  });

  it('the same signed delivery replayed with a new x-razorpay-event-id is still a duplicate', async () => {
    const { order, rzp } = await razorpayOrder();
    const entities = { payment: payment(rzp.razorpayOrderId, 'pay_replay', order.id) };
    const first = await webhook('payment.captured', entities, { eventId: 'evt_original' });
    expect(first.json().data).toMatchObject({ duplicate: false });
    const replays = await Promise.all(
      ['evt_forged_1', 'evt_forged_2'].map((eventId) => webhook('payment.captured', entities, { eventId })),
    );
    expect(replays.map((r) => r.json().data.duplicate)).toEqual([true, true]);
    expect(await count(t, 'SELECT 1 FROM payment_events WHERE order_id = $1', [order.id])).toBe(1);
    expect(await paidTransitions(t, order.id)).toBe(1);
  });

  it('bad or missing signature → 400 and nothing recorded; unknown order → 200 recorded', async () => {
    const { order, rzp } = await razorpayOrder();
    const entities = { payment: payment(rzp.razorpayOrderId, 'pay_bad', order.id) };
    const wrong = await webhook('payment.captured', entities, { secret: 'nope', eventId: 'evt_bad' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('INVALID_SIGNATURE');
    expect(
      (await webhook('payment.captured', entities, { signature: null, eventId: 'evt_bad' })).statusCode,
    ).toBe(400);
    expect(await count(t, `SELECT 1 FROM payment_events WHERE event_id LIKE '%pay_bad'`)).toBe(0);
    expect((await orderRow(t, order.id)).payment_status).toBe('PENDING');

    const ghost = await webhook(
      'payment.captured',
      { payment: payment('order_ghost', 'pay_ghost', '00000000-0000-4000-8000-000000000001') },
      { eventId: 'evt_ghost' },
    );
    expect(ghost.statusCode).toBe(200);
    expect(ghost.json().data.outcome).toBe('UNKNOWN_ORDER');
    expect(
      await count(
        t,
        `SELECT 1 FROM payment_events WHERE event_id = 'payment.captured:pay_ghost' AND outcome = 'UNKNOWN_ORDER'`,
      ),
    ).toBe(1);
  });

  it('amount mismatch → flagged, not PAID; payment.failed → FAILED + admin alert; a later failure never downgrades PAID', async () => {
    const short = await razorpayOrder();
    const flagged = await webhook('payment.captured', {
      payment: payment(short.rzp.razorpayOrderId, 'pay_s', short.order.id, { amount: 100 }),
    });
    expect(flagged.json().data.outcome).toBe('FLAGGED');
    expect((await orderRow(t, short.order.id)).payment_status).not.toBe('PAID');

    const { order, rzp } = await razorpayOrder();
    const failed = await webhook('payment.failed', {
      payment: payment(rzp.razorpayOrderId, 'pay_f1', order.id, {
        status: 'failed',
        error_description: 'Card declined',
      }),
    });
    expect(failed.json().data.outcome).toBe('FAILED');
    expect(await orderRow(t, order.id)).toEqual({ status: 'PENDING', payment_status: 'FAILED' });
    expect(
      await jobsFor(t, 'email.send', `data->>'to' = $1 AND data->>'subject' LIKE $2`, [
        ADMIN_EMAIL,
        `%${order.orderNumber}%`,
      ]),
    ).toBe(1);

    // Retried on the same Razorpay order and captured; then a stale failure arrives.
    await webhook('payment.captured', { payment: payment(rzp.razorpayOrderId, 'pay_f2', order.id) });
    expect(await orderRow(t, order.id)).toEqual({ status: 'PAID', payment_status: 'PAID' });
    const stale = await webhook('payment.failed', {
      payment: payment(rzp.razorpayOrderId, 'pay_f1', order.id, { status: 'failed' }),
    });
    expect(stale.statusCode).toBe(200);
    expect(await orderRow(t, order.id)).toEqual({ status: 'PAID', payment_status: 'PAID' });
  });

  it('cancelling a paid order refunds through Razorpay, paymentStatus REFUNDED, stock back once', async () => {
    const { customer, order, rzp, variantId } = await razorpayOrder();
    await webhook('payment.captured', { payment: payment(rzp.razorpayOrderId, 'pay_refund', order.id) });
    const before = await stockOf(t, variantId);
    const cancels = await Promise.all(
      [1, 2].map(() =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/orders/${order.id}/cancel`,
          headers: customer.headers,
          payload: {},
        }),
      ),
    );
    expect(cancels.map((c) => c.statusCode)).toEqual([200, 200]);
    await waitFor(async () => (await orderRow(t, order.id)).payment_status === 'REFUNDED');
    expect(await orderRow(t, order.id)).toEqual({ status: 'CANCELLED', payment_status: 'REFUNDED' });
    expect(await stockOf(t, variantId)).toBe(before + 1);
    const refunds = standIn.requests.filter((r) => r.path === '/v1/payments/pay_refund/refund');
    expect(refunds.length).toBeGreaterThanOrEqual(1);
    expect(refunds[0]!.json).toMatchObject({ amount: 129900, notes: { orderId: order.id } });
    expect(
      await count(
        t,
        `SELECT 1 FROM payment_attempts WHERE order_id = $1 AND status = 'REFUNDED' AND refund_id LIKE 'rfnd_%'`,
        [order.id],
      ),
    ).toBe(1);
  });
  it('a refund whose answer was lost is not made twice: the retry finds it at Razorpay by our refund id', async () => {
    const { order, rzp } = await razorpayOrder();
    await webhook('payment.captured', { payment: payment(rzp.razorpayOrderId, 'pay_lost_answer', order.id) });
    // Razorpay makes the refund, but the answer never arrives (a timeout after the fact).
    standIn.loseNextAnswer('/v1/payments/pay_lost_answer/refund');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/orders/${order.id}/refunds`,
      headers: admin.headers,
      payload: { amount: 50000, reason: 'damaged box' },
    });
    expect(res.statusCode).toBe(201);
    const pending = res.json().data as { id: string; status: string };
    expect(pending.status).toBe('PENDING');
    expect(standIn.razorpayRefunds('pay_lost_answer')).toHaveLength(1);
    // The retry (the job's sweep) asks Razorpay first and settles on the refund already made.
    await t.ctx.jobs.enqueue('payments.refund', {});
    const refundRow = async () =>
      (
        await t.ctx.database.pool.query(
          'SELECT status, tries, provider_refund_id FROM refunds WHERE id = $1',
          [pending.id],
        )
      ).rows[0];
    await waitFor(async () => (await refundRow()).status === 'SUCCEEDED', 15_000);
    const made = standIn.razorpayRefunds('pay_lost_answer');
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      amount: 50000,
      receipt: `refund-${pending.id}`,
      notes: { refundId: pending.id },
    });
    expect(await refundRow()).toEqual({ status: 'SUCCEEDED', tries: 2, provider_refund_id: made[0]!.id });
    const calls = standIn.requests.filter((r) => r.path.startsWith('/v1/payments/pay_lost_answer/'));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /v1/payments/pay_lost_answer/refunds',
      'POST /v1/payments/pay_lost_answer/refund',
      'GET /v1/payments/pay_lost_answer/refunds',
    ]);
    const view = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.id}`,
      headers: admin.headers,
    });
    expect(view.json().data).toMatchObject({ paymentStatus: 'PARTIALLY_REFUNDED', refundedAmount: 50000 });
  });
});
