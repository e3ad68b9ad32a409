import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { addToCart, checkout, count, product, shopper, type Shopper } from '../orders/fixtures';

let t: TestApp;
let admin: Shopper;
let alice: Shopper;

beforeAll(async () => {
  t = await createTestApp();
  admin = await shopper(t, 'ADMIN');
  alice = await shopper(t);
});
afterAll(async () => {
  await t.close();
});

const createCoupon = (payload: object, who: Shopper = admin) =>
  t.app.inject({ method: 'POST', url: '/api/v1/admin/coupons', headers: who.headers, payload });
const applyCoupon = (who: Shopper, code: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/cart/coupon', headers: who.headers, payload: { code } });
const hour = 3_600_000;

describe('admin CRUD', () => {
  it('creates, reads, lists, updates and deletes coupons; codes are case-insensitively unique', async () => {
    const created = await createCoupon({
      code: 'Spring10',
      type: 'PERCENT',
      value: 10,
      maxDiscount: 500,
      usageLimit: 100,
    });
    expect(created.statusCode).toBe(201);
    const coupon = created.json().data;
    expect(coupon).toMatchObject({
      code: 'Spring10',
      type: 'PERCENT',
      value: 10,
      maxDiscount: 500,
      usageLimit: 100,
      usedCount: 0,
      active: true,
    });
    const dup = await createCoupon({ code: 'SPRING10', type: 'FIXED', value: 100 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('COUPON_CODE_TAKEN');

    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/admin/coupons/${coupon.id}`,
          headers: admin.headers,
        })
      ).json().data.code,
    ).toBe('Spring10');
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/coupons?searchTerm=spring',
      headers: admin.headers,
    });
    expect(list.json().data.map((c: any) => c.id)).toEqual([coupon.id]);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/coupons/${coupon.id}`,
      headers: admin.headers,
      payload: { active: false, value: 15 },
    });
    expect(patched.json().data).toMatchObject({ active: false, value: 15 });
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/admin/coupons/${coupon.id}`,
          headers: admin.headers,
          payload: { usedCount: 0 },
        })
      ).statusCode,
    ).toBe(400);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/coupons/${coupon.id}`,
      headers: admin.headers,
    });
    expect(deleted.statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/admin/coupons/${coupon.id}`,
          headers: admin.headers,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('validates values and windows, and is admin-only', async () => {
    for (const bad of [
      { code: 'P0', type: 'PERCENT', value: 10 },
      { code: 'PCT0', type: 'PERCENT', value: 0 },
      { code: 'PCT101', type: 'PERCENT', value: 101 },
      { code: 'PCTFRAC', type: 'PERCENT', value: 12.5 },
      { code: 'FIX', type: 'FIXED', value: -5 },
      {
        code: 'WIN',
        type: 'FIXED',
        value: 5,
        startsAt: new Date(Date.now() + hour).toISOString(),
        expiresAt: new Date().toISOString(),
      },
      { code: 'BAD TYPE', type: 'FREE', value: 5 },
    ]) {
      expect((await createCoupon(bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await createCoupon({ code: 'MINE', type: 'FIXED', value: 5 }, alice)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/coupons' })).statusCode).toBe(401);
  });
});

describe('in the cart and at checkout', () => {
  it('applies PERCENT (capped) and FIXED coupons to the cart total, and removes them', async () => {
    const buyer = await shopper(t);
    const item = await product(t, admin, { price: 4000, stock: 50 });
    await addToCart(t, buyer, item.variantId, 2); // 8000
    await createCoupon({ code: 'HALF', type: 'PERCENT', value: 50, maxDiscount: 3000 });
    await createCoupon({ code: 'FLAT700', type: 'FIXED', value: 700 });
    const half = await applyCoupon(buyer, 'half');
    expect(half.statusCode).toBe(200);
    expect(half.json().data).toMatchObject({
      subtotal: 8000,
      discount: 3000,
      total: 5000,
      coupon: { code: 'HALF', discount: 3000, valid: true },
    });
    const flat = await applyCoupon(buyer, 'FLAT700');
    expect(flat.json().data).toMatchObject({ discount: 700, total: 7300 });
    const removed = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/cart/coupon',
      headers: buyer.headers,
    });
    expect(removed.json().data).toMatchObject({ discount: 0, total: 8000, coupon: null });
  });

  it('answers COUPON_INVALID, COUPON_EXPIRED, COUPON_NOT_APPLICABLE and COUPON_USAGE_LIMIT_REACHED', async () => {
    const buyer = await shopper(t);
    const item = await product(t, admin, { price: 1000, stock: 50 });
    await addToCart(t, buyer, item.variantId, 1);
    await createCoupon({ code: 'OFF', type: 'FIXED', value: 100, active: false });
    await createCoupon({
      code: 'OLD',
      type: 'FIXED',
      value: 100,
      expiresAt: new Date(Date.now() - hour).toISOString(),
    });
    await createCoupon({
      code: 'SOON',
      type: 'FIXED',
      value: 100,
      startsAt: new Date(Date.now() + hour).toISOString(),
    });
    await createCoupon({ code: 'BIGSPEND', type: 'FIXED', value: 100, minSubtotal: 5000 });
    const used = (await createCoupon({ code: 'ONCE', type: 'FIXED', value: 100, usageLimit: 1 })).json().data;
    await t.ctx.database.pool.query('UPDATE coupons SET used_count = 1 WHERE id = $1', [used.id]);
    const cases: Array<[string, number, string]> = [
      ['NOPE', 400, 'COUPON_INVALID'],
      ['OFF', 400, 'COUPON_INVALID'],
      ['OLD', 400, 'COUPON_EXPIRED'],
      ['SOON', 400, 'COUPON_EXPIRED'],
      ['BIGSPEND', 400, 'COUPON_NOT_APPLICABLE'],
      ['ONCE', 409, 'COUPON_USAGE_LIMIT_REACHED'],
    ];
    for (const [code, status, error] of cases) {
      const res = await applyCoupon(buyer, code);
      expect(res.statusCode, code).toBe(status);
      expect(res.json().error.code, code).toBe(error);
    }
    // Checkout with a bad coupon code fails with that code and changes nothing.
    const res = await checkout(t, buyer, { couponCode: 'OLD' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('COUPON_EXPIRED');
    expect(await count(t, 'SELECT 1 FROM orders WHERE user_id = $1', [buyer.id])).toBe(0);
  });

  it('re-validates at checkout: a coupon deactivated after it was applied fails the checkout, nothing changes', async () => {
    const buyer = await shopper(t);
    const item = await product(t, admin, { price: 1000, stock: 5 });
    await addToCart(t, buyer, item.variantId, 1);
    const coupon = (await createCoupon({ code: 'VANISH', type: 'FIXED', value: 100 })).json().data;
    expect((await applyCoupon(buyer, 'vanish')).statusCode).toBe(200);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/coupons/${coupon.id}`,
      headers: admin.headers,
      payload: { active: false },
    });
    const cart = (await t.app.inject({ method: 'GET', url: '/api/v1/cart', headers: buyer.headers })).json()
      .data;
    expect(cart).toMatchObject({ discount: 0, coupon: { code: 'VANISH', valid: false } });
    const res = await checkout(t, buyer);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('COUPON_INVALID');
    const { rows } = await t.ctx.database.pool.query('SELECT stock FROM stock_levels WHERE variant_id = $1', [
      item.variantId,
    ]);
    expect(rows[0].stock).toBe(5);
  });

  it('records the redemption, counts the use, and enforces the per-user limit', async () => {
    const buyer = await shopper(t);
    const item = await product(t, admin, { price: 2000, stock: 50 });
    const coupon = (
      await createCoupon({ code: 'WELCOME', type: 'PERCENT', value: 10, perUserLimit: 1 })
    ).json().data;
    await addToCart(t, buyer, item.variantId, 1);
    await applyCoupon(buyer, 'WELCOME');
    const first = await checkout(t, buyer);
    expect(first.statusCode).toBe(201);
    expect(first.json().data).toMatchObject({
      subtotal: 2000,
      discount: 200,
      total: 1800,
      couponCode: 'WELCOME',
    });
    expect(
      await count(
        t,
        'SELECT 1 FROM coupon_redemptions WHERE coupon_id = $1 AND user_id = $2 AND order_id = $3',
        [coupon.id, buyer.id, first.json().data.id],
      ),
    ).toBe(1);
    await addToCart(t, buyer, item.variantId, 1);
    const second = await checkout(t, buyer, { couponCode: 'welcome' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('COUPON_USAGE_LIMIT_REACHED');
    const { rows } = await t.ctx.database.pool.query('SELECT used_count FROM coupons WHERE id = $1', [
      coupon.id,
    ]);
    expect(rows[0].used_count).toBe(1);
    // A used coupon is kept for the record.
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/coupons/${coupon.id}`,
      headers: admin.headers,
    });
    expect(del.statusCode).toBe(409);
  });

  it('a coupon with usage limit 3 raced by 15 customers: at most 3 discounted orders', async () => {
    const item = await product(t, admin, { price: 1000, stock: 100 });
    const coupon = (await createCoupon({ code: 'FIRST3', type: 'FIXED', value: 250, usageLimit: 3 })).json()
      .data;
    const buyers = await Promise.all(Array.from({ length: 15 }, () => shopper(t)));
    for (const buyer of buyers) {
      await addToCart(t, buyer, item.variantId, 1);
      expect((await applyCoupon(buyer, 'FIRST3')).statusCode).toBe(200);
    }
    const results = await Promise.all(buyers.map((buyer) => checkout(t, buyer)));
    const created = results.filter((r) => r.statusCode === 201);
    const refused = results.filter((r) => r.statusCode === 409);
    expect(created).toHaveLength(3);
    expect(refused).toHaveLength(12);
    for (const r of refused) expect(r.json().error.code).toBe('COUPON_USAGE_LIMIT_REACHED');
    for (const r of created) expect(r.json().data).toMatchObject({ discount: 250, total: 750 });
    const { rows } = await t.ctx.database.pool.query('SELECT used_count FROM coupons WHERE id = $1', [
      coupon.id,
    ]);
    expect(rows[0].used_count).toBe(3);
    expect(await count(t, 'SELECT 1 FROM coupon_redemptions WHERE coupon_id = $1', [coupon.id])).toBe(3);
    expect(
      (
        await t.ctx.database.pool.query('SELECT stock FROM stock_levels WHERE variant_id = $1', [
          item.variantId,
        ])
      ).rows[0].stock,
    ).toBe(97);
  }, 60_000);
});

describe('guessing codes', () => {
  const apply = (code: string, opts: { who?: Shopper; cartToken?: string; ip: string }) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/cart/coupon',
      headers: {
        ...(opts.who ? opts.who.headers : {}),
        ...(opts.cartToken ? { 'x-cart-token': opts.cartToken } : {}),
      },
      payload: { code },
      remoteAddress: opts.ip,
    });

  it('guests get the same answer for an unknown and an expired code; signed-in customers are told', async () => {
    await createCoupon({
      code: 'GONE24',
      type: 'FIXED',
      value: 100,
      expiresAt: new Date(Date.now() - hour).toISOString(),
    });
    const first = await apply('NOSUCH24', { ip: '10.9.0.1' });
    const cartToken = String(first.headers['x-cart-token'] ?? '');
    const expired = await apply('GONE24', { ip: '10.9.0.1', ...(cartToken ? { cartToken } : {}) });
    for (const answer of [first, expired]) {
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error).toEqual({ code: 'COUPON_INVALID' });
      expect(answer.json().message).toBe(first.json().message);
    }
    const customer = await apply('GONE24', { who: await shopper(t), ip: '10.9.0.2' });
    expect(customer.json().error.code).toBe('COUPON_EXPIRED');
  });

  it('40 parallel wrong codes on one cart: exactly 10 are looked at, the rest 429; other carts are unaffected', async () => {
    const guesser = await shopper(t);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => apply(`GUESS${i}`, { who: guesser, ip: '10.9.1.1' })),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    const throttled = answers.find((a) => a.statusCode === 429)!;
    expect(throttled.json().error.code).toBe('RATE_LIMITED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    await createCoupon({ code: 'REAL24', type: 'FIXED', value: 100 });
    expect((await apply('REAL24', { who: guesser, ip: '10.9.1.1' })).statusCode).toBe(429);
    expect((await apply('REAL24', { who: await shopper(t), ip: '10.9.1.1' })).statusCode).toBe(200);
  });

  it('guests switching carts are still capped per IP address (30 wrong codes)', async () => {
    const ip = '10.9.2.1';
    const answers = await Promise.all(Array.from({ length: 35 }, (_, i) => apply(`FRESH${i}`, { ip })));
    expect(answers.filter((a) => a.statusCode === 400)).toHaveLength(30);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(5);
    expect((await apply('FRESH99', { ip: '10.9.2.2' })).statusCode).toBe(400);
  });
});
