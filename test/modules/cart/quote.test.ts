import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { addToCart, product, shopper, type Shopper } from '../orders/fixtures';

let t: TestApp;
let admin: Shopper;
const methods: Record<string, string> = {};

const call = (method: 'GET' | 'POST', url: string, who?: Shopper, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: who?.headers ?? {},
    ...(payload ? { payload } : {}),
  });

async function create(url: string, payload: object): Promise<string> {
  const res = await call('POST', url, admin, payload);
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.body}`);
  return res.json().data.id;
}

/** Set in the database to keep this file about the quote; checkout/shipping-tax.test.ts sets them through the catalog routes. */
async function setAttributes(variantId: string, weightGrams: number, taxClass = 'standard') {
  await t.ctx.database.pool.query('UPDATE variants SET weight_grams = $2 WHERE id = $1', [
    variantId,
    weightGrams,
  ]);
  await t.ctx.database.pool.query(
    'UPDATE products SET tax_class = $2 WHERE id = (SELECT product_id FROM variants WHERE id = $1)',
    [variantId, taxClass],
  );
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await shopper(t, 'ADMIN');
  const india = await create('/admin/shipping-zones', { name: 'India', countries: ['IN'] });
  const us = await create('/admin/shipping-zones', { name: 'US', countries: ['US'] });
  const california = await create('/admin/shipping-zones', {
    name: 'California',
    countries: [],
    regions: ['US-CA'],
  });
  methods.standard = await create('/admin/shipping-methods', {
    zoneId: india,
    name: 'Standard',
    carrier: 'India Post',
    currency: 'INR',
    type: 'FLAT',
    price: 4900,
    freeOver: 150000,
    minDays: 3,
    maxDays: 6,
  });
  methods.byWeight = await create('/admin/shipping-methods', {
    zoneId: india,
    name: 'Courier',
    currency: 'INR',
    type: 'WEIGHT',
    rates: [
      { upToGrams: 1000, price: 6000 },
      { upToGrams: 2000, price: 9000 },
    ],
  });
  methods.usGround = await create('/admin/shipping-methods', {
    zoneId: us,
    name: 'Ground',
    currency: 'INR',
    type: 'FLAT',
    price: 20000,
  });
  methods.caExpress = await create('/admin/shipping-methods', {
    zoneId: california,
    name: 'CA Express',
    currency: 'INR',
    type: 'FLAT',
    price: 15000,
  });
  await create('/admin/tax-rates', { name: 'GST', country: 'IN', rate: 1800, appliesToShipping: true });
  await create('/admin/tax-rates', { name: 'GST', country: 'IN', taxClass: 'books', rate: 500 });
  await create('/admin/tax-rates', { name: 'Sales tax', country: 'US', region: 'US-CA', rate: 725 });
});
afterAll(async () => {
  await t.close();
});

/** A customer with 2 × kettle (₹500.00, 400 g, standard) and 1 × book (₹200.00, 1,200 g, books): 2,000 g. */
async function cartOf(who: Shopper) {
  const kettle = await product(t, admin, { price: 50000, currency: 'INR', stock: 50 });
  const book = await product(t, admin, { price: 20000, currency: 'INR', stock: 50 });
  await setAttributes(kettle.variantId, 400);
  await setAttributes(book.variantId, 1200, 'books');
  await addToCart(t, who, kettle.variantId, 2);
  await addToCart(t, who, book.variantId, 1);
  return { kettle, book };
}

describe('GET /cart/shipping-options', () => {
  it('lists the zone’s methods that carry the cart, priced, cheapest first (2,000 g fits the 2,000 g tier)', async () => {
    const alice = await shopper(t);
    await cartOf(alice);
    const res = await call('GET', '/cart/shipping-options?country=IN&postalCode=411001', alice);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual([
      {
        id: methods.standard,
        name: 'Standard',
        carrier: 'India Post',
        price: 4900,
        currency: 'INR',
        minDays: 3,
        maxDays: 6,
      },
      {
        id: methods.byWeight,
        name: 'Courier',
        carrier: null,
        price: 9000,
        currency: 'INR',
        minDays: null,
        maxDays: null,
      },
    ]);
  });

  it('the region’s zone wins: California gets only its own method, New York the country’s', async () => {
    const bob = await shopper(t);
    await cartOf(bob);
    const ca = await call('GET', '/cart/shipping-options?country=US&state=CA', bob);
    expect(ca.json().data.map((o: { id: string }) => o.id)).toEqual([methods.caExpress]);
    const ny = await call('GET', '/cart/shipping-options?country=us&state=NY', bob);
    expect(ny.json().data.map((o: { id: string }) => o.id)).toEqual([methods.usGround]);
    const fr = await call('GET', '/cart/shipping-options?country=FR', bob);
    expect(fr.json().data).toEqual([]);
  });

  it('a heavier cart drops the weight method; a guest cart works with its token', async () => {
    const heavy = await product(t, admin, { price: 1000, currency: 'INR', stock: 50 });
    await setAttributes(heavy.variantId, 2001);
    const added = await call('POST', '/cart/items', undefined, { variantId: heavy.variantId, quantity: 1 });
    const token = added.headers['x-cart-token'] as string;
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cart/shipping-options?country=IN',
      headers: { 'x-cart-token': token },
    });
    expect(res.json().data.map((o: { id: string }) => o.id)).toEqual([methods.standard]);
  });

  it('rejects a missing, doubled or unknown destination and another customer’s address', async () => {
    const carol = await shopper(t);
    const dave = await shopper(t);
    const address = await call('POST', '/users/me/addresses', dave, {
      fullName: 'Dave',
      line1: '1 Road',
      city: 'Pune',
      postalCode: '411001',
      country: 'IN',
    });
    const cases = [
      '/cart/shipping-options',
      '/cart/shipping-options?country=ZZ',
      `/cart/shipping-options?country=IN&addressId=${address.json().data.id}`,
      `/cart/shipping-options?addressId=${address.json().data.id}`,
      '/cart/quote?country=IN&shippingMethodId=nope',
    ];
    for (const url of cases) {
      const res = await call('GET', url, carol);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    // the owner may use it
    await cartOf(dave);
    const own = await call('GET', `/cart/shipping-options?addressId=${address.json().data.id}`, dave);
    expect(own.json().data).toHaveLength(2);
  });
});

describe('GET /cart/quote', () => {
  it('per-line tax after the discount share, shipping tax, tax lines by name and rate, total', async () => {
    const erin = await shopper(t);
    await cartOf(erin);
    await create('/admin/coupons', { code: 'TENOFF', type: 'FIXED', value: 12000 });
    expect((await call('POST', '/cart/coupon', erin, { code: 'TENOFF' })).statusCode).toBe(200);
    const res = await call(
      'GET',
      `/cart/quote?country=IN&state=MH&shippingMethodId=${methods.byWeight}`,
      erin,
    );
    expect(res.statusCode).toBe(200);
    // subtotal 120000; discount 12000 spread 100000:20000 → 10000 and 2000
    // kettle 90000 × 18 % = 16200; book 18000 × 5 % = 900; shipping 9000 × 18 % = 1620
    expect(res.json().data).toEqual({
      subtotal: 120000,
      discount: 12000,
      shipping: 9000,
      shippingMethod: expect.objectContaining({ id: methods.byWeight, price: 9000 }),
      tax: 16200 + 900 + 1620,
      taxLines: [
        { name: 'GST', rate: 1800, amount: 16200 + 1620 },
        { name: 'GST', rate: 500, amount: 900 },
      ],
      storeCredit: 0,
      total: 120000 - 12000 + 9000 + 18720,
      amountDue: 120000 - 12000 + 9000 + 18720,
      currency: 'INR',
      taxIncluded: false,
    });
  });

  it('freeOver compares with the subtotal after discount, inclusive', async () => {
    const frank = await shopper(t);
    const item = await product(t, admin, { price: 75000, currency: 'INR', stock: 50 });
    await addToCart(t, frank, item.variantId, 2); // 150000: exactly freeOver
    const free = await call('GET', `/cart/quote?country=IN&shippingMethodId=${methods.standard}`, frank);
    expect(free.json().data).toMatchObject({ shipping: 0, tax: 27000, total: 177000 });
    await create('/admin/coupons', { code: 'ONEPAISA', type: 'FIXED', value: 1 });
    await call('POST', '/cart/coupon', frank, { code: 'ONEPAISA' });
    const charged = await call('GET', `/cart/quote?country=IN&shippingMethodId=${methods.standard}`, frank);
    expect(charged.json().data).toMatchObject({ discount: 1, shipping: 4900 });
  });

  it('answers the checkout’s errors: method required, unavailable method or address, empty cart', async () => {
    const gina = await shopper(t);
    expect((await call('GET', '/cart/quote?country=IN', gina)).json().error.code).toBe('CART_EMPTY');
    await cartOf(gina);
    const required = await call('GET', '/cart/quote?country=IN', gina);
    expect(required.statusCode).toBe(400);
    expect(required.json().error.code).toBe('SHIPPING_METHOD_REQUIRED');
    const wrongZone = await call(
      'GET',
      `/cart/quote?country=US&state=CA&shippingMethodId=${methods.usGround}`,
      gina,
    );
    expect(wrongZone.json().error.code).toBe('SHIPPING_UNAVAILABLE');
    const nowhere = await call('GET', `/cart/quote?country=FR&shippingMethodId=${methods.standard}`, gina);
    expect(nowhere.json().error.code).toBe('SHIPPING_UNAVAILABLE');
    const ca = await call(
      'GET',
      `/cart/quote?country=US&state=CA&shippingMethodId=${methods.caExpress}`,
      gina,
    );
    // California sales tax on standard goods only: not on books (no rate for the class), not on shipping
    expect(ca.json().data).toMatchObject({
      shipping: 15000,
      tax: 7250,
      taxLines: [{ name: 'Sales tax', rate: 725, amount: 7250 }],
      total: 120000 + 15000 + 7250,
    });
  });
});
