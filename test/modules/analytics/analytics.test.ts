import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { addToCart, checkout, product, shopper, type Shopper } from '../orders/fixtures';

let t: TestApp;
let admin: Shopper;
let customer: Shopper;
let lamp: Awaited<ReturnType<typeof product>>;
let pen: Awaited<ReturnType<typeof product>>;

/** Places a real order, then moves it to the given day and payment state (the aggregation is under test). */
async function order(
  items: Array<[Awaited<ReturnType<typeof product>>, number]>,
  day: string,
  state: { status?: string; paymentStatus?: string } = { status: 'PAID', paymentStatus: 'PAID' },
) {
  const buyer = await shopper(t);
  for (const [p, quantity] of items) await addToCart(t, buyer, p.variantId, quantity);
  const res = await checkout(t, buyer);
  expect(res.statusCode).toBe(201);
  const id = res.json().data.id as string;
  await t.ctx.database.pool.query(
    `UPDATE orders SET created_at = $2::timestamptz, status = $3::order_status, payment_status = $4::payment_status WHERE id = $1`,
    [id, `${day}T12:00:00Z`, state.status ?? 'PENDING', state.paymentStatus ?? 'UNPAID'],
  );
  return { id, buyer };
}

const get = (url: string, who: Shopper | null = admin) =>
  t.app.inject({ method: 'GET', url, headers: who ? who.headers : {} });

beforeAll(async () => {
  t = await createTestApp({ work: false });
  admin = await shopper(t, 'ADMIN');
  customer = await shopper(t);
  lamp = await product(t, admin, { name: 'Desk Lamp', price: 2500, stock: 100 });
  pen = await product(t, admin, { name: 'Pen', price: 200, stock: 100 });
  // In range 2026-03-01..2026-03-10:
  await order([[lamp, 2]], '2026-03-01'); // 5000
  await order([[pen, 5]], '2026-03-01'); // 1000
  await order(
    [
      [lamp, 1],
      [pen, 1],
    ],
    '2026-03-04',
  ); // 2700
  await order([[lamp, 4]], '2026-03-05', { status: 'CANCELLED', paymentStatus: 'REFUNDED' }); // not revenue
  await order([[lamp, 3]], '2026-03-06', { status: 'PENDING', paymentStatus: 'UNPAID' }); // not revenue
  await order([[pen, 2]], '2026-03-10', { status: 'DELIVERED', paymentStatus: 'PAID' }); // 400
  // Previous period 2026-02-19..2026-02-28:
  await order([[pen, 10]], '2026-02-20'); // 2000
  // New customers: the buyers above were created "now"; pin two of them into the range.
  await t.ctx.database.pool.query(
    `UPDATE users SET created_at = '2026-03-02T08:00:00Z' WHERE id IN (SELECT id FROM users WHERE role = 'CUSTOMER' ORDER BY created_at LIMIT 2)`,
  );
});
afterAll(async () => {
  await t.close();
});

describe('GET /admin/analytics/summary', () => {
  it('counts paid, not cancelled/refunded orders, with the previous period', async () => {
    const res = await get('/api/v1/admin/analytics/summary?from=2026-03-01&to=2026-03-10');
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual({
      from: '2026-03-01',
      to: '2026-03-10',
      currency: 'USD',
      orders: 4,
      revenue: 5000 + 1000 + 2700 + 400,
      tax: 0,
      revenueExcludingTax: 9100,
      taxLines: [],
      averageOrderValue: Math.round(9100 / 4),
      newCustomers: 2,
      previous: {
        from: '2026-02-19',
        to: '2026-02-28',
        currency: 'USD',
        orders: 1,
        revenue: 2000,
        tax: 0,
        revenueExcludingTax: 2000,
        taxLines: [],
        averageOrderValue: 2000,
        newCustomers: 0,
      },
    });
  });

  it('answers zeros for an empty range and another currency', async () => {
    const res = await get('/api/v1/admin/analytics/summary?from=2020-01-01&to=2020-01-31&currency=EUR');
    expect(res.json().data).toMatchObject({ orders: 0, revenue: 0, averageOrderValue: 0, currency: 'EUR' });
  });
});

