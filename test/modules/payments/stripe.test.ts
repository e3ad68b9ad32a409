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
  postStripeWebhook,
  signedStripeEvent,
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

const startSession = (who: Shopper, body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/stripe/checkout-session',
    headers: who.headers,
    payload: body,
  });

/** The session object Stripe sends in checkout.session.* events for our session. */
function sessionObject(orderId: string, sessionId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: sessionId,
    object: 'checkout.session',
    client_reference_id: orderId,
    metadata: { orderId },
    payment_status: 'paid',
    payment_intent: `pi_${sessionId}`,
    amount_total: 5000,
    currency: 'usd',
    ...overrides,
  };
}

async function paidOrder() {
  const placed = await placeOrder(t, admin, 'STRIPE');
  const res = await startSession(placed.customer, { orderId: placed.order.id });
  expect(res.statusCode).toBe(201);
  return { ...placed, sessionId: res.json().data.sessionId as string };
}

const events = (orderId: string) => count(t, 'SELECT 1 FROM payment_events WHERE order_id = $1', [orderId]);

describe('POST /payments/stripe/checkout-session', () => {
  it('creates a hosted session with line items in minor units, the order id and our idempotency key', async () => {
    const { customer, order } = await placeOrder(t, admin, 'STRIPE', { price: 2500, quantity: 2 });
    const res = await startSession(customer, { orderId: order.id });
    expect(res.statusCode).toBe(201);
    const data = res.json().data;
    expect(data).toMatchObject({
      sessionId: expect.stringMatching(/^cs_test_/),
      url: expect.stringMatching(/^https:/),
    });
    expect(data).toMatchObject({ amount: 5000, currency: 'USD' });

    const sent = standIn.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer sk_test_x');
    expect(sent.headers['idempotency-key']).toBe(`checkout-session-${data.paymentId}`);
    expect(sent.form.get('mode')).toBe('payment');
    expect(sent.form.get('client_reference_id')).toBe(order.id);
    expect(sent.form.get('metadata[orderId]')).toBe(order.id);
    expect(sent.form.get('payment_intent_data[metadata][orderId]')).toBe(order.id);
    expect(sent.form.get('line_items[0][quantity]')).toBe('2');
    expect(sent.form.get('line_items[0][price_data][unit_amount]')).toBe('2500');
    expect(sent.form.get('line_items[0][price_data][currency]')).toBe('usd');
    expect(sent.form.get('success_url')).toBe(
      `https://shop.example.com/checkout/success?orderId=${order.id}&session_id={CHECKOUT_SESSION_ID}`,
    );
    expect(sent.form.get('cancel_url')).toBe(`https://shop.example.com/checkout/cancel?orderId=${order.id}`);

    const { rows } = await t.ctx.database.pool.query('SELECT * FROM payment_attempts WHERE order_id = $1', [
      order.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: data.paymentId,
      provider: 'STRIPE',
      provider_order_id: data.sessionId,
      amount: 5000,
      currency: 'USD',
      status: 'PENDING',
    });
    expect(await orderRow(t, order.id)).toEqual({ status: 'PENDING', payment_status: 'PENDING' });

    // Repeating it hands out the same open session, without a second call to Stripe.
    const calls = standIn.requests.length;
    const again = await startSession(customer, { orderId: order.id });
    expect(again.statusCode).toBe(200);
    expect(again.json().data.sessionId).toBe(data.sessionId);
    expect(standIn.requests.length).toBe(calls);
  });

  it('404 for someone else’s order, 409 for a cancelled or paid order or another method, 400 for unknown fields', async () => {
    const { customer, order } = await placeOrder(t, admin, 'STRIPE');
    const stranger = await shopper(t);
    expect((await startSession(stranger, { orderId: order.id })).statusCode).toBe(404);
    expect((await startSession(admin, { orderId: order.id })).statusCode).toBe(404);
    const unknownField = await startSession(customer, { orderId: order.id, amount: 1 });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.code).toBe('VALIDATION_ERROR');
    expect((await startSession(customer, {})).statusCode).toBe(400);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/stripe/checkout-session',
      payload: { orderId: order.id },
    });
    expect(anonymous.statusCode).toBe(401);

    const cod = await placeOrder(t, admin, 'COD', { customer });
    const mismatch = await startSession(customer, { orderId: cod.order.id });
    expect(mismatch.statusCode).toBe(409);
    expect(mismatch.json().error.code).toBe('PAYMENT_METHOD_MISMATCH');

    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: customer.headers,
      payload: {},
    });
    expect(cancel.statusCode).toBe(200);
    const cancelled = await startSession(customer, { orderId: order.id });
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().error.code).toBe('ORDER_NOT_PAYABLE');

    const paid = await paidOrder();
    expect(
      (
        await postStripeWebhook(
          t,
          signedStripeEvent('checkout.session.completed', sessionObject(paid.order.id, paid.sessionId)),
        )
      ).statusCode,
    ).toBe(200);
    expect((await startSession(paid.customer, { orderId: paid.order.id })).statusCode).toBe(409);
    expect(await count(t, 'SELECT 1 FROM payment_attempts WHERE order_id = $1', [order.id])).toBe(0);
  });

  it('Idempotency-Key: same key replays the first answer, a different body is 422', async () => {
    const { customer, order } = await placeOrder(t, admin, 'STRIPE');
    const withKey = (orderId: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/payments/stripe/checkout-session',
        headers: { ...customer.headers, 'idempotency-key': 'pay-once-1' },
        payload: { orderId },
      });
    const first = await withKey(order.id);
    expect(first.statusCode).toBe(201);
    const second = await withKey(order.id);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const other = await placeOrder(t, admin, 'STRIPE', { customer });
    const reused = await withKey(other.order.id);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count(t, 'SELECT 1 FROM payment_attempts WHERE order_id = $1', [other.order.id])).toBe(0);
  });

  it('502 when Stripe refuses, recorded as a failed attempt; the next try starts a new attempt', async () => {
    const { customer, order } = await placeOrder(t, admin, 'STRIPE');
    standIn.failNext('/v1/checkout/sessions', 400);
    const res = await startSession(customer, { orderId: order.id });
    expect(res.statusCode).toBe(502);
    expect(res.json().error.code).toBe('PAYMENT_PROVIDER_ERROR');
    expect(
      await count(t, `SELECT 1 FROM payment_attempts WHERE order_id = $1 AND status = 'FAILED'`, [order.id]),
    ).toBe(1);
    expect((await startSession(customer, { orderId: order.id })).statusCode).toBe(201);
  });
});

