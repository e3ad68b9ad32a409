import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { shopper, type Shopper } from '../orders/fixtures';
import { adminAction, deliveredOrder, priceLikeCheckout, requestReturn } from '../returns/fixtures';

let t: TestApp;
let admin: Shopper;

beforeAll(async () => {
  t = await createTestApp();
  admin = await shopper(t, 'ADMIN');
});
afterAll(async () => {
  await t.close();
});

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: admin.headers });
  expect(res.statusCode).toBe(200);
  return res.json().data;
};

describe('analytics net of refunded returns', () => {
  it('tax and top products drop the returned units once their return is refunded', async () => {
    const alice = await shopper(t);
    const { order, itemA, itemB } = await deliveredOrder(t, admin, alice);
    await priceLikeCheckout(t, order.id, itemA, itemB);
    const before = await get('/api/v1/admin/analytics/summary');
    expect(before).toMatchObject({ orders: 1, revenue: 4015, tax: 365 });
    const topBefore = await get('/api/v1/admin/analytics/top-products?sortBy=units');
    expect(
      topBefore.map((p: { name: string; units: number; revenue: number }) => [p.name, p.units, p.revenue]),
    ).toEqual([
      ['Alpha', 3, 3000],
      ['Beta', 1, 500],
    ]);

    const rma = (
      await requestReturn(t, alice, order.id, [{ orderItemId: itemA, quantity: 1, reason: 'DAMAGED' }])
    ).json().data;
    await adminAction(t, admin, rma.id, 'approve');
    // Approved but not refunded yet: nothing changes.
    expect(await get('/api/v1/admin/analytics/summary')).toMatchObject({ tax: 365 });
    expect((await adminAction(t, admin, rma.id, 'receive', { refundTo: 'ORIGINAL' })).statusCode).toBe(200);

    // One of three Alpha units: 990 refunded, a third of its 270 tax.
    const after = await get('/api/v1/admin/analytics/summary');
    expect(after).toMatchObject({ orders: 1, revenue: 4015 - 990, tax: 365 - 90 });
    expect(after.revenueExcludingTax).toBe(4015 - 990 - (365 - 90));
    const topAfter = await get('/api/v1/admin/analytics/top-products?sortBy=units');
    expect(
      topAfter.map((p: { name: string; units: number; revenue: number }) => [p.name, p.units, p.revenue]),
    ).toEqual([
      ['Alpha', 2, 2000],
      ['Beta', 1, 500],
    ]);
    const day = new Date().toISOString().slice(0, 10);
    const sales = await get(`/api/v1/admin/analytics/sales?interval=day&from=${day}&to=${day}`);
    expect(sales.buckets).toEqual([{ start: day, orders: 1, revenue: 4015 - 990, tax: 365 - 90 }]);

    // The rest of the order, shipping included: its tax is all given back.
    const rest = (
      await requestReturn(t, alice, order.id, [
        { orderItemId: itemA, quantity: 2, reason: 'DAMAGED' },
        { orderItemId: itemB, quantity: 1, reason: 'DAMAGED' },
      ])
    ).json().data;
    await adminAction(t, admin, rest.id, 'approve');
    await adminAction(t, admin, rest.id, 'receive', { refundTo: 'ORIGINAL' });
    expect(await get('/api/v1/admin/analytics/summary')).toMatchObject({ orders: 0, revenue: 0, tax: 0 });
  });
});
