import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { count, shopper, type Shopper } from '../orders/fixtures';

let t: TestApp;
let admin: Shopper;
let alice: Shopper;

beforeAll(async () => {
  t = await createTestApp();
  admin = await shopper(t, 'ADMIN');
  alice = await shopper(t);
});
afterAll(async () => {
  await t.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who = admin) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, ...(payload ? { payload } : {}) });

describe('shipping zones', () => {
  it('creates, reads, lists, updates and deletes a zone (countries and regions upper-cased)', async () => {
    const created = await call('POST', '/admin/shipping-zones', {
      name: 'Domestic',
      countries: ['in'],
      regions: ['us-ca'],
    });
    expect(created.statusCode).toBe(201);
    const zone = created.json().data;
    expect(zone).toMatchObject({ name: 'Domestic', countries: ['IN'], regions: ['US-CA'] });

    expect((await call('GET', `/admin/shipping-zones/${zone.id}`)).json().data).toEqual(zone);
    const list = await call('GET', '/admin/shipping-zones?limit=5');
    expect(list.json().meta).toMatchObject({ page: 1, limit: 5 });
    expect(list.json().data.map((z: { id: string }) => z.id)).toContain(zone.id);

    const renamed = await call('PATCH', `/admin/shipping-zones/${zone.id}`, { name: 'Home', regions: [] });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().data).toMatchObject({ name: 'Home', countries: ['IN'], regions: [] });
    expect(await count(t, 'SELECT 1 FROM shipping_zone_areas WHERE zone_id = $1', [zone.id])).toBe(1);

    expect((await call('DELETE', `/admin/shipping-zones/${zone.id}`)).statusCode).toBe(200);
    expect((await call('GET', `/admin/shipping-zones/${zone.id}`)).statusCode).toBe(404);
    expect(await count(t, 'SELECT 1 FROM shipping_zone_areas WHERE zone_id = $1', [zone.id])).toBe(0);
  });

  it('a country or region belongs to one zone only (409 SHIPPING_ZONE_OVERLAP), also concurrently', async () => {
    const first = await call('POST', '/admin/shipping-zones', { name: 'EU', countries: ['DE', 'FR'] });
    expect(first.statusCode).toBe(201);
    const clash = await call('POST', '/admin/shipping-zones', { name: 'Germany', countries: ['DE'] });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('SHIPPING_ZONE_OVERLAP');
    expect(clash.json().error.details).toEqual([{ path: 'countries', message: 'DE is in another zone' }]);
    // a region of a zoned country may have its own zone
    const bavaria = await call('POST', '/admin/shipping-zones', {
      name: 'Bavaria',
      countries: [],
      regions: ['DE-BY'],
    });
    expect(bavaria.statusCode).toBe(201);

    const racing = await Promise.all(
      [1, 2, 3].map((n) => call('POST', '/admin/shipping-zones', { name: `Race ${n}`, countries: ['JP'] })),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await count(t, "SELECT 1 FROM shipping_zone_areas WHERE code = 'JP'")).toBe(1);
  });

  it('rejects bad input with VALIDATION_ERROR details, unknown fields and empty zones', async () => {
    const bad = await call('POST', '/admin/shipping-zones', {
      name: 'X',
      countries: ['XX'],
      regions: ['CA'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_ERROR');
    const paths = bad.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['countries.0', 'regions.0']));
    expect((await call('POST', '/admin/shipping-zones', { name: 'X', countries: [] })).statusCode).toBe(400);
    expect(
      (await call('POST', '/admin/shipping-zones', { name: 'X', countries: ['IN'], price: 1 })).statusCode,
    ).toBe(400);
    expect((await call('GET', '/admin/shipping-zones/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('shipping methods', () => {
  let zoneId: string;
  beforeAll(async () => {
    zoneId = (await call('POST', '/admin/shipping-zones', { name: 'India', countries: ['IN'] })).json().data
      .id;
  });

  it('creates FLAT and WEIGHT methods, updates and deletes them', async () => {
    const flat = await call('POST', '/admin/shipping-methods', {
      zoneId,
      name: 'Standard',
      carrier: 'India Post',
      currency: 'INR',
      type: 'FLAT',
      price: 4900,
      freeOver: 99900,
      minDays: 3,
      maxDays: 5,
    });
    expect(flat.statusCode).toBe(201);
    expect(flat.json().data).toMatchObject({
      zoneId,
      type: 'FLAT',
      price: 4900,
      rates: null,
      freeOver: 99900,
      minDays: 3,
      maxDays: 5,
      active: true,
    });
    const weight = await call('POST', '/admin/shipping-methods', {
      zoneId,
      name: 'By weight',
      currency: 'INR',
      type: 'WEIGHT',
      rates: [
        { upToGrams: 1000, price: 5000 },
        { upToGrams: 5000, price: 12000 },
      ],
    });
    expect(weight.statusCode).toBe(201);
    const id = weight.json().data.id;

    const list = await call('GET', `/admin/shipping-methods?zoneId=${zoneId}`);
    expect(list.json().data.map((m: { name: string }) => m.name)).toEqual(['By weight', 'Standard']);

    // switching type drops the other type's price field
    const switched = await call('PATCH', `/admin/shipping-methods/${id}`, { type: 'FLAT', price: 100 });
    expect(switched.statusCode).toBe(200);
    expect(switched.json().data).toMatchObject({ type: 'FLAT', price: 100, rates: null });
    const deactivated = await call('PATCH', `/admin/shipping-methods/${id}`, { active: false });
    expect(deactivated.json().data.active).toBe(false);
    expect((await call('DELETE', `/admin/shipping-methods/${id}`)).statusCode).toBe(200);
    expect((await call('GET', `/admin/shipping-methods/${id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/admin/shipping-methods/${id}`)).statusCode).toBe(404);
  });

  it('rejects inconsistent pricing, unknown zones and bad tiers', async () => {
    const base = { zoneId, name: 'M', currency: 'INR' };
    const cases: Array<[object, string]> = [
      [{ ...base, type: 'FLAT' }, 'price'],
      [{ ...base, type: 'FLAT', price: 1, rates: [{ upToGrams: 1, price: 1 }] }, 'rates'],
      [{ ...base, type: 'WEIGHT' }, 'rates'],
      [
        {
          ...base,
          type: 'WEIGHT',
          rates: [
            { upToGrams: 500, price: 1 },
            { upToGrams: 500, price: 2 },
          ],
        },
        'rates.1.upToGrams',
      ],
      [{ ...base, type: 'FLAT', price: 1, minDays: 5, maxDays: 2 }, 'maxDays'],
      [{ ...base, type: 'FLAT', price: -1 }, 'price'],
      [{ ...base, type: 'FLAT', price: 1, currency: 'RUPEE' }, 'currency'],
      [{ ...base, zoneId: '00000000-0000-4000-8000-000000000000', type: 'FLAT', price: 1 }, 'zoneId'],
    ];
    for (const [payload, path] of cases) {
      const res = await call('POST', '/admin/shipping-methods', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await count(t, "SELECT 1 FROM shipping_methods WHERE name = 'M'")).toBe(0);
  });

  it('deleting a zone deletes its methods', async () => {
    const zone = (await call('POST', '/admin/shipping-zones', { name: 'Temp', countries: ['NP'] })).json()
      .data;
    await call('POST', '/admin/shipping-methods', {
      zoneId: zone.id,
      name: 'T',
      currency: 'INR',
      type: 'FLAT',
      price: 1,
    });
    await call('DELETE', `/admin/shipping-zones/${zone.id}`);
    expect(await count(t, 'SELECT 1 FROM shipping_methods WHERE zone_id = $1', [zone.id])).toBe(0);
  });
});

describe('tax rates', () => {
  it('creates, lists, updates and deletes rates; names are unique per country, region and class', async () => {
    const gst = await call('POST', '/admin/tax-rates', {
      name: 'GST',
      country: 'in',
      rate: 1800,
      appliesToShipping: true,
    });
    expect(gst.statusCode).toBe(201);
    expect(gst.json().data).toMatchObject({
      name: 'GST',
      country: 'IN',
      region: null,
      taxClass: 'standard',
      rate: 1800,
      appliesToShipping: true,
    });
    const books = await call('POST', '/admin/tax-rates', {
      name: 'GST',
      country: 'IN',
      taxClass: 'Books',
      rate: 500,
    });
    expect(books.json().data.taxClass).toBe('books');
    const ca = await call('POST', '/admin/tax-rates', {
      name: 'Sales tax',
      country: 'US',
      region: 'us-ca',
      rate: 725,
    });
    expect(ca.json().data.region).toBe('US-CA');

    const dup = await call('POST', '/admin/tax-rates', { name: 'gst', country: 'IN', rate: 1200 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('TAX_RATE_EXISTS');

    const listed = await call('GET', '/admin/tax-rates?country=IN');
    expect(listed.json().data.map((r: { taxClass: string }) => r.taxClass)).toEqual(['books', 'standard']);
    expect(listed.json().meta.total).toBe(2);

    const changed = await call('PATCH', `/admin/tax-rates/${gst.json().data.id}`, { rate: 1200 });
    expect(changed.json().data.rate).toBe(1200);
    expect((await call('DELETE', `/admin/tax-rates/${books.json().data.id}`)).statusCode).toBe(200);
    expect((await call('GET', `/admin/tax-rates/${books.json().data.id}`)).statusCode).toBe(404);
  });

  it('rejects bad input: rate outside 0..10000 basis points, region of another country, unknown fields', async () => {
    const cases: Array<[object, string]> = [
      [{ name: 'X', country: 'IN', rate: 10_001 }, 'rate'],
      [{ name: 'X', country: 'IN', rate: 18.5 }, 'rate'],
      [{ name: 'X', country: 'ZZ', rate: 1 }, 'country'],
      [{ name: 'X', country: 'IN', region: 'US-CA', rate: 1 }, 'region'],
      [{ name: 'X', country: 'IN', taxClass: 'Has Space', rate: 1 }, 'taxClass'],
      [{ name: 'X', country: 'IN', rate: 1, amount: 5 }, ''],
    ];
    for (const [payload, path] of cases) {
      const res = await call('POST', '/admin/tax-rates', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
      if (path) expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const rate = (await call('POST', '/admin/tax-rates', { name: 'VAT', country: 'DE', rate: 1900 })).json()
      .data;
    const moved = await call('PATCH', `/admin/tax-rates/${rate.id}`, { region: 'FR-IDF' });
    expect(moved.statusCode).toBe(400);
    expect((await call('PATCH', `/admin/tax-rates/${rate.id}`, {})).statusCode).toBe(400);
  });
});

describe('who may manage shipping and tax', () => {
  it('customers get 403 and anonymous callers 401 on every admin route', async () => {
    const routes: Array<['GET' | 'POST' | 'PATCH' | 'DELETE', string]> = [
      ['GET', '/admin/shipping-zones'],
      ['POST', '/admin/shipping-zones'],
      ['PATCH', '/admin/shipping-zones/00000000-0000-4000-8000-000000000000'],
      ['DELETE', '/admin/shipping-zones/00000000-0000-4000-8000-000000000000'],
      ['GET', '/admin/shipping-methods'],
      ['POST', '/admin/shipping-methods'],
      ['GET', '/admin/tax-rates'],
      ['POST', '/admin/tax-rates'],
      ['DELETE', '/admin/tax-rates/00000000-0000-4000-8000-000000000000'],
    ];
    for (const [method, url] of routes) {
      const asCustomer = await call(
        method,
        url,
        method === 'GET' || method === 'DELETE' ? undefined : {},
        alice,
      );
      expect(asCustomer.statusCode, `${method} ${url}`).toBe(403);
      const anonymous = await t.app.inject({ method, url: `/api/v1${url}` });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
    }
    const before = await count(t, 'SELECT 1 FROM tax_rates');
    await call('POST', '/admin/tax-rates', { name: 'Sneaky', country: 'IN', rate: 1 }, alice);
    expect(await count(t, 'SELECT 1 FROM tax_rates')).toBe(before);
  });
});
