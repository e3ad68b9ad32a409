import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import {
  address,
  addToCart,
  checkout,
  count,
  product,
  shopper,
  stockOf,
  type Shopper,
} from '../orders/fixtures';

// The checkout prices shipping and tax with the same function as GET /cart/quote: for the same
// cart, address and method the order's totals are the quote's, and the order keeps what was priced.

let t: TestApp;
let admin: Shopper;
const methods: Record<string, string> = {};

async function create(url: string, payload: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: admin.headers, payload });
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.body}`);
  return res.json().data.id;
}

/** Weight and tax class through the catalog API, as an admin panel sets them. */
async function setAttributes(app: TestApp, variantId: string, weightGrams: number, taxClass = 'standard') {
  const { rows } = await app.ctx.database.pool.query('SELECT product_id FROM variants WHERE id = $1', [
    variantId,
  ]);
  const productId = rows[0].product_id as string;
  const boss = await shopper(app, 'ADMIN');
  const variant = await app.app.inject({
    method: 'PATCH',
    url: `/api/v1/products/${productId}/variants/${variantId}`,
    headers: boss.headers,
    payload: { weightGrams },
  });
  expect(variant.statusCode).toBe(200);
  expect(variant.json().data.weightGrams).toBe(weightGrams);
  const product = await app.app.inject({
    method: 'PATCH',
    url: `/api/v1/products/${productId}`,
    headers: boss.headers,
    payload: { taxClass },
  });
  expect(product.statusCode).toBe(200);
  expect(product.json().data.taxClass).toBe(taxClass);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await shopper(t, 'ADMIN');
  const india = await create('/admin/shipping-zones', { name: 'India', countries: ['IN'] });
  const us = await create('/admin/shipping-zones', { name: 'US', countries: ['US'] });
  methods.courier = await create('/admin/shipping-methods', {
    zoneId: india,
    name: 'Courier',
    carrier: 'BlueDart',
    currency: 'INR',
    type: 'WEIGHT',
    rates: [
      { upToGrams: 1000, price: 6000 },
      { upToGrams: 3000, price: 9000 },
    ],
    minDays: 1,
    maxDays: 2,
  });
  methods.usGround = await create('/admin/shipping-methods', {
    zoneId: us,
    name: 'Ground',
    currency: 'INR',
    type: 'FLAT',
    price: 20000,
  });
  await create('/admin/tax-rates', { name: 'GST', country: 'IN', rate: 1800, appliesToShipping: true });
  await create('/admin/tax-rates', { name: 'GST', country: 'IN', taxClass: 'books', rate: 500 });
});
afterAll(async () => {
  await t.close();
});

/** 2 × kettle (₹500.00, 400 g, standard) and 1 × book (₹200.00, 1,200 g, books): 2,000 g. */
async function fillCart(who: Shopper) {
  const kettle = await product(t, admin, { price: 50000, currency: 'INR', stock: 20 });
  const book = await product(t, admin, { price: 20000, currency: 'INR', stock: 20 });
  await setAttributes(t, kettle.variantId, 400);
  await setAttributes(t, book.variantId, 1200, 'books');
  await addToCart(t, who, kettle.variantId, 2);
  await addToCart(t, who, book.variantId, 1);
  return { kettle, book };
}

describe('checkout with shipping zones and tax rates', () => {
  it('requires a method when the zone has methods (400 SHIPPING_METHOD_REQUIRED), and nothing changes', async () => {
    const buyer = await shopper(t);
    const { kettle } = await fillCart(buyer);
    const res = await checkout(t, buyer);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('SHIPPING_METHOD_REQUIRED');
    expect(await stockOf(t, kettle.variantId)).toBe(20);
    expect(await count(t, 'SELECT 1 FROM orders WHERE user_id = $1', [buyer.id])).toBe(0);
    expect(
      await count(t, 'SELECT 1 FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE c.user_id = $1', [
        buyer.id,
      ]),
    ).toBe(2);
  });

  it('refuses a method of another zone and an address in no zone (400 SHIPPING_UNAVAILABLE)', async () => {
    const buyer = await shopper(t);
    await fillCart(buyer);
    const otherZone = await checkout(t, buyer, { shippingMethodId: methods.usGround });
    expect(otherZone.statusCode).toBe(400);
    expect(otherZone.json().error.code).toBe('SHIPPING_UNAVAILABLE');
    const nowhere = await checkout(t, buyer, {
      shippingAddress: { ...address, country: 'FR', city: 'Paris', postalCode: '75001' },
      shippingMethodId: methods.courier,
    });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error.code).toBe('SHIPPING_UNAVAILABLE');
    const unknown = await checkout(t, buyer, { shippingMethodId: 'not-a-uuid' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('VALIDATION_ERROR');
    expect(await count(t, 'SELECT 1 FROM orders WHERE user_id = $1', [buyer.id])).toBe(0);
  });

  it('the order has the quote’s totals, the method snapshot, tax lines and per-line tax', async () => {
    const buyer = await shopper(t);
    const { kettle, book } = await fillCart(buyer);
    const quote = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cart/quote?country=IN&shippingMethodId=${methods.courier}`,
      headers: buyer.headers,
    });
    expect(quote.statusCode).toBe(200);
    const q = quote.json().data;
    // 2 × 50,000 + 20,000 = 120,000; courier 2,000 g → 9,000; GST 18 % of 100,000 and of 9,000,
    // 5 % of 20,000: 18,000 + 1,620 + 1,000 = 20,620.
    expect(q).toMatchObject({ subtotal: 120000, discount: 0, shipping: 9000, tax: 20620, total: 149620 });

    const res = await checkout(t, buyer, { shippingMethodId: methods.courier });
    expect(res.statusCode).toBe(201);
    const order = res.json().data;
    for (const field of ['subtotal', 'discount', 'shipping', 'tax', 'total', 'currency', 'taxIncluded'])
      expect(order[field], field).toEqual(q[field]);
    expect(order.taxLines).toEqual(q.taxLines);
    expect(order.taxLines).toEqual([
      { name: 'GST', rate: 1800, amount: 19620 },
      { name: 'GST', rate: 500, amount: 1000 },
    ]);
    expect(order.shippingTax).toBe(1620);
    expect(order.shippingMethod).toEqual({
      id: methods.courier,
      name: 'Courier',
      carrier: 'BlueDart',
      price: 9000,
      currency: 'INR',
      minDays: 1,
      maxDays: 2,
    });
    const line = (variantId: string) =>
      order.items.find((i: { variantId: string }) => i.variantId === variantId);
    expect(line(kettle.variantId)).toMatchObject({
      lineTotal: 100000,
      discountShare: 0,
      tax: 18000,
      taxRate: 1800,
    });
    expect(line(book.variantId)).toMatchObject({
      lineTotal: 20000,
      discountShare: 0,
      tax: 1000,
      taxRate: 500,
    });
    expect(order).toMatchObject({ fulfillmentStatus: 'UNFULFILLED', fulfillments: [] });

    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${order.id}`,
      headers: buyer.headers,
    });
    expect(read.json().data).toMatchObject({
      total: 149620,
      shippingMethod: { id: methods.courier, price: 9000 },
      taxLines: order.taxLines,
    });
    const { rows } = await t.ctx.database.pool.query(
      'SELECT shipping, tax, shipping_tax, total, shipping_method FROM orders WHERE id = $1',
      [order.id],
    );
    expect(rows[0]).toMatchObject({ shipping: 9000, tax: 20620, shipping_tax: 1620, total: 149620 });
    expect(rows[0].shipping_method.name).toBe('Courier');
  });

  it('a discount is spread over the lines before tax, and the quote still equals the order', async () => {
    const buyer = await shopper(t);
    await fillCart(buyer);
    const code = `TAX${Date.now()}`;
    await create('/admin/coupons', { code, type: 'FIXED', value: 12000 });
    const applied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cart/coupon',
      headers: buyer.headers,
      payload: { code },
    });
    expect(applied.statusCode).toBe(200);
    const quote = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cart/quote?country=IN&shippingMethodId=${methods.courier}`,
      headers: buyer.headers,
    });
    const q = quote.json().data;
    const res = await checkout(t, buyer, { shippingMethodId: methods.courier });
    expect(res.statusCode).toBe(201);
    const order = res.json().data;
    expect(order).toMatchObject({ discount: 12000, tax: q.tax, total: q.total, taxLines: q.taxLines });
    const shares = order.items.map((i: { discountShare: number }) => i.discountShare);
    expect(shares.reduce((a: number, b: number) => a + b, 0)).toBe(12000);
    const lineTax = order.items.reduce((sum: number, i: { tax: number }) => sum + i.tax, 0);
    expect(lineTax + order.shippingTax).toBe(order.tax);
    expect(order.total).toBe(order.subtotal - order.discount + order.shipping + order.tax);
  });
});

