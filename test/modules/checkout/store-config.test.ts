import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { addToCart, checkout, product, shopper, type Shopper } from '../orders/fixtures';

// Store settings the checkout reads (tax rates, which webhook events anyone wants) are kept in
// each process (platform/config-memo.ts). A change made on one instance must reach the next
// checkout on another: two apps on one database and one Redis.

const why = 'needs REDIS_URL: two instances share their invalidations through Redis';

describe.skipIf(!process.env.REDIS_URL)(`store settings across two instances (${why})`, () => {
  let a: TestApp;
  let b: TestApp;
  let admin: Shopper;
  let item: Awaited<ReturnType<typeof product>>;

  beforeAll(async () => {
    a = await createTestApp({ work: false, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    b = await createTestApp({ shareDatabaseWith: a, work: false, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    admin = await shopper(a, 'ADMIN');
    item = await product(a, admin, { price: 1000, stock: 100 });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const orderOn = async (app: TestApp) => {
    const buyer = await shopper(app);
    await addToCart(app, buyer, item.variantId, 1);
    const res = await checkout(app, buyer);
    expect(res.statusCode).toBe(201);
    return res.json().data as { id: string };
  };

  it('an endpoint subscribed on A receives the next order placed on B', async () => {
    await orderOn(b); // B has loaded who subscribes to what
    const created = await a.app.inject({
      method: 'POST',
      url: '/api/v1/admin/webhooks',
      headers: admin.headers,
      payload: { url: 'http://127.0.0.1:9/hooks', events: ['order.created'] },
    });
    expect(created.statusCode).toBe(201);
    const endpointId = created.json().data.id as string;
    try {
      const order = await orderOn(b);
      const { rows } = await a.ctx.database.pool.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
         WHERE d.endpoint_id = $1 AND e.type = 'order.created' AND e.data->>'id' = $2`,
        [endpointId, order.id],
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await a.app.inject({
        method: 'DELETE',
        url: `/api/v1/admin/webhooks/${endpointId}`,
        headers: admin.headers,
      });
    }
  });

  it('a tax rate created on A prices the next quote and checkout on B', async () => {
    const buyer = await shopper(b);
    await addToCart(b, buyer, item.variantId, 2);
    const quote = () =>
      b.app
        .inject({ url: '/api/v1/cart/quote?country=IS', headers: buyer.headers })
        .then((r) => r.json().data);
    expect((await quote()).tax).toBe(0); // B has loaded Iceland's (absent) rates
    const created = await a.app.inject({
      method: 'POST',
      url: '/api/v1/admin/tax-rates',
      headers: admin.headers,
      payload: { name: `VAT ${Date.now()}`, country: 'IS', rate: 2400 },
    });
    expect(created.statusCode).toBe(201);
    try {
      const taxed = await quote();
      expect(taxed.tax).toBeGreaterThan(0);
      const order = await checkout(b, buyer, {
        shippingAddress: {
          fullName: 'Sigrún Jónsdóttir',
          line1: 'Laugavegur 1',
          city: 'Reykjavík',
          postalCode: '101',
          country: 'IS',
        },
      });
      expect(order.statusCode).toBe(201);
      expect(order.json().data.tax).toBe(taxed.tax);
    } finally {
      await a.app.inject({
        method: 'DELETE',
        url: `/api/v1/admin/tax-rates/${created.json().data.id}`,
        headers: admin.headers,
      });
    }
  });
});
