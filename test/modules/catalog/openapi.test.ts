import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, tokens } from './fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const catalogPaths = [
  '/api/v1/categories',
  '/api/v1/brands',
  '/api/v1/tags',
  '/api/v1/products',
  '/api/v1/products/{idOrSlug}',
  '/api/v1/products/{id}/variants',
  '/api/v1/products/{idOrSlug}/variants/{variantId}',
  '/api/v1/products/{id}/images',
  '/api/v1/products/{id}/images/{imageId}',
  '/api/v1/admin/inventory/adjustments',
  '/api/v1/admin/inventory/movements',
  '/api/v1/admin/inventory/low-stock',
  '/api/v1/admin/products/import',
  '/api/v1/admin/products/export',
];

describe('catalog in the OpenAPI document', () => {
  it('describes every catalog and inventory route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of catalogPaths) expect(Object.keys(doc.paths), path).toContain(path);
    const list = doc.paths['/api/v1/products'].get;
    expect(list.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining([
        'searchTerm',
        'category',
        'brand',
        'tag',
        'minPrice',
        'maxPrice',
        'minRating',
        'inStock',
        'sortBy',
        'sortOrder',
        'page',
        'limit',
      ]),
    );
  });

  it('every write route answers 401 to anonymous and 403 to customers', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const customer = (await tokens(t)).customer;
    const id = '00000000-0000-4000-8000-000000000000';
    for (const path of catalogPaths) {
      for (const [method, op] of Object.entries<any>(doc.paths[path])) {
        if (!op.security?.length) continue;
        const url = path.replace(/\{[^}]+\}/g, id);
        const anon = await t.app.inject({ method: method.toUpperCase() as any, url });
        expect(anon.statusCode, `${method} ${path}`).toBe(401);
        const res = await t.app.inject({
          method: method.toUpperCase() as any,
          url,
          headers: bearer(customer),
        });
        expect(res.statusCode, `${method} ${path}`).toBe(403);
      }
    }
  });
});
