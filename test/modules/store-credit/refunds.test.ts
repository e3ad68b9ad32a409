import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processRefund } from '../../../src/modules/payments/refunds';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { addToCart, checkout, count, product, shopper, type Shopper } from '../orders/fixtures';
import { orderRow, paymentEnv, placeOrder, postStripeWebhook, signedStripeEvent } from '../payments/helpers';
import { startProviderStandIn, type ProviderStandIn } from '../payments/stand-in';
import { adminAction, deliveredOrder, requestReturn } from '../returns/fixtures';
import { balances, creditMails, grant } from './fixtures';

let t: TestApp;
let standIn: ProviderStandIn;
let admin: Shopper;

beforeAll(async () => {
  standIn = await startProviderStandIn();
  t = await createTestApp({ env: { ...paymentEnv(standIn.url), DEFAULT_CURRENCY: 'USD' } });
  admin = await shopper(t, 'ADMIN');
});
afterAll(async () => {
  await t?.close();
  await standIn?.close();
});

/** A Stripe order of 2 × 2500 (total 5000), `credit` of it paid with store credit, the rest by Stripe. */
async function paidStripeOrder(credit = 0) {
  const who = await shopper(t);
  if (credit > 0) await grant(t, admin, who.id, credit);
  const item = await product(t, admin, { price: 2500, stock: 20, currency: 'USD' });
  await addToCart(t, who, item.variantId, 2);
  const order = (await checkout(t, who, { paymentMethod: 'STRIPE', useStoreCredit: credit > 0 })).json().data;
  const session = await t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/stripe/checkout-session',
    headers: who.headers,
    payload: { orderId: order.id },
  });
  const sessionId = session.json().data.sessionId as string;
  const paid = await postStripeWebhook(
    t,
    signedStripeEvent('checkout.session.completed', {
      id: sessionId,
      object: 'checkout.session',
      client_reference_id: order.id,
      metadata: { orderId: order.id },
      payment_status: 'paid',
      payment_intent: `pi_${sessionId}`,
      amount_total: 5000 - credit,
      currency: 'usd',
    }),
  );
  expect(paid.json().data.outcome).toBe('PAID');
  return { who, order, paymentIntent: `pi_${sessionId}` };
}

const refund = (orderId: string, payload: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/orders/${orderId}/refunds`,
    headers: admin.headers,
    payload,
  });
const stripeRefunds = (paymentIntent: string) =>
  standIn.requests
    .filter((r) => r.path === '/v1/refunds' && r.form.get('payment_intent') === paymentIntent)
    .map((r) => Number(r.form.get('amount')));
const orderView = async (orderId: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/v1/orders/${orderId}`, headers: admin.headers })).json()
    .data;
const refundLines = (refundId: string) =>
  count(t, `SELECT 1 FROM store_credit_transactions WHERE refund_id = $1 AND reason = 'REFUND'`, [refundId]);

