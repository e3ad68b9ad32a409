import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { bearer, tokens, uniqueSku, type Tokens } from '../modules/catalog/fixtures';

// Input rules every route shares, exercised through the real application.
let t: TestApp;
let who: Tokens;
const missingId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp();
  who = await tokens(t);
});
afterAll(async () => {
  await t.close();
});

const count = async (table: string) =>
  Number((await t.ctx.database.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);

function expectValidationError(res: { statusCode: number; json(): any }, path?: string) {
  expect(res.statusCode).toBe(400);
  const body = res.json();
  expect(body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
  if (path !== undefined) expect(body.error.details.map((d: { path: string }) => d.path)).toContain(path);
}

describe('NUL characters', () => {
  it('are refused in the query of an anonymous search (was a 500)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/products?searchTerm=a%00b' });
    expectValidationError(res, 'searchTerm');
    expect(res.json().error.details[0].message).toMatch(/NUL/);
  });

  it('are refused in path parameters', async () => {
    expectValidationError(await t.app.inject({ method: 'GET', url: '/api/v1/products/a%00b' }), 'idOrSlug');
    expectValidationError(await t.app.inject({ method: 'GET', url: '/api/v1/brands/x%00' }), 'idOrSlug');
  });

  it('are refused in body values and keys, and nothing is written', async () => {
    const before = await count('brands');
    const headers = bearer(who.admin);
    const value = await t.app.inject({
      method: 'POST',
      url: '/api/v1/brands',
      headers,
      payload: { name: 'Ac\u0000me' },
    });
    expectValidationError(value, 'name');
    const nested = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers,
      payload: {
        name: 'Lamp',
        variants: [{ sku: uniqueSku(), price: 1000, options: { 'co\u0000lor': 'red' } }],
      },
    });
    expectValidationError(nested, 'variants.0.options.co\u0000lor');
    expect(await count('brands')).toBe(before);
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'nul@example.com', password: 'correct horse battery staple', name: 'Eve\u0000' },
    });
    expectValidationError(registered, 'name');
    const users = await t.ctx.database.pool.query("SELECT 1 FROM users WHERE email = 'nul@example.com'");
    expect(users.rowCount).toBe(0);
  });

  it('still lets anonymous callers of protected routes hear 401 first', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/brands', payload: { name: '\u0000' } });
    expect(res.statusCode).toBe(401);
  });
});

describe('authentication comes before validation', () => {
  it('every bearer-only operation answers an anonymous caller with bad input 401, not 400', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    let checked = 0;
    for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(operations)) {
        const security: object[] | undefined = op.security;
        // Optional auth (guest carts) lists `{}` beside the bearer scheme.
        if (!security?.length || security.some((s) => Object.keys(s).length === 0)) continue;
        const url = `${path.replace(/\{[^}]+\}/g, 'not-a-uuid')}?page=0&limit=x`;
        const withBody = ['post', 'put', 'patch'].includes(method);
        const res = await t.app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          ...(withBody ? { payload: { unexpected: '\u0000' } } : {}),
        });
        expect(res.statusCode, `${method.toUpperCase()} ${path}`).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHENTICATED');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('empty PATCH bodies', () => {
  it('are a 400 VALIDATION_ERROR on every PATCH route, never a 500 or a silent no-op', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const patchPaths = Object.keys(doc.paths).filter((path) => doc.paths[path].patch);
    expect(patchPaths.length).toBeGreaterThan(10);
    for (const path of patchPaths) {
      const url = path.replace(/\{[^}]+\}/g, missingId);
      const res = await t.app.inject({ method: 'PATCH', url, headers: bearer(who.admin), payload: {} });
      expect(res.statusCode, `PATCH ${path}`).toBe(400);
      expect(res.json().error.code, `PATCH ${path}`).toBe('VALIDATION_ERROR');
    }
  });

  it('leave an existing brand untouched', async () => {
    const headers = bearer(who.admin);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/brands',
      headers,
      payload: { name: 'Zeta' },
    });
    const brand = created.json().data;
    for (const path of ['brands', 'tags']) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/${path}/${brand.id}`,
        headers,
        payload: {},
      });
      expectValidationError(res, '');
    }
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/brands/${brand.id}` });
    expect(after.json().data).toEqual(brand);
  });
});

describe('number bounds are what the database holds', () => {
  it('refuses a coupon value above 2,147,483,647 at validation', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/coupons',
      headers: bearer(who.admin),
      payload: { code: 'HUGE', type: 'FIXED', value: 3_000_000_000 },
    });
    expectValidationError(res, 'value');
    expect(res.json().message).not.toMatch(/out of range/);
  });

  it('accepts the largest integer price and refuses one more', async () => {
    const headers = bearer(who.admin);
    const max = 2_147_483_647;
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers,
      payload: { name: 'Yacht', variants: [{ sku: uniqueSku(), price: max }] },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().data.variants[0].price).toBe(max);
    const over = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers,
      payload: { name: 'Yacht 2', variants: [{ sku: uniqueSku(), price: max + 1 }] },
    });
    expectValidationError(over, 'variants.0.price');
    const filter = await t.app.inject({ method: 'GET', url: `/api/v1/products?minPrice=${max + 1}` });
    expectValidationError(filter, 'minPrice');
  });
});
