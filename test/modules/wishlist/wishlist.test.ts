import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { product, shopper, type Shopper } from '../orders/fixtures';

let t: TestApp;
let admin: Shopper;

const api = (method: string, url: string, who: Shopper | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    headers: who ? who.headers : {},
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  t = await createTestApp({ work: false });
  admin = await shopper(t, 'ADMIN');
});
afterAll(async () => {
  await t.close();
});

describe('wishlist', () => {
  it('adds idempotently (201 then 200) and lists products with current price and stock', async () => {
    const me = await shopper(t);
    const boots = await product(t, admin, { name: 'Hiking Boots', price: 15000, stock: 3 });
    const socks = await product(t, admin, { name: 'Wool Socks', price: 1200, stock: 0 });

    expect((await api('POST', '/wishlist', me, { productId: boots.productId })).statusCode).toBe(201);
    expect((await api('POST', '/wishlist', me, { productId: socks.productId })).statusCode).toBe(201);
    const again = await api('POST', '/wishlist', me, { productId: boots.productId });
    expect(again.statusCode).toBe(200);
    expect(again.json().message).toBe('Already in wishlist');

    const list = (await api('GET', '/wishlist', me)).json();
    expect(list.meta).toEqual({ page: 1, limit: 20, total: 2, totalPages: 1 });
    expect(list.data).toEqual([
      expect.objectContaining({
        productId: socks.productId,
        product: expect.objectContaining({ name: 'Wool Socks', priceMin: 1200, inStock: false }),
      }),
      expect.objectContaining({
        productId: boots.productId,
        product: expect.objectContaining({
          name: 'Hiking Boots',
          priceMin: 15000,
          currency: 'USD',
          inStock: true,
        }),
      }),
    ]);
    const { rows } = await t.ctx.database.pool.query(
      'SELECT count(*)::int AS n FROM wishlist_items WHERE user_id = $1',
      [me.id],
    );
    expect(rows[0].n).toBe(2);
  });

  it('removes an item, and answers 404 for one that is not there', async () => {
    const me = await shopper(t);
    const lamp = await product(t, admin, { name: 'Lantern' });
    await api('POST', '/wishlist', me, { productId: lamp.productId });
    expect((await api('DELETE', `/wishlist/${lamp.productId}`, me)).statusCode).toBe(200);
    expect((await api('GET', '/wishlist', me)).json().data).toEqual([]);
    expect((await api('DELETE', `/wishlist/${lamp.productId}`, me)).statusCode).toBe(404);
  });

  it("keeps each user's wishlist private", async () => {
    const alice = await shopper(t);
    const bob = await shopper(t);
    const tent = await product(t, admin, { name: 'Tent' });
    await api('POST', '/wishlist', alice, { productId: tent.productId });
    expect((await api('GET', '/wishlist', bob)).json().data).toEqual([]);
    expect((await api('DELETE', `/wishlist/${tent.productId}`, bob)).statusCode).toBe(404);
    expect((await api('GET', '/wishlist', alice)).json().data).toHaveLength(1);
  });

  it('hides products archived after they were added', async () => {
    const me = await shopper(t);
    const old = await product(t, admin, { name: 'Old Model' });
    await api('POST', '/wishlist', me, { productId: old.productId });
    expect((await api('DELETE', `/products/${old.productId}`, admin)).statusCode).toBe(200);
    expect((await api('GET', '/wishlist', me)).json().data).toEqual([]);
    expect((await api('POST', '/wishlist', me, { productId: old.productId })).statusCode).toBe(404);
  });

  it('rejects anonymous callers, unknown products and bad input', async () => {
    const me = await shopper(t);
    expect((await api('GET', '/wishlist', null)).statusCode).toBe(401);
    expect((await api('POST', '/wishlist', me, { productId: randomUUID() })).statusCode).toBe(404);
    expect((await api('POST', '/wishlist', me, { productId: 'not-a-uuid' })).statusCode).toBe(400);
    expect((await api('POST', '/wishlist', me, { productId: randomUUID(), userId: me.id })).statusCode).toBe(
      400,
    );
    expect((await api('GET', '/wishlist?limit=1000', me)).statusCode).toBe(400);
  });
});
