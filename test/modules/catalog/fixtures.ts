import { randomUUID } from 'node:crypto';
import { signAccessToken } from '../../../src/platform/security';
import type { TestApp } from '../../helpers/app';

export interface Tokens {
  admin: string;
  adminId: string;
  customer: string;
}

export async function tokens(t: TestApp): Promise<Tokens> {
  const adminId = randomUUID();
  return {
    adminId,
    admin: await signAccessToken(t.config, { id: adminId, role: 'ADMIN' }),
    customer: await signAccessToken(t.config, { id: randomUUID(), role: 'CUSTOMER' }),
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let counter = 0;
export const uniqueSku = (prefix = 'SKU') => `${prefix}-${Date.now().toString(36)}-${++counter}`;

/** Creates a product through the API and returns its body (`data`). */
export async function createProduct(t: TestApp, token: string, body: Record<string, unknown>) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: bearer(token),
    payload: body,
  });
  if (res.statusCode !== 201) throw new Error(`create product failed: ${res.statusCode} ${res.body}`);
  return res.json().data;
}

export function simpleProduct(name: string, price = 1000, stock = 10, extra: Record<string, unknown> = {}) {
  return { name, variants: [{ sku: uniqueSku(), price, stock }], ...extra };
}
