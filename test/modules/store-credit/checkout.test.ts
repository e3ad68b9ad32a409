import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderConfirmationEmail } from '../../../src/modules/notifications/templates';
import { expireUnpaidOrder } from '../../../src/modules/orders/unpaid';
import { createTestApp, type TestApp } from '../../helpers/app';
import { addToCart, checkout, count, product, shopper, type Shopper } from '../orders/fixtures';
import { orderRow, paymentEnv, postStripeWebhook, signedStripeEvent } from '../payments/helpers';
import { startProviderStandIn, type ProviderStandIn } from '../payments/stand-in';
import { adjust, balances, grant, myCredit } from './fixtures';

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

/** A customer with `credit` store credit and one 2 × 2500 USD line in the cart. */
async function customerWithCart(credit: number) {
  const who = await shopper(t);
  if (credit > 0) await grant(t, admin, who.id, credit);
  const item = await product(t, admin, { price: 2500, stock: 50, currency: 'USD' });
  await addToCart(t, who, item.variantId, 2);
  return { who, item };
}

const ledgerLines = (orderId: string, reason: string) =>
  count(t, 'SELECT 1 FROM store_credit_transactions WHERE order_id = $1 AND reason = $2', [orderId, reason]);

const getOrder = (who: Shopper, id: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: who.headers });

describe('checkout with useStoreCredit', () => {
  it('the quote shows what the credit would pay without taking it; checkout takes it with the order', async () => {
    const { who } = await customerWithCart(1800);
    const quote = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cart/quote?country=IN&useStoreCredit=true',
      headers: who.headers,
    });
    expect(quote.statusCode).toBe(200);
    expect(quote.json().data).toMatchObject({ total: 5000, storeCredit: 1800, amountDue: 3200 });
    const plain = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cart/quote?country=IN',
      headers: who.headers,
    });
    expect(plain.json().data).toMatchObject({ total: 5000, storeCredit: 0, amountDue: 5000 });
    expect(await balances(t, who.id)).toEqual({ balance: 1800, ledger: 1800 });

    const res = await checkout(t, who, { paymentMethod: 'COD', useStoreCredit: true });
    expect(res.statusCode).toBe(201);
    const order = res.json().data;
    expect(order).toMatchObject({ total: 5000, storeCredit: 1800, amountDue: 3200, status: 'PENDING' });
    expect((await getOrder(who, order.id)).json().data).toMatchObject({
      storeCredit: 1800,
      amountDue: 3200,
      totals: { subtotal: 5000, discount: 0, total: 5000, storeCredit: 1800, amountDue: 3200 },
    });
    expect(await balances(t, who.id)).toEqual({ balance: 0, ledger: 0 });
    expect(await ledgerLines(order.id, 'CHECKOUT')).toBe(1);
    const mail = orderConfirmationEmail(order);
    expect(mail.text).toMatch(/Store credit\s+-\$18\.00/);
    expect(mail.text).toMatch(/Amount due\s+\$32\.00/);
    const mine = (await myCredit(t, who)).json().data;
    expect(mine.transactions[0]).toMatchObject({ amount: -1800, reason: 'CHECKOUT', orderId: order.id });
  });

  it('without useStoreCredit the balance is untouched', async () => {
    const { who } = await customerWithCart(1000);
    const res = await checkout(t, who, { paymentMethod: 'COD' });
    expect(res.json().data).toMatchObject({ total: 5000, storeCredit: 0, amountDue: 5000 });
    expect(await balances(t, who.id)).toEqual({ balance: 1000, ledger: 1000 });
  });

  it('credit covering the whole order: PAID at once, the rest of the balance stays', async () => {
    const { who } = await customerWithCart(7000);
    const res = await checkout(t, who, { paymentMethod: 'STRIPE', useStoreCredit: true });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({
      total: 5000,
      storeCredit: 5000,
      amountDue: 0,
      status: 'PAID',
      paymentStatus: 'PAID',
    });
    expect(await orderRow(t, res.json().data.id)).toEqual({ status: 'PAID', payment_status: 'PAID' });
    expect(await balances(t, who.id)).toEqual({ balance: 2000, ledger: 2000 });
    // Nothing left to pay online.
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/stripe/checkout-session',
      headers: who.headers,
      payload: { orderId: res.json().data.id },
    });
    expect(session.statusCode).toBe(409);
  });

  it('Stripe charges amountDue, and a payment of amountDue marks the order PAID', async () => {
    const { who } = await customerWithCart(1500);
    const order = (await checkout(t, who, { paymentMethod: 'STRIPE', useStoreCredit: true })).json().data;
    expect(order).toMatchObject({ storeCredit: 1500, amountDue: 3500 });
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/stripe/checkout-session',
      headers: who.headers,
      payload: { orderId: order.id },
    });
    expect(session.statusCode).toBe(201);
    expect(session.json().data).toMatchObject({ amount: 3500 });
    const sent = standIn.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!;
    expect(sent.form.get('line_items[0][price_data][unit_amount]')).toBe('3500');
    expect(sent.form.get('line_items[1][quantity]')).toBeNull();
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
        amount_total: 3500,
        currency: 'usd',
      }),
    );
    expect(paid.statusCode).toBe(200);
    expect(await orderRow(t, order.id)).toEqual({ status: 'PAID', payment_status: 'PAID' });
  });

  it('Razorpay is asked for amountDue', async () => {
    const { who } = await customerWithCart(700);
    const order = (await checkout(t, who, { paymentMethod: 'RAZORPAY', useStoreCredit: true })).json().data;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/razorpay/order',
      headers: who.headers,
      payload: { orderId: order.id },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({ amount: 4300, currency: 'USD' });
    const sent = standIn.requests.filter((r) => r.path === '/v1/orders').at(-1)!;
    expect(sent.json).toMatchObject({ amount: 4300, notes: { orderId: order.id } });
  });

  it('bad useStoreCredit is 400 and changes nothing', async () => {
    const { who } = await customerWithCart(500);
    const res = await checkout(t, who, { paymentMethod: 'COD', useStoreCredit: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_ERROR');
    const quote = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cart/quote?country=IN&useStoreCredit=maybe',
      headers: who.headers,
    });
    expect(quote.statusCode).toBe(400);
    expect(await balances(t, who.id)).toEqual({ balance: 500, ledger: 500 });
  });
});

