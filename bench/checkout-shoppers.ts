import { randomUUID } from 'node:crypto';
import type { Options as AutocannonOptions } from 'autocannon';
import pg from 'pg';
import { signAccessToken } from '../src/platform/security';

/**
 * The shoppers of the checkout benchmarks (bench/scenarios/checkout.ts and bench/cluster.ts):
 * customers inserted straight into the database (orders reference real users) with tokens signed
 * with the server's JWT_ACCESS_SECRET, and a few hot variants that every customer wants.
 */
export const BENCH_ADDRESS = {
  fullName: 'Bench Buyer',
  line1: '1 Load Street',
  city: 'Pune',
  postalCode: '411001',
  country: 'IN',
};

export interface ShopperOptions {
  databaseUrl: string;
  jwtSecret: string;
  baseUrl: string;
  customers: number;
  hotVariants: number;
  stock: number;
  /** Prefix of the e-mail addresses, product names and SKUs, so runs do not collide. */
  label: string;
}

/** Inserts an admin and `customers` customers, signs their tokens, creates the hot variants. */
export async function prepareShoppers(options: ShopperOptions) {
  const run = randomUUID().slice(0, 8);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const users: Array<{ id: string; role: 'ADMIN' | 'CUSTOMER' }> = [];
  try {
    for (let i = 0; i <= options.customers; i++) {
      const role = i === 0 ? 'ADMIN' : 'CUSTOMER';
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO users (email, name, role, email_verified_at) VALUES ($1, $2, $3, now()) RETURNING id`,
        [`${options.label}-${run}-${i}@example.com`, `Bench ${i}`, role],
      );
      users.push({ id: rows[0]!.id, role });
    }
  } finally {
    await client.end();
  }
  const config = { JWT_ACCESS_SECRET: options.jwtSecret, ACCESS_TOKEN_TTL: 3_600_000 };
  const [admin, ...customers] = await Promise.all(users.map((u) => signAccessToken(config, u)));
  const variantIds: string[] = [];
  for (let i = 0; i < options.hotVariants; i++) {
    const res = await fetch(`${options.baseUrl}/api/v1/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `${options.label} hot item ${i} ${run}`,
        variants: [
          {
            sku: `${options.label.toUpperCase()}-${randomUUID().slice(0, 12)}`,
            price: 1999,
            stock: options.stock,
          },
        ],
      }),
    });
    if (res.status !== 201) throw new Error(`creating a product answered ${res.status}`);
    const body = (await res.json()) as { data: { variants: Array<{ id: string }> } };
    variantIds.push(body.data.variants[0]!.id);
  }
  return { customers: customers as string[], variantIds };
}

/**
 * autocannon requests for one checkout per iteration: add one unit of a hot variant to the cart,
 * then place a COD order. Each connection keeps one customer.
 */
export function checkoutRequests(customers: string[], variantIds: string[]): AutocannonOptions['requests'] {
  let nextCustomer = 0;
  type Context = { token?: string; n?: number };
  const headers = (context: Context) => {
    context.token ??= customers[nextCustomer++ % customers.length]!;
    return { authorization: `Bearer ${context.token}`, 'content-type': 'application/json' };
  };
  return [
    {
      method: 'POST',
      path: '/api/v1/cart/items',
      setupRequest: (req, context: Context) => {
        context.n = (context.n ?? 0) + 1;
        const variantId = variantIds[context.n % variantIds.length];
        return { ...req, headers: headers(context), body: JSON.stringify({ variantId, quantity: 1 }) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/orders',
      setupRequest: (req, context: Context) => ({
        ...req,
        headers: headers(context),
        body: JSON.stringify({ shippingAddress: BENCH_ADDRESS, paymentMethod: 'COD' }),
      }),
    },
  ];
}
