import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createUser } from '../../helpers/auth';
import { product, shopper } from '../orders/fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: false });
});
afterAll(async () => {
  await t.close();
});

describe('guest cart on sign-in', () => {
  it('merges into the account cart when login carries X-Cart-Token (quantities add, capped by stock)', async () => {
    const admin = await shopper(t, 'ADMIN');
    const mug = await product(t, admin, { name: 'Mug', price: 900, stock: 5 });
    const user = await createUser(t);
    const auth = { authorization: `Bearer ${user.accessToken}` };

    // The account already holds 3 mugs.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: auth,
      payload: { variantId: mug.variantId, quantity: 3 },
    });
    // As a guest, 4 more.
    const guest = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      payload: { variantId: mug.variantId, quantity: 4 },
    });
    const cartToken = guest.headers['x-cart-token'] as string;
    expect(cartToken).toBeTruthy();

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-cart-token': cartToken },
      payload: { email: user.email, password: user.password },
      remoteAddress: '10.20.30.40',
    });
    expect(login.statusCode).toBe(200);
    const cart = (await t.app.inject({ method: 'GET', url: '/api/v1/cart', headers: auth })).json().data;
    expect(cart.items).toEqual([expect.objectContaining({ variantId: mug.variantId, quantity: 5 })]);

    // The guest cart is gone: its token no longer carries the mugs.
    const after = (
      await t.app.inject({ method: 'GET', url: '/api/v1/cart', headers: { 'x-cart-token': cartToken } })
    ).json().data;
    expect(after.items).toEqual([]);
  });

  it('ignores an unknown or malformed cart token at sign-in (still 200, account cart untouched)', async () => {
    const user = await createUser(t);
    for (const token of ['not-a-real-token', 'x'.repeat(300)]) {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-cart-token': token },
        payload: { email: user.email, password: user.password },
        remoteAddress: '10.20.30.41',
      });
      expect(login.statusCode).toBe(200);
    }
    const cart = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/cart',
        headers: { authorization: `Bearer ${user.accessToken}` },
      })
    ).json().data;
    expect(cart.items).toEqual([]);
  });
});
