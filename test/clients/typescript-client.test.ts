import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBazaarClient } from '../../clients/typescript/src/index';
import { signAccessToken } from '../../src/platform/security';
import { createTestApp, type TestApp } from '../helpers/app';
import { uniqueEmail } from '../helpers/auth';
import { codeIn, startMailCatcher, type MailCatcher } from '../helpers/mail';

// The generated client (clients/typescript) against a listening server: every call below is
// type-checked against the committed schema.d.ts, so a stale client fails `npm run typecheck` too.
let t: TestApp;
let mail: MailCatcher;
let placedOrderId: string;
let customerToken: string | undefined;
beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({ listen: true, env: { SMTP_URL: mail.url } });
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
});

const address = {
  fullName: 'Client Customer',
  line1: '1 Market Street',
  city: 'Pune',
  postalCode: '411001',
  country: 'IN',
};

describe('typed TypeScript client', () => {
  it('walks the storefront: register → verify → login → search → cart → checkout → order', async () => {
    const admin = createBazaarClient(t.url, {
      token: await signAccessToken(t.config, { id: crypto.randomUUID(), role: 'ADMIN' }),
    });
    const created = await admin.POST('/api/v1/products', {
      body: { name: 'Typed Teapot', variants: [{ sku: `TEAPOT-${Date.now()}`, price: 3450, stock: 5 }] },
    });
    expect(created.response.status).toBe(201);
    const variantId = created.data!.data.variants[0]!.id;

    // The client asks for the token before each request: none until signed in.
    const session: { accessToken?: string } = {};
    const shop = createBazaarClient(`${t.url}/`, { token: () => session.accessToken });
    const email = uniqueEmail('client');
    const password = 'typed client tea 42';

    const registered = await shop.POST('/api/v1/auth/register', { body: { email, password, name: 'Tess' } });
    expect(registered.response.status).toBe(201);
    expect(registered.data!.data).toMatchObject({ email, emailVerified: false });

    const code = codeIn(await mail.next(email, /verification code/));
    const verified = await shop.POST('/api/v1/auth/verify-email', { body: { email, code } });
    expect(verified.response.status).toBe(200);

    const login = await shop.POST('/api/v1/auth/login', { body: { email, password } });
    expect(login.response.status).toBe(200);
    session.accessToken = login.data!.data.accessToken;
    expect(login.data!.data.user).toMatchObject({ email, emailVerified: true, role: 'CUSTOMER' });

    const found = await shop.GET('/api/v1/products', { params: { query: { searchTerm: 'teapot' } } });
    expect(found.response.status).toBe(200);
    const hit = found.data!.data.find((p) => p.name === 'Typed Teapot');
    expect(hit).toBeDefined();

    const added = await shop.POST('/api/v1/cart/items', { body: { variantId, quantity: 2 } });
    expect(added.response.status).toBe(201);
    const cart = await shop.GET('/api/v1/cart');
    expect(cart.data!.data).toMatchObject({ itemCount: 2, subtotal: 6900, total: 6900 });

    const placed = await shop.POST('/api/v1/orders', {
      params: { header: { 'idempotency-key': `client-${email}` } },
      body: { paymentMethod: 'COD', shippingAddress: address },
    });
    expect(placed.response.status).toBe(201);
    const order = placed.data!.data;
    placedOrderId = order.id;
    customerToken = session.accessToken;
    expect(order).toMatchObject({ status: 'PENDING', total: 6900, itemCount: 2, customerEmail: email });

    const fetched = await shop.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } });
    expect(fetched.response.status).toBe(200);
    expect(fetched.data!.data).toMatchObject({ id: order.id, orderNumber: order.orderNumber });
    expect(fetched.data!.data.items).toEqual([
      expect.objectContaining({ variantId, quantity: 2, unitPrice: 3450, name: 'Typed Teapot' }),
    ]);

    // What the server recorded, not just what it answered: one order, stock taken.
    const { rows } = await t.ctx.database.pool.query<{ stock: number }>(
      'SELECT stock FROM stock_levels WHERE variant_id = $1',
      [variantId],
    );
    expect(rows[0]!.stock).toBe(3);
    const mine = await shop.GET('/api/v1/orders');
    expect(mine.data!.data.map((o) => o.id)).toEqual([order.id]);
  });

  it('returns the typed error envelope: bad input, anonymous, another customer', async () => {
    const anonymous = createBazaarClient(t.url);
    const invalid = await anonymous.POST('/api/v1/auth/register', {
      body: { email: 'not-an-email', password: 'x', name: '' },
    });
    expect(invalid.response.status).toBe(400);
    expect(invalid.data).toBeUndefined();
    expect(invalid.error).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });

    const noToken = await anonymous.GET('/api/v1/orders/{id}', { params: { path: { id: placedOrderId } } });
    expect(noToken.response.status).toBe(401);
    expect(noToken.error).toMatchObject({ success: false, error: { code: expect.any(String) } });

    const stranger = createBazaarClient(t.url, {
      token: await signAccessToken(t.config, { id: crypto.randomUUID(), role: 'CUSTOMER' }),
    });
    const notYours = await stranger.GET('/api/v1/orders/{id}', { params: { path: { id: placedOrderId } } });
    expect(notYours.response.status).toBe(404);
    expect(notYours.data).toBeUndefined();

    const customer = createBazaarClient(t.url, { token: customerToken });
    const adminOnly = await customer.POST('/api/v1/products', {
      body: { name: 'Not allowed', variants: [{ sku: `NOPE-${Date.now()}`, price: 100, stock: 1 }] },
    });
    expect(adminOnly.response.status).toBe(403);
    expect(adminOnly.error).toMatchObject({ success: false, error: { code: expect.any(String) } });
  });
});