describe('store credit is never spent twice', () => {
  it('a checkout racing an admin debit of the whole balance: one of them gets it, never both', async () => {
    for (let round = 0; round < 4; round++) {
      const { who } = await customerWithCart(2000);
      const [placed, debit] = await Promise.all([
        checkout(t, who, { paymentMethod: 'COD', useStoreCredit: true }),
        adjust(t, admin, who.id, { amount: -2000, note: 'race' }),
      ]);
      expect(placed.statusCode).toBe(201);
      const spent = placed.json().data.storeCredit as number;
      if (debit.statusCode === 201) expect(spent).toBe(0);
      else {
        expect(debit.statusCode).toBe(409);
        expect(debit.json().error.code).toBe('INSUFFICIENT_STORE_CREDIT');
        expect(spent).toBe(2000);
      }
      expect(await balances(t, who.id)).toEqual({ balance: 0, ledger: 0 });
    }
  });

  it('two checkouts of one customer at once, both with useStoreCredit: one order spends it, once', async () => {
    for (let round = 0; round < 3; round++) {
      const { who } = await customerWithCart(3000);
      const answers = await Promise.all(
        ['a', 'b'].map((k) =>
          checkout(t, who, { paymentMethod: 'COD', useStoreCredit: true }, `race-${round}-${k}-${who.id}`),
        ),
      );
      const placed = answers.filter((a) => a.statusCode === 201);
      expect(placed).toHaveLength(1);
      expect(answers.find((a) => a.statusCode !== 201)!.json().error.code).toBe('CART_EMPTY');
      expect(placed[0]!.json().data).toMatchObject({ total: 5000, storeCredit: 3000, amountDue: 2000 });
      expect(await balances(t, who.id)).toEqual({ balance: 0, ledger: 0 });
      expect(
        await count(t, `SELECT 1 FROM store_credit_transactions WHERE user_id = $1 AND reason = 'CHECKOUT'`, [
          who.id,
        ]),
      ).toBe(1);
    }
  });
});

describe('cancelling returns the credit exactly once', () => {
  it('customer cancel, repeated and concurrent with an admin cancel', async () => {
    const { who } = await customerWithCart(3000);
    const order = (await checkout(t, who, { paymentMethod: 'COD', useStoreCredit: true })).json().data;
    expect(await balances(t, who.id)).toEqual({ balance: 0, ledger: 0 });
    const cancel = (as: Shopper) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order.id}/cancel`,
        headers: as.headers,
        payload: {},
      });
    const answers = await Promise.all([cancel(who), cancel(admin), cancel(who)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect((await cancel(who)).statusCode).toBe(200);
    expect(await balances(t, who.id)).toEqual({ balance: 3000, ledger: 3000 });
    expect(await ledgerLines(order.id, 'ORDER_CANCELLED')).toBe(1);
  });

  it('an order paid in full with credit, cancelled: credit back once, payment REFUNDED', async () => {
    const { who } = await customerWithCart(5000);
    const order = (await checkout(t, who, { paymentMethod: 'COD', useStoreCredit: true })).json().data;
    expect(order).toMatchObject({ status: 'PAID', amountDue: 0 });
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: who.headers,
      payload: {},
    });
    expect(cancel.json().data).toMatchObject({ status: 'CANCELLED', paymentStatus: 'REFUNDED' });
    expect(await balances(t, who.id)).toEqual({ balance: 5000, ledger: 5000 });
    expect(await count(t, 'SELECT 1 FROM refunds WHERE order_id = $1', [order.id])).toBe(0);
  });

  it('the unpaid-order TTL job gives the credit back', async () => {
    const { who } = await customerWithCart(1200);
    const order = (await checkout(t, who, { paymentMethod: 'STRIPE', useStoreCredit: true })).json().data;
    expect(order).toMatchObject({ storeCredit: 1200, amountDue: 3800, status: 'PENDING' });
    expect(await expireUnpaidOrder(t.ctx, order.id)).toBe(true);
    expect(await expireUnpaidOrder(t.ctx, order.id)).toBe(false);
    expect(await balances(t, who.id)).toEqual({ balance: 1200, ledger: 1200 });
    expect(await ledgerLines(order.id, 'ORDER_CANCELLED')).toBe(1);
  });

  it('the unique index refuses a second credit-back line for one order', async () => {
    const { who } = await customerWithCart(100);
    const order = (await checkout(t, who, { paymentMethod: 'COD', useStoreCredit: true })).json().data;
    const insert = () =>
      t.ctx.database.pool.query(
        `INSERT INTO store_credit_transactions (user_id, amount, currency, reason, order_id) VALUES ($1, 100, 'USD', 'ORDER_CANCELLED', $2)`,
        [who.id, order.id],
      );
    await insert();
    await expect(insert()).rejects.toThrow(/unique/i);
  });
});
