import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Options as AutocannonOptions } from 'autocannon';
import pg from 'pg';
import { signAccessToken } from '../src/platform/security';

/**
 * The shoppers of the checkout benchmarks (bench/scenarios/checkout.ts, bench/cluster.ts,
 * bench/checkout-cpu.ts, bench/contention.ts):
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

/**
 * Seconds of checkouts before a checkout measurement (the checkout scenario, contention). A process
 * serving checkouts is still compiling them for its first ~30 s: in one server's back-to-back 8 s
 * runs, V8 finished 438, 234, 86, 80 optimizing compilations (2.9, 1.6, 0.5, 0.4 s of compile
 * thread) while the same load went 317 → 372 → 407 → 461 req/s (docs/benchmarks.md).
 */
export const CHECKOUT_WARMUP_S = 20;

/**
 * Keep-alive sockets for the shoppers' own request loops (bench:checkout-cpu, bench:contention),
 * written with node:http: the load generator shares the machine's cores with the server and
 * PostgreSQL, and `fetch` took it 34–38% of a core during the contention sale against 13–16%
 * (docs/benchmarks.md, contention).
 */
const shopperAgent = new http.Agent({ keepAlive: true, maxSockets: 1000 });

/** POSTs a JSON body as a signed-in shopper: the answer's status and body text. */
export function postAsShopper(
  url: string,
  token: string,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: shopperAgent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Closes the shoppers' keep-alive sockets (when a run is over). */
export function closeShopperSockets(): void {
  shopperAgent.destroy();
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
 * autocannon options for one checkout per iteration: add one unit of a hot variant to the cart,
 * then place a COD order. Each connection keeps one customer and cycles through the hot variants.
 * The state lives in the connection's own request list (set up per client), not in autocannon's
 * per-request `context`: autocannon clears that context every time a connection starts the list
 * again, so a customer kept there was re-dealt on every iteration, two connections ended up
 * shopping for one customer (one's order consumed the other's line: 400 CART_EMPTY, ~1.5% of the
 * orders), and every iteration counted from 1 again, so only one of the hot variants was bought.
 */
export function checkoutLoad(
  customers: string[],
  variantIds: string[],
): Pick<AutocannonOptions, 'requests' | 'setupClient'> {
  let nextCustomer = 0;
  return {
    // Replaced per connection by setupClient before anything is sent.
    requests: [
      { method: 'POST', path: '/api/v1/cart/items' },
      { method: 'POST', path: '/api/v1/orders' },
    ],
    setupClient(client) {
      const index = nextCustomer++;
      const token = customers[index % customers.length]!;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      // Connections start on different variants, so even a short run spreads the orders.
      let iteration = index;
      client.setRequests([
        {
          method: 'POST',
          path: '/api/v1/cart/items',
          setupRequest: (req) => {
            const variantId = variantIds[iteration++ % variantIds.length];
            return { ...req, headers, body: JSON.stringify({ variantId, quantity: 1 }) };
          },
        },
        {
          method: 'POST',
          path: '/api/v1/orders',
          headers,
          body: JSON.stringify({ shippingAddress: BENCH_ADDRESS, paymentMethod: 'COD' }),
        },
      ]);
    },
  };
}