describe('GET /admin/analytics/sales', () => {
  it('returns one bucket per day with no gaps', async () => {
    const res = await get('/api/v1/admin/analytics/sales?interval=day&from=2026-03-01&to=2026-03-06');
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual({
      interval: 'day',
      from: '2026-03-01',
      to: '2026-03-06',
      currency: 'USD',
      buckets: [
        { start: '2026-03-01', orders: 2, revenue: 6000, tax: 0 },
        { start: '2026-03-02', orders: 0, revenue: 0, tax: 0 },
        { start: '2026-03-03', orders: 0, revenue: 0, tax: 0 },
        { start: '2026-03-04', orders: 1, revenue: 2700, tax: 0 },
        { start: '2026-03-05', orders: 0, revenue: 0, tax: 0 },
        { start: '2026-03-06', orders: 0, revenue: 0, tax: 0 },
      ],
    });
  });

  it('groups by ISO week (Monday) and by month', async () => {
    const weeks = (
      await get('/api/v1/admin/analytics/sales?interval=week&from=2026-02-16&to=2026-03-10')
    ).json().data;
    expect(weeks.buckets).toEqual([
      { start: '2026-02-16', orders: 1, revenue: 2000, tax: 0 },
      { start: '2026-02-23', orders: 2, revenue: 6000, tax: 0 },
      { start: '2026-03-02', orders: 1, revenue: 2700, tax: 0 },
      { start: '2026-03-09', orders: 1, revenue: 400, tax: 0 },
    ]);
    const months = (
      await get('/api/v1/admin/analytics/sales?interval=month&from=2026-01-01&to=2026-03-31')
    ).json().data;
    expect(months.buckets).toEqual([
      { start: '2026-01-01', orders: 0, revenue: 0, tax: 0 },
      { start: '2026-02-01', orders: 1, revenue: 2000, tax: 0 },
      { start: '2026-03-01', orders: 4, revenue: 9100, tax: 0 },
    ]);
  });
});

describe('revenue with and without tax', () => {
  it('reports the tax in the revenue, revenue without it, and tax by name and rate', async () => {
    const rate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/tax-rates',
      headers: admin.headers,
      payload: { name: 'GST', country: 'IN', rate: 1000 },
    });
    expect(rate.statusCode).toBe(201);
    // May 2026, apart from the ranges above: 2 × lamp (5,000 + 500 tax) and 1 × pen (200 + 20 tax).
    await order([[lamp, 2]], '2026-05-04');
    await order([[pen, 1]], '2026-05-05');
    const res = await get('/api/v1/admin/analytics/summary?from=2026-05-01&to=2026-05-31');
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      orders: 2,
      revenue: 5720,
      tax: 520,
      revenueExcludingTax: 5200,
      taxLines: [{ name: 'GST', rate: 1000, amount: 520 }],
    });
    const days = await get('/api/v1/admin/analytics/sales?interval=day&from=2026-05-04&to=2026-05-05');
    expect(days.json().data.buckets).toEqual([
      { start: '2026-05-04', orders: 1, revenue: 5500, tax: 500 },
      { start: '2026-05-05', orders: 1, revenue: 220, tax: 20 },
    ]);
  });
});

describe('GET /admin/analytics/top-products', () => {
  it('ranks by units or by revenue, counting only sales', async () => {
    const byUnits = await get(
      '/api/v1/admin/analytics/top-products?from=2026-03-01&to=2026-03-10&sortBy=units',
    );
    expect(byUnits.json().data).toEqual([
      { productId: pen.productId, name: 'Pen', units: 8, revenue: 1600 },
      { productId: lamp.productId, name: 'Desk Lamp', units: 3, revenue: 7500 },
    ]);
    const byRevenue = await get(
      '/api/v1/admin/analytics/top-products?from=2026-03-01&to=2026-03-10&sortBy=revenue&limit=1',
    );
    expect(byRevenue.json().data).toEqual([
      { productId: lamp.productId, name: 'Desk Lamp', units: 3, revenue: 7500 },
    ]);
  });
});

describe('GET /admin/analytics/recent-orders', () => {
  it('lists the latest orders of any status, newest first', async () => {
    const res = await get('/api/v1/admin/analytics/recent-orders?limit=2');
    const data = res.json().data;
    expect(data).toHaveLength(2);
    expect(data[0].createdAt >= data[1].createdAt).toBe(true);
    expect(data[0]).toEqual(
      expect.objectContaining({
        orderNumber: expect.stringMatching(/^BZ-/),
        currency: 'USD',
        total: expect.any(Number),
      }),
    );
  });
});

describe('analytics access and bad input', () => {
  it('is for admins only', async () => {
    expect((await get('/api/v1/admin/analytics/summary', customer)).statusCode).toBe(403);
    expect((await get('/api/v1/admin/analytics/summary', null)).statusCode).toBe(401);
  });

  it.each([
    '/api/v1/admin/analytics/summary?from=2026-03-10&to=2026-03-01',
    '/api/v1/admin/analytics/summary?from=2026-13-01',
    '/api/v1/admin/analytics/summary?currency=dollars',
    '/api/v1/admin/analytics/sales?interval=hour',
    '/api/v1/admin/analytics/sales?from=2000-01-01&to=2026-01-01',
    '/api/v1/admin/analytics/top-products?limit=0',
    '/api/v1/admin/analytics/recent-orders?limit=1000',
  ])('%s → 400', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().success).toBe(false);
  });
});