describe('POST /payments/stripe/webhook', () => {
  it('checkout.session.completed → PAID once, even delivered three times concurrently', async () => {
    const { customer, order, sessionId } = await paidOrder();
    const event = signedStripeEvent('checkout.session.completed', sessionObject(order.id, sessionId), {
      id: 'evt_dup_1',
    });
    const answers = await Promise.all([1, 2, 3].map(() => postStripeWebhook(t, event)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.json().data.duplicate === false)).toHaveLength(1);
    expect(answers.filter((a) => a.json().data.duplicate === true)).toHaveLength(2);

    expect(await orderRow(t, order.id)).toEqual({ status: 'PAID', payment_status: 'PAID' });
    expect(await paidTransitions(t, order.id)).toBe(1);
    expect(
      await count(t, `SELECT 1 FROM payment_events WHERE provider = 'STRIPE' AND event_id = 'evt_dup_1'`),
    ).toBe(1);
    expect(
      await jobsFor(t, 'email.send', `data->>'to' = $1 AND data->>'subject' LIKE '%has been paid%'`, [
        customer.email,
      ]),
    ).toBe(1);
    expect(await orderEventCount(t, published, 'order.updated', order.id, { status: 'PAID' })).toBe(1);
    const { rows } = await t.ctx.database.pool.query(
      'SELECT status, provider_payment_id FROM payment_attempts WHERE order_id = $1',
      [order.id],
    );
    expect(rows).toEqual([{ status: 'PAID', provider_payment_id: `pi_${sessionId}` }]);
    const view = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.id}`,
      headers: customer.headers,
    });
    expect(view.json().data.payment).toEqual({ method: 'STRIPE', status: 'PAID' });

    // A second, different success event for the same payment: a no-op.
    const again = await postStripeWebhook(
      t,
      signedStripeEvent('checkout.session.async_payment_succeeded', sessionObject(order.id, sessionId)),
    );
    expect(again.json().data).toMatchObject({ duplicate: false, outcome: 'NO_OP' });
    expect(await paidTransitions(t, order.id)).toBe(1);
  });

  it('accepts a charset in the content type (the signature covers the exact bytes)', async () => {
    const { order, sessionId } = await paidOrder();
    const event = signedStripeEvent('checkout.session.completed', sessionObject(order.id, sessionId));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/stripe/webhook',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': event.signature },
      payload: event.payload,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.outcome).toBe('PAID');
  });

  it('finds the order by client_reference_id without metadata; async success → PAID; completed but unpaid waits', async () => {
    const { order, sessionId } = await paidOrder();
    const unpaid = await postStripeWebhook(
      t,
      signedStripeEvent(
        'checkout.session.completed',
        sessionObject(order.id, sessionId, { payment_status: 'unpaid', metadata: {} }),
      ),
    );
    expect(unpaid.json().data.outcome).toBe('IGNORED');
    expect((await orderRow(t, order.id)).payment_status).toBe('PENDING');
    const ok = await postStripeWebhook(
      t,
      signedStripeEvent(
        'checkout.session.async_payment_succeeded',
        sessionObject(order.id, sessionId, { metadata: {} }),
      ),
    );
    expect(ok.json().data.outcome).toBe('PAID');
    expect(await orderRow(t, order.id)).toEqual({ status: 'PAID', payment_status: 'PAID' });
  });

  it('missing or wrong signature, or a stale timestamp → 400 and nothing changes', async () => {
    const { order, sessionId } = await paidOrder();
    const object = sessionObject(order.id, sessionId);
    const missing = await postStripeWebhook(t, {
      payload: signedStripeEvent('checkout.session.completed', object).payload,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('INVALID_SIGNATURE');
    const wrongSecret = await postStripeWebhook(
      t,
      signedStripeEvent('checkout.session.completed', object, { secret: 'whsec_other' }),
    );
    expect(wrongSecret.statusCode).toBe(400);
    const stale = await postStripeWebhook(
      t,
      signedStripeEvent('checkout.session.completed', object, {
        timestamp: Math.floor(Date.now() / 1000) - 301,
      }),
    );
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.code).toBe('INVALID_SIGNATURE');
    // Dated beyond the tolerance in the future: refused too (the SDK alone would accept it).
    const future = await postStripeWebhook(
      t,
      signedStripeEvent('checkout.session.completed', object, {
        timestamp: Math.floor(Date.now() / 1000) + 301,
      }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().error.code).toBe('INVALID_SIGNATURE');
    // A body changed after signing.
    const signed = signedStripeEvent('checkout.session.completed', object);
    const tampered = await postStripeWebhook(t, {
      payload: signed.payload.replace('"amount_total":5000', '"amount_total":5001'),
      signature: signed.signature,
    });
    expect(tampered.statusCode).toBe(400);
    const garbage = await postStripeWebhook(t, { payload: 'not json', signature: 't=1,v1=abc' });
    expect(garbage.statusCode).toBe(400);

    expect(await orderRow(t, order.id)).toEqual({ status: 'PENDING', payment_status: 'PENDING' });
    expect(await events(order.id)).toBe(0);
    expect(
      await count(t, `SELECT 1 FROM payment_events WHERE payload::text LIKE $1`, [`%${order.id}%`]),
    ).toBe(0);
  });

  it('an event for an unknown order → 200, recorded and ignored', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    const res = await postStripeWebhook(
      t,
      signedStripeEvent('checkout.session.completed', sessionObject(ghost, 'cs_ghost'), { id: 'evt_ghost' }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ duplicate: false, outcome: 'UNKNOWN_ORDER' });
    const { rows } = await t.ctx.database.pool.query(
      `SELECT type, outcome, order_id, payload->'data'->'object'->>'id' AS session FROM payment_events WHERE event_id = 'evt_ghost'`,
    );
    expect(rows).toEqual([
      { type: 'checkout.session.completed', outcome: 'UNKNOWN_ORDER', order_id: null, session: 'cs_ghost' },
    ]);
    // Not a UUID at all: same answer.
    const odd = await postStripeWebhook(
      t,
      signedStripeEvent('checkout.session.completed', sessionObject('order-42', 'cs_odd')),
    );
    expect(odd.json().data.outcome).toBe('UNKNOWN_ORDER');
    // Event types we do not handle are recorded and acknowledged.
    const other = await postStripeWebhook(
      t,
      signedStripeEvent('customer.created', { id: 'cus_1', object: 'customer' }),
    );
    expect(other.statusCode).toBe(200);
    expect(other.json().data.outcome).toBe('IGNORED');
  });

  it('amount or currency mismatch → payment flagged, admin alerted, order not PAID', async () => {
    const { order, sessionId } = await paidOrder();
    const res = await postStripeWebhook(
      t,
      signedStripeEvent(
        'checkout.session.completed',
        sessionObject(order.id, sessionId, { amount_total: 100 }),
      ),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().data.outcome).toBe('FLAGGED');
    expect(await orderRow(t, order.id)).toEqual({ status: 'PENDING', payment_status: 'PENDING' });
    const { rows } = await t.ctx.database.pool.query(
      'SELECT status, reason FROM payment_attempts WHERE order_id = $1',
      [order.id],
    );
    expect(rows[0].status).toBe('FLAGGED');
    expect(rows[0].reason).toContain('100');
    expect(
      await jobsFor(t, 'email.send', `data->>'to' = $1 AND data->>'subject' LIKE $2`, [
        ADMIN_EMAIL,
        `%${order.orderNumber}%`,
      ]),
    ).toBe(1);

    const other = await paidOrder();
    const currency = await postStripeWebhook(
      t,
      signedStripeEvent(
        'checkout.session.completed',
        sessionObject(other.order.id, other.sessionId, { currency: 'eur' }),
      ),
    );
    expect(currency.json().data.outcome).toBe('FLAGGED');
    expect((await orderRow(t, other.order.id)).payment_status).not.toBe('PAID');

    // No amount or no currency at all: never PAID either.
    for (const missing of [{ amount_total: null }, { currency: null }]) {
      const bare = await paidOrder();
      const res = await postStripeWebhook(
        t,
        signedStripeEvent(
          'checkout.session.completed',
          sessionObject(bare.order.id, bare.sessionId, missing),
        ),
      );
      expect(res.statusCode).toBe(200);
      expect(res.json().data.outcome).toBe('FLAGGED');
      expect(await orderRow(t, bare.order.id)).toEqual({ status: 'PENDING', payment_status: 'PENDING' });
    }
  });

  it('failures → payment FAILED + one admin alert; a failure after success never downgrades', async () => {
    const { order, sessionId } = await paidOrder();
    const expired = await postStripeWebhook(
      t,
      signedStripeEvent(
        'checkout.session.expired',
        sessionObject(order.id, sessionId, { payment_status: 'unpaid', status: 'expired' }),
      ),
    );
    expect(expired.json().data.outcome).toBe('FAILED');
    expect(await orderRow(t, order.id)).toEqual({ status: 'PENDING', payment_status: 'FAILED' });
    const alerts = () =>
      jobsFor(t, 'email.send', `data->>'to' = $1 AND data->>'subject' LIKE $2`, [
        ADMIN_EMAIL,
        `%failed%${order.orderNumber}%`,
      ]);
    expect(await alerts()).toBe(1);
    // The same failure reported again by the payment intent: no second alert.
    const intentFailed = await postStripeWebhook(
      t,
      signedStripeEvent('payment_intent.payment_failed', {
        id: `pi_${sessionId}`,
        object: 'payment_intent',
        amount: 5000,
        currency: 'usd',
        metadata: { orderId: order.id },
        last_payment_error: { message: 'Your card was declined.' },
      }),
    );
    expect(intentFailed.statusCode).toBe(200);
    expect(await alerts()).toBe(1);

    // The customer tries again (new session) and pays; a late failure of the old one changes nothing.
    const retry = await startSession((await ownerOf(order.id))!, { orderId: order.id });
    expect(retry.statusCode).toBe(201);
    const newSession = retry.json().data.sessionId;
    await postStripeWebhook(
      t,
      signedStripeEvent('checkout.session.completed', sessionObject(order.id, newSession)),
    );
    expect(await orderRow(t, order.id)).toEqual({ status: 'PAID', payment_status: 'PAID' });
    const late = await postStripeWebhook(
      t,
      signedStripeEvent(
        'checkout.session.async_payment_failed',
        sessionObject(order.id, newSession, { payment_status: 'unpaid' }),
      ),
    );
    expect(late.json().data.outcome).toBe('NO_OP');
    const lateIntent = await postStripeWebhook(
      t,
      signedStripeEvent('payment_intent.payment_failed', {
        id: `pi_${newSession}`,
        object: 'payment_intent',
        amount: 5000,
        currency: 'usd',
        metadata: { orderId: order.id },
      }),
    );
    expect(lateIntent.statusCode).toBe(200);
    expect(await orderRow(t, order.id)).toEqual({ status: 'PAID', payment_status: 'PAID' });
    expect(await paidTransitions(t, order.id)).toBe(1);
  });

  it('cancelling a paid order refunds through Stripe (idempotency key from the attempt), paymentStatus REFUNDED, stock back once', async () => {
    const { customer, order, sessionId, variantId } = await paidOrder();
    await postStripeWebhook(
      t,
      signedStripeEvent('checkout.session.completed', sessionObject(order.id, sessionId)),
    );
    const before = await stockOf(t, variantId);
    // Stripe answers the first refund call with a 500: the SDK retries with the same idempotency key.
    standIn.failNext('/v1/refunds', 500);
    const cancel = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order.id}/cancel`,
        headers: customer.headers,
        payload: {},
      });
    expect((await cancel()).statusCode).toBe(200);
    expect((await cancel()).statusCode).toBe(200);
    await waitFor(async () => (await orderRow(t, order.id)).payment_status === 'REFUNDED');
    expect(await orderRow(t, order.id)).toEqual({ status: 'CANCELLED', payment_status: 'REFUNDED' });
    expect(await stockOf(t, variantId)).toBe(before + 2);

    const refunds = standIn.requests.filter(
      (r) => r.path === '/v1/refunds' && r.form.get('payment_intent') === `pi_${sessionId}`,
    );
    expect(refunds.length).toBeGreaterThanOrEqual(2);
    const { rows } = await t.ctx.database.pool.query(
      'SELECT id, status, refund_id FROM payment_attempts WHERE order_id = $1',
      [order.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'REFUNDED', refund_id: expect.stringMatching(/^re_/) });
    // Every call for the one refund record carries its id as the idempotency key: Stripe pays it once.
    const records = await t.ctx.database.pool.query(
      'SELECT id, amount, status FROM refunds WHERE order_id = $1',
      [order.id],
    );
    expect(records.rows).toEqual([{ id: expect.any(String), amount: 5000, status: 'SUCCEEDED' }]);
    expect(new Set(refunds.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([`refund-${records.rows[0].id}`]),
    );
    expect(
      await orderEventCount(t, published, 'order.updated', order.id, { paymentStatus: 'REFUNDED' }),
    ).toBe(1);
  });

  it('a payment captured after the order was cancelled is refunded automatically', async () => {
    const { customer, order, sessionId } = await paidOrder();
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: customer.headers,
      payload: {},
    });
    expect(cancel.statusCode).toBe(200);
    const late = await postStripeWebhook(
      t,
      signedStripeEvent('checkout.session.completed', sessionObject(order.id, sessionId)),
    );
    expect(late.json().data.outcome).toBe('PAID');
    await waitFor(async () => (await orderRow(t, order.id)).payment_status === 'REFUNDED');
    expect(await orderRow(t, order.id)).toEqual({ status: 'CANCELLED', payment_status: 'REFUNDED' });
    expect(await paidTransitions(t, order.id)).toBe(0);
    expect(
      standIn.requests.some(
        (r) => r.path === '/v1/refunds' && r.form.get('payment_intent') === `pi_${sessionId}`,
      ),
    ).toBe(true);
  });
});

async function ownerOf(orderId: string): Promise<Shopper | undefined> {
  const { rows } = await t.ctx.database.pool.query('SELECT user_id FROM orders WHERE id = $1', [orderId]);
  const { signAccessToken } = await import('../../../src/platform/security');
  const token = await signAccessToken(t.config, { id: rows[0].user_id, role: 'CUSTOMER' });
  return { id: rows[0].user_id, email: '', token, headers: { authorization: `Bearer ${token}` } };
}
