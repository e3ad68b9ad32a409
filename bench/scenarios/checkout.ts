import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { signAccessToken } from '../../src/platform/security';
import type { Scenario } from '../scenario';

/**
 * Checkout under contention: CUSTOMERS customers (one per connection), each in a loop adding one
 * unit of one of HOT_VARIANTS variants to the cart and placing a COD order, so every order takes
 * a row lock on a variant that the other customers want too. Two requests per order: orders/s is
 * half the req/s column, and p99 covers both requests.
 *
 * Orders reference real users, so the scenario inserts them directly: it needs DATABASE_URL (a
 * database of its own, e.g. postgres://postgres@127.0.0.1:5432/bazaar_bench) and JWT_ACCESS_SECRET
 * shared with the server (`npm run bench` passes its environment to the server it starts).
 */
const CUSTOMERS = 20;
const HOT_VARIANTS = 3;

const address = {
  fullName: 'Bench Buyer',
  line1: '1 Load Street',
  city: 'Pune',
  postalCode: '411001',
  country: 'IN',
};

export default {
  name: `checkout: ${CUSTOMERS} customers, ${HOT_VARIANTS} hot variants (add + POST /orders)`,
  connections: CUSTOMERS,
  async prepare(baseUrl) {
    const { DATABASE_URL, JWT_ACCESS_SECRET } = process.env;
    if (!DATABASE_URL || !JWT_ACCESS_SECRET)
      throw new Error('needs DATABASE_URL and JWT_ACCESS_SECRET (users are inserted into the database)');
    const config = { JWT_ACCESS_SECRET, ACCESS_TOKEN_TTL: 3_600_000 };
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    const users: Array<{ id: string; role: 'ADMIN' | 'CUSTOMER' }> = [];
    try {
      const run = randomUUID().slice(0, 8);
      for (let i = 0; i <= CUSTOMERS; i++) {
        const role = i === 0 ? 'ADMIN' : 'CUSTOMER';
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO users (email, name, role, email_verified_at) VALUES ($1, $2, $3, now()) RETURNING id`,
          [`bench-${run}-${i}@example.com`, `Bench ${i}`, role],
        );
        users.push({ id: rows[0]!.id, role });
      }
    } finally {
      await client.end();
    }
    const [admin, ...customers] = await Promise.all(users.map((u) => signAccessToken(config, u)));
    const variantIds: string[] = [];
    for (let i = 0; i < HOT_VARIANTS; i++) {
      const res = await fetch(`${baseUrl}/api/v1/products`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `Bench hot item ${i} ${randomUUID().slice(0, 6)}`,
          variants: [{ sku: `BENCH-${randomUUID().slice(0, 12)}`, price: 1999, stock: 1_000_000 }],
        }),
      });
      if (res.status !== 201) throw new Error(`creating a product answered ${res.status}`);
      const body = (await res.json()) as { data: { variants: Array<{ id: string }> } };
      variantIds.push(body.data.variants[0]!.id);
    }

    let nextCustomer = 0;
    type Context = { token?: string; n?: number };
    const auth = (context: Context) => {
      context.token ??= customers[nextCustomer++ % customers.length]!;
      return { authorization: `Bearer ${context.token}`, 'content-type': 'application/json' };
    };
    return {
      path: '/api/v1/orders',
      requests: [
        {
          method: 'POST',
          path: '/api/v1/cart/items',
          setupRequest: (req, context: Context) => {
            context.n = (context.n ?? 0) + 1;
            return {
              ...req,
              headers: auth(context),
              body: JSON.stringify({ variantId: variantIds[context.n % variantIds.length], quantity: 1 }),
            };
          },
        },
        {
          method: 'POST',
          path: '/api/v1/orders',
          setupRequest: (req, context: Context) => ({
            ...req,
            headers: auth(context),
            body: JSON.stringify({ shippingAddress: address, paymentMethod: 'COD' }),
          }),
        },
      ],
    };
  },
} satisfies Scenario;