describe('refunds to store credit', () => {
  it('refundTo STORE_CREDIT credits the ledger once (no provider call) and mails the customer', async () => {
    const { who, order, paymentIntent } = await paidStripeOrder();
    const res = await refund(order.id, { amount: 1200, reason: 'goodwill', refundTo: 'STORE_CREDIT' });
    expect(res.statusCode).toBe(201);
    const created = res.json().data;
    expect(created).toMatchObject({
      amount: 1200,
      storeCreditAmount: 1200,
      refundTo: 'STORE_CREDIT',
      method: 'STORE_CREDIT',
      status: 'SUCCEEDED',
    });
    expect(stripeRefunds(paymentIntent)).toEqual([]);
    expect(await balances(t, who.id)).toEqual({ balance: 1200, ledger: 1200 });
    expect(await refundLines(created.id)).toBe(1);
    expect(await creditMails(t, who.email)).toBe(1);
    // Processing it again (a job retry) credits nothing more.
    await processRefund(t.ctx, created.id);
    expect(await balances(t, who.id)).toEqual({ balance: 1200, ledger: 1200 });
    expect(await orderView(order.id)).toMatchObject({
      paymentStatus: 'PARTIALLY_REFUNDED',
      refundedAmount: 1200,
    });
    // The unique index refuses a second ledger line for the same refund.
    await expect(
      t.ctx.database.pool.query(
        `INSERT INTO store_credit_transactions (user_id, amount, currency, reason, refund_id) VALUES ($1, 1, 'USD', 'REFUND', $2)`,
        [who.id, created.id],
      ),
    ).rejects.toThrow(/unique/i);
  });

  it('cash on delivery refunds to store credit by default; refundTo ORIGINAL records a manual refund', async () => {
    const { customer, order } = await placeOrder(t, admin, 'COD', { currency: 'USD' });
    const paid = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/orders/${order.id}/status`,
      headers: admin.headers,
      payload: { status: 'PAID' },
    });
    expect(paid.statusCode).toBe(200);
    const byDefault = await refund(order.id, { amount: 1000, reason: 'late' });
    expect(byDefault.json().data).toMatchObject({
      refundTo: 'STORE_CREDIT',
      method: 'STORE_CREDIT',
      status: 'SUCCEEDED',
    });
    const manual = await refund(order.id, { amount: 500, reason: 'cash back', refundTo: 'ORIGINAL' });
    expect(manual.json().data).toMatchObject({
      refundTo: 'ORIGINAL',
      method: 'MANUAL',
      storeCreditAmount: 0,
    });
    expect(await balances(t, customer.id)).toEqual({ balance: 1000, ledger: 1000 });
  });

  it('an order paid partly with credit: the provider returns at most what it captured, the rest goes to credit', async () => {
    const { who, order, paymentIntent } = await paidStripeOrder(1500);
    expect(await balances(t, who.id)).toEqual({ balance: 0, ledger: 0 });
    const first = await refund(order.id, { amount: 4000, reason: 'most of it' });
    expect(first.statusCode).toBe(201);
    expect(first.json().data).toMatchObject({
      amount: 4000,
      storeCreditAmount: 500,
      method: 'STRIPE',
      status: 'SUCCEEDED',
    });
    expect(stripeRefunds(paymentIntent)).toEqual([3500]);
    expect(await balances(t, who.id)).toEqual({ balance: 500, ledger: 500 });
    const second = await refund(order.id, { amount: 1000, reason: 'the rest' });
    expect(second.json().data).toMatchObject({
      storeCreditAmount: 1000,
      method: 'STORE_CREDIT',
      status: 'SUCCEEDED',
    });
    expect(stripeRefunds(paymentIntent)).toEqual([3500]);
    expect(await balances(t, who.id)).toEqual({ balance: 1500, ledger: 1500 });
    const over = await refund(order.id, { amount: 1, reason: 'more' });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('REFUND_EXCEEDS_PAID');
    expect(await orderView(order.id)).toMatchObject({ paymentStatus: 'REFUNDED', refundedAmount: 5000 });
  });

  it('cancelling a paid order paid partly with credit: credit back at once, the provider refunds amountDue', async () => {
    const { who, order, paymentIntent } = await paidStripeOrder(2000);
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: who.headers,
      payload: {},
    });
    expect(cancel.statusCode).toBe(200);
    expect(await balances(t, who.id)).toEqual({ balance: 2000, ledger: 2000 });
    await waitFor(async () => (await orderRow(t, order.id)).payment_status === 'REFUNDED', 10_000);
    expect(stripeRefunds(paymentIntent)).toEqual([3000]);
    expect(await balances(t, who.id)).toEqual({ balance: 2000, ledger: 2000 });
    expect(await orderView(order.id)).toMatchObject({
      refundedAmount: 3000,
      refunds: [{ amount: 3000, storeCreditAmount: 0 }],
    });
  });

  it('cancelling while a refund with a credit share is still owed gives back only the rest of the credit', async () => {
    const { who, order, paymentIntent } = await paidStripeOrder(1500);
    // The SDK retries twice on a 500: three failures leave the refund PENDING.
    standIn.failNext('/v1/refunds', 500, 3);
    const owed = await refund(order.id, { amount: 4000, reason: 'most of it' });
    expect(owed.statusCode).toBe(201);
    expect(owed.json().data).toMatchObject({ status: 'PENDING', storeCreditAmount: 500 });
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: who.headers,
      payload: {},
    });
    expect(cancel.statusCode).toBe(200);
    // 1500 of credit paid: 500 of it is the pending refund's share, so the cancellation gives back 1000.
    expect(await balances(t, who.id)).toEqual({ balance: 1000, ledger: 1000 });
    await processRefund(t.ctx, owed.json().data.id);
    await waitFor(async () => (await orderRow(t, order.id)).payment_status === 'REFUNDED', 10_000);
    expect(await balances(t, who.id)).toEqual({ balance: 1500, ledger: 1500 });
    // Stripe paid back what it collected (3500), once: every call carried the one refund's amount.
    expect(new Set(stripeRefunds(paymentIntent))).toEqual(new Set([3500]));
    // The refund (4000) is the order's refunded amount; the 1000 given back on cancel is a ledger line.
    expect(await orderView(order.id)).toMatchObject({ paymentStatus: 'REFUNDED', refundedAmount: 4000 });
  });

  it('a received return refunded to store credit credits it once, also when received again', async () => {
    const alice = await shopper(t);
    const { order, itemA } = await deliveredOrder(t, admin, alice);
    const rma = (
      await requestReturn(t, alice, order.id, [{ orderItemId: itemA, quantity: 1, reason: 'DAMAGED' }])
    ).json().data;
    await adminAction(t, admin, rma.id, 'approve');
    const received = await adminAction(t, admin, rma.id, 'receive', { refundTo: 'STORE_CREDIT' });
    expect(received.statusCode).toBe(200);
    expect(received.json().data).toMatchObject({ status: 'REFUNDED', refundTo: 'STORE_CREDIT' });
    const again = await adminAction(t, admin, rma.id, 'receive', { refundTo: 'STORE_CREDIT' });
    expect(again.statusCode).toBe(200);
    expect(await balances(t, alice.id)).toEqual({ balance: rma.refundAmount, ledger: rma.refundAmount });
    expect(await refundLines(received.json().data.refundId)).toBe(1);
  });

  it('a return on a cash-on-delivery order goes to store credit by default', async () => {
    const bob = await shopper(t);
    const { order, itemB } = await deliveredOrder(t, admin, bob);
    const rma = (
      await requestReturn(t, bob, order.id, [{ orderItemId: itemB, quantity: 1, reason: 'OTHER' }])
    ).json().data;
    await adminAction(t, admin, rma.id, 'approve');
    const received = await adminAction(t, admin, rma.id, 'receive', {});
    expect(received.json().data).toMatchObject({ status: 'REFUNDED', refundTo: 'STORE_CREDIT' });
    expect(await balances(t, bob.id)).toEqual({ balance: rma.refundAmount, ledger: rma.refundAmount });
  });
});
