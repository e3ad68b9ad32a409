import { randomUUID } from 'node:crypto';
import { createUser } from '../../../src/modules/users/service';
import { signAccessToken, type Role } from '../../../src/platform/security';
import type { TestApp } from '../../helpers/app';
import { bearer, createProduct, uniqueSku } from '../catalog/fixtures';

export { bearer, uniqueSku };

export interface Shopper {
  id: string;
  email: string;
  token: string;
  headers: { authorization: string };
}

/** A real, verified user row (orders reference users) and an access token for it. */
export async function shopper(t: TestApp, role: Role = 'CUSTOMER'): Promise<Shopper> {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
  const row = await createUser(t.ctx.database.db, {
    email,
    name: role === 'ADMIN' ? 'Ada Admin' : 'Casey Customer',
    passwordHash: null,
    role,
    emailVerifiedAt: new Date(),
  });
  const token = await signAccessToken(t.config, { id: row.id, role });
  return { id: row.id, email, token, headers: bearer(token) };
}

/** A single-variant product; returns the product body and its variant id. */
export async function product(
  t: TestApp,
  admin: Shopper,
  opts: { name?: string; price?: number; stock?: number; currency?: string; lowStockThreshold?: number } = {},
) {
  const body = await createProduct(t, admin.token, {
    name: opts.name ?? `Widget ${uniqueSku('W')}`,
    ...(opts.currency ? { currency: opts.currency } : {}),
    variants: [
      {
        sku: uniqueSku('SKU'),
        price: opts.price ?? 1000,
        stock: opts.stock ?? 10,
        ...(opts.lowStockThreshold === undefined ? {} : { lowStockThreshold: opts.lowStockThreshold }),
      },
    ],
  });
  return {
    product: body,
    variantId: body.variants[0].id as string,
    productId: body.id as string,
    sku: body.variants[0].sku as string,
  };
}

export const address = {
  fullName: 'Casey Customer',
  line1: '1 Market Street',
  city: 'Pune',
  postalCode: '411001',
  country: 'IN',
};

export async function addToCart(t: TestApp, who: Shopper, variantId: string, quantity = 1) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cart/items',
    headers: who.headers,
    payload: { variantId, quantity },
  });
  if (res.statusCode >= 300) throw new Error(`add to cart failed: ${res.statusCode} ${res.body}`);
  return res.json().data;
}

export function checkout(t: TestApp, who: Shopper, payload: Record<string, unknown> = {}, key?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...who.headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload: { shippingAddress: address, paymentMethod: 'COD', ...payload },
  });
}

export async function stockOf(t: TestApp, variantId: string): Promise<number> {
  const { rows } = await t.ctx.database.pool.query('SELECT stock FROM stock_levels WHERE variant_id = $1', [
    variantId,
  ]);
  return rows[0].stock;
}

/** Stock equals the sum of the ledger for the variant. */
export async function ledgerSum(t: TestApp, variantId: string): Promise<number> {
  const { rows } = await t.ctx.database.pool.query(
    'SELECT coalesce(sum(delta), 0)::int AS s FROM stock_movements WHERE variant_id = $1',
    [variantId],
  );
  return rows[0].s;
}

export async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await t.ctx.database.pool.query(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return rows[0].n;
}