describe('weight and tax class in the catalog', () => {
  it('products take taxClass and variants weightGrams on create; bad values → 400; customers cannot set them', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: admin.headers,
      payload: {
        name: 'Heavy Atlas',
        taxClass: 'Books',
        currency: 'INR',
        variants: [{ sku: `ATLAS-${Date.now()}`, price: 90000, weightGrams: 2500, stock: 3 }],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().data).toMatchObject({ taxClass: 'books', variants: [{ weightGrams: 2500 }] });
    const id = created.json().data.id;
    const variantId = created.json().data.variants[0].id;
    const bad = [
      { url: `/api/v1/products/${id}`, payload: { taxClass: 'no spaces allowed' } },
      { url: `/api/v1/products/${id}/variants/${variantId}`, payload: { weightGrams: -1 } },
      { url: `/api/v1/products/${id}/variants/${variantId}`, payload: { weightGrams: 1.5 } },
    ];
    for (const { url, payload } of bad) {
      const res = await t.app.inject({ method: 'PATCH', url, headers: admin.headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    const customer = await shopper(t);
    const forbidden = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${id}`,
      headers: customer.headers,
      payload: { taxClass: 'zero' },
    });
    expect(forbidden.statusCode).toBe(403);
    const { rows } = await t.ctx.database.pool.query(
      'SELECT p.tax_class, v.weight_grams FROM products p JOIN variants v ON v.product_id = p.id WHERE p.id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ tax_class: 'books', weight_grams: 2500 });
  });
});

describe('concurrency with shipping and tax in play', () => {
  it('20 customers, 4 units, a coupon limited to 3 uses: exactly 3 orders, each priced with shipping and tax', async () => {
    const item = await product(t, admin, { price: 50000, currency: 'INR', stock: 4 });
    await setAttributes(t, item.variantId, 900);
    const code = `RACE${Date.now()}`;
    await create('/admin/coupons', { code, type: 'FIXED', value: 5000, usageLimit: 3 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => shopper(t)));
    for (const buyer of buyers) await addToCart(t, buyer, item.variantId, 1);
    const results = await Promise.all(
      buyers.map((buyer) => checkout(t, buyer, { shippingMethodId: methods.courier, couponCode: code })),
    );
    const created = results.filter((r) => r.statusCode === 201).map((r) => r.json().data);
    // The coupon binds first (3 uses < 4 units); a checkout refused late rolls its stock back.
    expect(created).toHaveLength(3);
    for (const r of results.filter((r) => r.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('COUPON_USAGE_LIMIT_REACHED');
    }
    expect(await stockOf(t, item.variantId)).toBe(1);
    for (const order of created) {
      // (50,000 − 5,000) × 18 % = 8,100 on the line; courier 900 g → 6,000, × 18 % = 1,080.
      expect(order).toMatchObject({ discount: 5000, shipping: 6000, tax: 8100 + 1080 });
      expect(order.total).toBe(50000 - 5000 + 6000 + 8100 + 1080);
    }
    expect(
      await count(
        t,
        'SELECT 1 FROM coupon_redemptions cu JOIN coupons c ON c.id = cu.coupon_id WHERE c.code = $1',
        [code],
      ),
    ).toBe(3);
  }, 120_000);
});

describe('tax-inclusive prices (PRICES_INCLUDE_TAX=true)', () => {
  it('the tax is the included share and the total does not add it', async () => {
    const inclusive = await createTestApp({ env: { PRICES_INCLUDE_TAX: 'true' } });
    try {
      const boss = await shopper(inclusive, 'ADMIN');
      const rate = await inclusive.app.inject({
        method: 'POST',
        url: '/api/v1/admin/tax-rates',
        headers: boss.headers,
        payload: { name: 'VAT', country: 'IN', rate: 2000 },
      });
      expect(rate.statusCode).toBe(201);
      const buyer = await shopper(inclusive);
      const item = await product(inclusive, boss, { price: 12000, currency: 'INR', stock: 5 });
      await addToCart(inclusive, buyer, item.variantId, 1);
      const res = await checkout(inclusive, buyer);
      expect(res.statusCode).toBe(201);
      // 12,000 includes 20 % VAT: 12,000 × 20 / 120 = 2,000.
      expect(res.json().data).toMatchObject({
        subtotal: 12000,
        shipping: 0,
        tax: 2000,
        total: 12000,
        taxIncluded: true,
        shippingMethod: null,
        taxLines: [{ name: 'VAT', rate: 2000, amount: 2000 }],
      });
    } finally {
      await inclusive.close();
    }
  });
});
