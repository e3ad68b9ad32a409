import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeGuestCart } from '../../../src/modules/cart/service';
import { createTestApp, type TestApp } from '../../helpers/app';
import { signAccessToken } from '../../../src/platform/security';
import { bearer, createProduct, uniqueSku } from '../catalog/fixtures';
import { product, shopper, type Shopper } from '../orders/fixtures';

let t: TestApp;
let admin: Shopper;
let alice: Shopper;
let bob: Shopper;
let mug: Awaited<ReturnType<typeof product>>;
let tee: Awaited<ReturnType<typeof product>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await shopper(t, 'ADMIN');
  alice = await shopper(t);
  bob = await shopper(t);
  mug = await product(t, admin, { name: 'Blue Mug', price: 1250, stock: 5 });
  tee = await product(t, admin, { name: 'Alpha Tee', price: 900, stock: 20 });
});
afterAll(async () => {
  await t.close();
});

const cartReq = (
  who: Shopper | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  token?: string,
) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...(who ? who.headers : {}), ...(token ? { 'x-cart-token': token } : {}) },
    ...(payload ? { payload } : {}),
  });

describe('signed-in cart', () => {
  it('is created empty, adds lines, increments an existing line, and shows current prices and totals', async () => {
    const empty = await cartReq(alice, 'GET', '/cart');
    expect(empty.statusCode).toBe(200);
    expect(empty.json().data).toMatchObject({
      items: [],
      subtotal: 0,
      discount: 0,
      total: 0,
      coupon: null,
      cartToken: null,
    });
    expect(empty.json().data.id).toEqual(expect.any(String));

    const first = await cartReq(alice, 'POST', '/cart/items', { variantId: mug.variantId, quantity: 2 });
    expect(first.statusCode).toBe(201);
    const again = await cartReq(alice, 'POST', '/cart/items', { variantId: mug.variantId, quantity: 1 });
    expect(again.statusCode).toBe(200);
    const byProduct = await cartReq(alice, 'POST', '/cart/items', { productId: tee.productId, quantity: 2 });
    expect(byProduct.statusCode).toBe(201);
    const cart = byProduct.json().data;
    expect(cart.items).toHaveLength(2);
    expect(cart.items.find((i: any) => i.variantId === mug.variantId)).toMatchObject({
      productId: mug.productId,
      name: 'Blue Mug',
      sku: mug.sku,
      unitPrice: 1250,
      quantity: 3,
      lineTotal: 3750,
      availableStock: 5,
      image: null,
    });
    expect(cart).toMatchObject({
      subtotal: 3750 + 1800,
      discount: 0,
      total: 5550,
      itemCount: 5,
      currency: 'USD',
    });
    const { rows } = await t.ctx.database.pool.query(
      'SELECT count(*)::int AS n FROM carts WHERE user_id = $1',
      [alice.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('reflects a price change immediately', async () => {
    await t.ctx.database.pool.query('UPDATE variants SET price = 1300 WHERE id = $1', [mug.variantId]);
    const cart = (await cartReq(alice, 'GET', '/cart')).json().data;
    expect(cart.items.find((i: any) => i.variantId === mug.variantId)).toMatchObject({
      unitPrice: 1300,
      lineTotal: 3900,
    });
    await t.ctx.database.pool.query('UPDATE variants SET price = 1250 WHERE id = $1', [mug.variantId]);
  });

  it('refuses quantities beyond stock (409) and bad quantities (400), changing nothing', async () => {
    const over = await cartReq(alice, 'POST', '/cart/items', { variantId: mug.variantId, quantity: 3 }); // 3 + 3 > 5
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('OUT_OF_STOCK');
    for (const quantity of [0, -1, 1.5, 1001, '2']) {
      const res = await cartReq(alice, 'POST', '/cart/items', { variantId: mug.variantId, quantity });
      expect(res.statusCode, String(quantity)).toBe(400);
    }
    expect(
      (await cartReq(alice, 'POST', '/cart/items', { variantId: mug.variantId, quantity: 1, price: 1 }))
        .statusCode,
    ).toBe(400);
    expect((await cartReq(alice, 'POST', '/cart/items', { quantity: 1 })).statusCode).toBe(400);
    expect(
      (
        await cartReq(alice, 'POST', '/cart/items', {
          variantId: '00000000-0000-4000-8000-000000000000',
          quantity: 1,
        })
      ).statusCode,
    ).toBe(404);
    const cart = (await cartReq(alice, 'GET', '/cart')).json().data;
    expect(cart.items.find((i: any) => i.variantId === mug.variantId).quantity).toBe(3);
  });

  it('refuses a product with several variants by productId (400 VARIANT_REQUIRED) and hides archived products (404)', async () => {
    const multi = await createProduct(t, admin.token, {
      name: 'Sized Sock',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: uniqueSku('SOCK'), price: 300, stock: 5, options: { Size: 'S' } },
        { sku: uniqueSku('SOCK'), price: 300, stock: 5, options: { Size: 'M' } },
      ],
    });
    const res = await cartReq(alice, 'POST', '/cart/items', { productId: multi.id, quantity: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VARIANT_REQUIRED');
    const gone = await product(t, admin, { name: 'Old Thing' });
    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/products/${gone.productId}`,
      headers: admin.headers,
    });
    expect(
      (await cartReq(alice, 'POST', '/cart/items', { variantId: gone.variantId, quantity: 1 })).statusCode,
    ).toBe(404);
  });

  it('updates a quantity, removes with 0, deletes a line, and 404s on another user line', async () => {
    const cart = (await cartReq(alice, 'GET', '/cart')).json().data;
    const mugLine = cart.items.find((i: any) => i.variantId === mug.variantId);
    const teeLine = cart.items.find((i: any) => i.variantId === tee.variantId);

    const set = await cartReq(alice, 'PATCH', `/cart/items/${mugLine.id}`, { quantity: 5 });
    expect(set.statusCode).toBe(200);
    expect(set.json().data.items.find((i: any) => i.id === mugLine.id).quantity).toBe(5);
    const tooMany = await cartReq(alice, 'PATCH', `/cart/items/${mugLine.id}`, { quantity: 6 });
    expect(tooMany.statusCode).toBe(409);
    expect((await cartReq(alice, 'PATCH', `/cart/items/${mugLine.id}`, { quantity: 2.5 })).statusCode).toBe(
      400,
    );
    expect(
      (await cartReq(alice, 'PATCH', `/cart/items/${mugLine.id}`, { quantity: 1, unitPrice: 1 })).statusCode,
    ).toBe(400);

    // Bob cannot see or touch Alice's lines.
    await cartReq(bob, 'POST', '/cart/items', { variantId: tee.variantId, quantity: 1 });
    expect((await cartReq(bob, 'PATCH', `/cart/items/${mugLine.id}`, { quantity: 1 })).statusCode).toBe(404);
    expect((await cartReq(bob, 'DELETE', `/cart/items/${mugLine.id}`)).statusCode).toBe(404);
    expect((await cartReq(null, 'DELETE', `/cart/items/${mugLine.id}`)).statusCode).toBe(404);

    const removed = await cartReq(alice, 'PATCH', `/cart/items/${teeLine.id}`, { quantity: 0 });
    expect(removed.json().data.items.map((i: any) => i.id)).toEqual([mugLine.id]);
    const deleted = await cartReq(alice, 'DELETE', `/cart/items/${mugLine.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().data.items).toEqual([]);
    expect((await cartReq(alice, 'DELETE', `/cart/items/${mugLine.id}`)).statusCode).toBe(404);
  });

  it('lists items with search, sort and pagination', async () => {
    await cartReq(alice, 'POST', '/cart/items', { variantId: mug.variantId, quantity: 1 });
    await cartReq(alice, 'POST', '/cart/items', { variantId: tee.variantId, quantity: 4 });
    const byName = await cartReq(alice, 'GET', '/cart/items?sortBy=name&sortOrder=asc');
    expect(byName.statusCode).toBe(200);
    expect(byName.json().data.map((i: any) => i.name)).toEqual(['Alpha Tee', 'Blue Mug']);
    expect(byName.json().meta).toEqual({ page: 1, limit: 20, total: 2, totalPages: 1 });
    const byPrice = await cartReq(alice, 'GET', '/cart/items?sortBy=price&sortOrder=desc&limit=1&page=2');
    expect(byPrice.json().data.map((i: any) => i.name)).toEqual(['Alpha Tee']);
    expect(byPrice.json().meta).toEqual({ page: 2, limit: 1, total: 2, totalPages: 2 });
    const search = await cartReq(alice, 'GET', '/cart/items?searchTerm=mug');
    expect(search.json().data.map((i: any) => i.name)).toEqual(['Blue Mug']);
    expect((await cartReq(alice, 'GET', '/cart/items?sortBy=secret')).statusCode).toBe(400);
    expect((await cartReq(alice, 'GET', '/cart/items?limit=101')).statusCode).toBe(400);
  });

  it('answers 401 to a valid token whose account does not exist', async () => {
    const ghost = await signAccessToken(t.config, {
      id: '00000000-0000-4000-8000-00000000dead',
      role: 'CUSTOMER',
    });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/cart', headers: bearer(ghost) });
    expect(res.statusCode).toBe(401);
  });

  it('clears the cart', async () => {
    const res = await cartReq(alice, 'DELETE', '/cart');
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ items: [], subtotal: 0, total: 0 });
  });
});

describe('guest cart', () => {
  it('gets a token on first add (header and body), uses it, and merges into the user cart on login', async () => {
    const anonymous = await cartReq(null, 'GET', '/cart');
    expect(anonymous.json().data).toMatchObject({ id: null, cartToken: null, items: [] });

    const added = await cartReq(null, 'POST', '/cart/items', { variantId: mug.variantId, quantity: 4 });
    expect(added.statusCode).toBe(201);
    const token = added.json().data.cartToken;
    expect(token).toEqual(expect.any(String));
    expect(added.headers['x-cart-token']).toBe(token);
    const more = await cartReq(null, 'POST', '/cart/items', { variantId: tee.variantId, quantity: 1 }, token);
    expect(more.json().data.items).toHaveLength(2);
    expect(more.json().data.cartToken).toBe(token);
    // A stranger without the token sees nothing; a wrong token is just an empty cart.
    expect((await cartReq(null, 'GET', '/cart', undefined, 'x'.repeat(32))).json().data.items).toEqual([]);

    // Bob already has 1 tee; after login the guest cart merges: tee 1 + 1, mug 4 (capped by stock 5).
    await cartReq(bob, 'POST', '/cart/items', { variantId: mug.variantId, quantity: 3 });
    expect(await mergeGuestCart(t.ctx, bob.id, token)).toBe(2);
    const merged = (await cartReq(bob, 'GET', '/cart')).json().data;
    expect(merged.items.find((i: any) => i.variantId === mug.variantId).quantity).toBe(5);
    expect(merged.items.find((i: any) => i.variantId === tee.variantId).quantity).toBe(2);
    expect(merged.cartToken).toBeNull();
    // The guest cart is gone; merging again is a no-op.
    expect(await mergeGuestCart(t.ctx, bob.id, token)).toBe(0);
    expect((await cartReq(null, 'GET', '/cart', undefined, token)).json().data.items).toEqual([]);
  });

  it('merges automatically when a signed-in request carries the guest token', async () => {
    const carol = await shopper(t);
    const added = await cartReq(null, 'POST', '/cart/items', { variantId: tee.variantId, quantity: 2 });
    const token = added.json().data.cartToken;
    const cart = (await cartReq(carol, 'GET', '/cart', undefined, token)).json().data;
    expect(cart.items).toEqual([expect.objectContaining({ variantId: tee.variantId, quantity: 2 })]);
  });
});

describe('cart line image', () => {
  it("is the product's first image by position, with its thumbnails", async () => {
    const shopperWithImages = await shopper(t);
    const framed = await product(t, admin, { name: 'Framed Print', price: 3000, stock: 4 });
    const image = (stem: string, position: number) =>
      t.ctx.database.pool.query<{ id: string }>(
        `INSERT INTO product_images (product_id, original_key, small_key, medium_key, content_type, position)
         VALUES ($1, $2 || '/original.jpg', $2 || '/small.webp', $2 || '/medium.webp', 'image/jpeg', $3)
         RETURNING id`,
        [framed.productId, `products/${framed.productId}/${stem}`, position],
      );
    await image('second', 2);
    const { rows } = await image('first', 1);
    const res = await cartReq(shopperWithImages, 'POST', '/cart/items', {
      variantId: framed.variantId,
      quantity: 1,
    });
    expect(res.statusCode).toBe(201);
    const line = res.json().data.items[0];
    expect(line.image.id).toBe(rows[0]!.id);
    expect(line.image.url).toMatch(/\/first\/original\.jpg$/);
    expect(line.image.thumbnails.small).toMatch(/\/first\/small\.webp$/);
    expect(line.image.thumbnails.medium).toMatch(/\/first\/medium\.webp$/);
  });
});
