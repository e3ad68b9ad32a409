import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createProduct, simpleProduct, tokens, uniqueSku, type Tokens } from './fixtures';

let t: TestApp;
let k: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  k = await tokens(t);
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, token?: string) =>
  t.app.inject({ method: 'GET', url, ...(token ? { headers: bearer(token) } : {}) });

describe('products with options and variants', () => {
  it('creates a product with Size × Color variants, slug, stock movements and price range', async () => {
    const product = await createProduct(t, k.admin, {
      name: 'Classic Tée Shirt',
      description: 'Soft cotton',
      currency: 'INR',
      tags: ['Summer', 'cotton'],
      options: [
        { name: 'Size', values: ['S', 'M'] },
        { name: 'Color', values: ['Red', 'Blue'] },
      ],
      variants: [
        {
          sku: 'TEE-S-RED',
          price: 129900,
          compareAtPrice: 149900,
          stock: 3,
          options: { Size: 'S', Color: 'Red' },
        },
        { sku: 'TEE-M-RED', price: 139900, stock: 0, options: { Size: 'M', Color: 'Red' } },
        {
          sku: 'TEE-S-BLUE',
          price: 129900,
          stock: 7,
          lowStockThreshold: 2,
          options: { Size: 'S', Color: 'Blue' },
        },
      ],
    });
    expect(product).toMatchObject({
      slug: 'classic-tee-shirt',
      name: 'Classic Tée Shirt',
      currency: 'INR',
      status: 'ACTIVE',
      priceMin: 129900,
      priceMax: 139900,
      inStock: true,
      rating: { average: 0, count: 0 },
      options: [
        { name: 'Size', values: ['S', 'M'] },
        { name: 'Color', values: ['Red', 'Blue'] },
      ],
    });
    expect(product.tags.map((tag: any) => tag.slug).sort()).toEqual(['cotton', 'summer']);
    expect(product.variants).toHaveLength(3);
    expect(product.variants[0]).toMatchObject({
      sku: 'TEE-S-RED',
      price: 129900,
      compareAtPrice: 149900,
      currency: 'INR',
      stock: 3,
      inStock: true,
      lowStockThreshold: 5,
      active: true,
      options: { Size: 'S', Color: 'Red' },
    });
    expect(product.variants[1]).toMatchObject({ inStock: false, compareAtPrice: null });

    const { rows } = await t.ctx.database.pool.query(
      `SELECT v.sku, m.delta, m.reason, m.actor_id FROM stock_movements m JOIN variants v ON v.id = m.variant_id
       WHERE v.product_id = $1 ORDER BY v.sku`,
      [product.id],
    );
    expect(rows).toEqual([
      { sku: 'TEE-S-BLUE', delta: 7, reason: 'INITIAL', actor_id: k.adminId },
      { sku: 'TEE-S-RED', delta: 3, reason: 'INITIAL', actor_id: k.adminId },
    ]);

    // Customers see it by slug and by id, without admin-only fields.
    const bySlug = await get('/api/v1/products/classic-tee-shirt');
    expect(bySlug.statusCode).toBe(200);
    expect(bySlug.json().data.id).toBe(product.id);
    expect(bySlug.json().data.variants[0].lowStockThreshold).toBeUndefined();
    expect((await get(`/api/v1/products/${product.id}`)).json().data.slug).toBe('classic-tee-shirt');
  });

  it('gives a product without options exactly one default variant, and generates unique slugs', async () => {
    const a = await createProduct(t, k.admin, simpleProduct('Plain Mug'));
    const b = await createProduct(t, k.admin, simpleProduct('Plain Mug'));
    expect(a.slug).toBe('plain-mug');
    expect(b.slug).toBe('plain-mug-2');
    expect(a.variants).toHaveLength(1);
    expect(a.variants[0].options).toEqual({});
    expect(a.currency).toBe(t.config.DEFAULT_CURRENCY);

    const two = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: bearer(k.admin),
      payload: {
        name: 'Two',
        variants: [
          { sku: uniqueSku(), price: 1 },
          { sku: uniqueSku(), price: 2 },
        ],
      },
    });
    expect(two.statusCode).toBe(400);

    const addSecond = await t.app.inject({
      method: 'POST',
      url: `/api/v1/products/${a.id}/variants`,
      headers: bearer(k.admin),
      payload: { sku: uniqueSku(), price: 5 },
    });
    expect(addSecond.statusCode).toBe(409);
    expect(addSecond.json().error.code).toBe('SINGLE_VARIANT_PRODUCT');
  });

  it('rejects bad input with 400 and duplicates with 409', async () => {
    const post = (payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: bearer(k.admin),
        payload: payload as object,
      });
    const sku = uniqueSku();
    for (const variant of [
      { sku, price: -1 },
      { sku, price: 10.5 },
      { sku, price: '10' },
      { sku, price: 10, stock: -3 },
      { sku, price: 10, role: 'ADMIN' },
    ]) {
      const res = await post({ name: 'Bad', variants: [variant] });
      expect(res.statusCode, JSON.stringify(variant)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    expect((await post({ name: 'Bad', variants: [] })).statusCode).toBe(400);
    const unknown = await post({ name: 'Bad', price: 5, variants: [{ sku, price: 1 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([{ path: 'price', message: 'Unknown field' }]);
    // option values must match the product's options
    const badOption = await post({
      name: 'Opt',
      options: [{ name: 'Size', values: ['S'] }],
      variants: [{ sku, price: 1, options: { Size: 'XL' } }],
    });
    expect(badOption.statusCode).toBe(400);
    expect(
      (
        await post({
          name: 'X',
          categoryId: '00000000-0000-4000-8000-000000000000',
          variants: [{ sku, price: 1 }],
        })
      ).statusCode,
    ).toBe(400);

    await createProduct(t, k.admin, {
      name: 'Dup',
      slug: 'dup-slug',
      variants: [{ sku: 'DUP-SKU-1', price: 1 }],
    });
    const dupSku = await post({ name: 'Dup 2', variants: [{ sku: 'DUP-SKU-1', price: 1 }] });
    expect(dupSku.statusCode).toBe(409);
    expect(dupSku.json().error.code).toBe('SKU_TAKEN');
    const dupSlug = await post({
      name: 'Dup 3',
      slug: 'dup-slug',
      variants: [{ sku: uniqueSku(), price: 1 }],
    });
    expect(dupSlug.statusCode).toBe(409);
    expect(dupSlug.json().error.code).toBe('SLUG_TAKEN');
    // nothing was written by the failed attempts
    const { rows } = await t.ctx.database.pool.query(
      `SELECT count(*)::int AS n FROM products WHERE name LIKE 'Dup%'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('admin writes need an admin: 401 anonymous, 403 customer', async () => {
    const body = simpleProduct('Guarded');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/products', payload: body })).statusCode).toBe(
      401,
    );
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/products',
          headers: bearer(k.customer),
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('updates, archives (404 for customers, visible to admins) and manages variants', async () => {
    const product = await createProduct(t, k.admin, {
      name: 'Sneaker',
      options: [{ name: 'Size', values: ['40', '41', '42'] }],
      variants: [
        { sku: uniqueSku('SN'), price: 5000, stock: 2, options: { Size: '40' } },
        { sku: uniqueSku('SN'), price: 5500, stock: 2, options: { Size: '41' } },
      ],
    });
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      headers: bearer(k.admin),
      payload: { name: 'Sneaker Pro', description: 'Fast' },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().data).toMatchObject({ name: 'Sneaker Pro', slug: 'sneaker', description: 'Fast' });

    const added = await t.app.inject({
      method: 'POST',
      url: `/api/v1/products/${product.id}/variants`,
      headers: bearer(k.admin),
      payload: { sku: uniqueSku('SN'), price: 4000, stock: 1, options: { Size: '42' } },
    });
    expect(added.statusCode).toBe(201);
    const variantId = added.json().data.id;
    expect((await get(`/api/v1/products/${product.id}`)).json().data.priceMin).toBe(4000);

    const dupCombo = await t.app.inject({
      method: 'POST',
      url: `/api/v1/products/${product.id}/variants`,
      headers: bearer(k.admin),
      payload: { sku: uniqueSku('SN'), price: 4000, options: { Size: '42' } },
    });
    expect(dupCombo.statusCode).toBe(409);

    const priced = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}/variants/${variantId}`,
      headers: bearer(k.admin),
      payload: { price: 6000 },
    });
    expect(priced.statusCode).toBe(200);
    expect(priced.json().data.price).toBe(6000);
    expect((await get(`/api/v1/products/${product.id}`)).json().data).toMatchObject({
      priceMin: 5000,
      priceMax: 6000,
    });

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/products/${product.id}/variants/${variantId}`,
      headers: bearer(k.admin),
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().data.active).toBe(false);
    expect((await get(`/api/v1/products/${product.id}/variants/${variantId}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/products/${product.id}/variants/${variantId}`, k.admin)).statusCode).toBe(200);
    const customerView = (await get(`/api/v1/products/${product.id}`)).json().data;
    expect(customerView.variants.map((v: any) => v.id)).not.toContain(variantId);
    expect(customerView.priceMax).toBe(5500);

    const archived = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/products/${product.id}`,
      headers: bearer(k.admin),
    });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().data.status).toBe('ARCHIVED');
    expect((await get(`/api/v1/products/${product.id}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/products/sneaker`)).statusCode).toBe(404);
    expect((await get(`/api/v1/products/${product.id}`, k.customer)).statusCode).toBe(404);
    const adminView = await get(`/api/v1/products/${product.id}`, k.admin);
    expect(adminView.statusCode).toBe(200);
    expect(adminView.json().data.variants).toHaveLength(3);
    const listed = (await get('/api/v1/products?limit=100')).json().data.map((p: any) => p.id);
    expect(listed).not.toContain(product.id);
    expect((await get('/api/v1/products?limit=100', k.admin)).json().data.map((p: any) => p.id)).toContain(
      product.id,
    );
    // the variant rows are still there for order history
    const { rows } = await t.ctx.database.pool.query(
      'SELECT count(*)::int AS n FROM variants WHERE product_id = $1',
      [product.id],
    );
    expect(rows[0].n).toBe(3);
  });

  it('answers 404 for unknown products and variants', async () => {
    expect((await get('/api/v1/products/no-such-product')).statusCode).toBe(404);
    expect((await get('/api/v1/products/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/products/00000000-0000-4000-8000-000000000000',
      headers: bearer(k.admin),
      payload: { name: 'x' },
    });
    expect(res.statusCode).toBe(404);
  });
});
