import { CHECKOUT_WARMUP_S, checkoutLoad, prepareShoppers } from '../checkout-shoppers';
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

export default {
  name: `checkout: ${CUSTOMERS} customers, ${HOT_VARIANTS} hot variants (add + POST /orders)`,
  connections: CUSTOMERS,
  warmup: CHECKOUT_WARMUP_S,
  continuous: true,
  async prepare(baseUrl) {
    const { DATABASE_URL, JWT_ACCESS_SECRET } = process.env;
    if (!DATABASE_URL || !JWT_ACCESS_SECRET)
      throw new Error('needs DATABASE_URL and JWT_ACCESS_SECRET (users are inserted into the database)');
    const { customers, variantIds } = await prepareShoppers({
      databaseUrl: DATABASE_URL,
      jwtSecret: JWT_ACCESS_SECRET,
      baseUrl,
      customers: CUSTOMERS,
      hotVariants: HOT_VARIANTS,
      stock: 1_000_000,
      label: 'bench',
    });
    return { path: '/api/v1/orders', ...checkoutLoad(customers, variantIds) };
  },
} satisfies Scenario;
