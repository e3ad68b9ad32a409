import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { count, product, shopper, type Shopper } from '../orders/fixtures';

let t: TestApp;
let admin: Shopper;

beforeAll(async () => {
  t = await createTestApp();
  admin = await shopper(t, 'ADMIN');
});
afterAll(async () => {
  await t.close();
});

const add = (who: Shopper, variantId: string, quantity: number) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/cart/items',
    headers: who.headers,
    payload: { variantId, quantity },
  });

describe('add to cart under concurrency', () => {
  it('concurrent adds of one variant never push the line past stock, and every success is in the line', async () => {
    const mug = await product(t, admin, { stock: 5 });
    const buyer = await shopper(t);
    const answers = await Promise.all(Array.from({ length: 10 }, () => add(buyer, mug.variantId, 1)));
    const statuses = answers.map((a) => a.statusCode).sort();
    const ok = statuses.filter((s) => s === 200 || s === 201).length;
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(ok + statuses.filter((s) => s === 409).length).toBe(10);
    for (const a of answers.filter((x) => x.statusCode === 409))
      expect(a.json().error.code).toBe('OUT_OF_STOCK');
    const { rows } = await t.ctx.database.pool.query(
      `SELECT ci.quantity FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE c.user_id = $1`,
      [buyer.id],
    );
    expect(rows).toEqual([{ quantity: ok }]);
    expect(ok).toBe(5);
    expect(await count(t, 'SELECT 1 FROM carts WHERE user_id = $1', [buyer.id])).toBe(1);
  });

  it('a refused add writes no line, and a guest gets one cart and one token', async () => {
    const mug = await product(t, admin, { stock: 2 });
    const buyer = await shopper(t);
    const refused = await add(buyer, mug.variantId, 3);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('OUT_OF_STOCK');
    expect(
      await count(t, 'SELECT 1 FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE c.user_id = $1', [
        buyer.id,
      ]),
    ).toBe(0);
    const unknown = await add(buyer, '00000000-0000-4000-8000-000000000000', 1);
    expect(unknown.statusCode).toBe(404);

    const guest = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      payload: { variantId: mug.variantId, quantity: 1 },
    });
    expect(guest.statusCode).toBe(201);
    const token = guest.headers['x-cart-token'] as string;
    expect(guest.json().data).toMatchObject({ cartToken: token, itemCount: 1 });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: { 'x-cart-token': token },
      payload: { variantId: mug.variantId, quantity: 1 },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().data).toMatchObject({ cartToken: token, itemCount: 2 });
    const tooMany = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: { 'x-cart-token': token },
      payload: { variantId: mug.variantId, quantity: 1 },
    });
    expect(tooMany.statusCode).toBe(409);
  });
});
