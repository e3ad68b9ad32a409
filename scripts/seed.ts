// `npm run seed [-- --scale N --customers N --orders N --no-images]`: a demo catalog that reads like
// a shop (scripts/demo/): 500 × N products named with real words ("Alpine Cotton Tee"), each
// with 12 variants (two options, e.g. Size × Color), a description, a brand, tags and a drawn
// picture with thumbnails; 8 departments with 4 aisles each, 50 brands, 54 tags. Then a demo
// customer (demo@example.com / Bazaar-demo-2026), 50 customers and 300 orders over the last year
// (`--orders 100000` for the analytics benchmark). Idempotent: products are keyed by slug,
// customers by email, orders by number. Runs against DATABASE_URL, or the embedded database in
// DATA_DIR (stop the server first).
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config';
import { products, variants } from '../src/modules/catalog/tables';
import { createCache } from '../src/platform/cache';
import { openDatabase, runMigrations } from '../src/platform/db';
import { AppError } from '../src/platform/errors';
import { hashPassword } from '../src/modules/auth/password';
import { createUser } from '../src/modules/users/service';
import { NAME_CAPACITY } from './demo/catalog';
import { seedCatalog } from './demo/seed-catalog';
import { seedImages } from './demo/seed-images';
import { seedOrders } from './seed-orders';

/** Sign in with this to try the storefront side of the API (see README). */
const DEMO_CUSTOMER = { email: 'demo@example.com', password: 'Bazaar-demo-2026', name: 'Demo Customer' };
const PRODUCTS_PER_SCALE = 500;

const { values } = parseArgs({
  allowNegative: true,
  options: {
    scale: { type: 'string', default: '1' },
    batch: { type: 'string', default: '50' },
    customers: { type: 'string', default: '50' },
    orders: { type: 'string', default: '300' },
    images: { type: 'boolean', default: true },
  },
});
const scale = Number(values.scale);
const maxScale = Math.floor(NAME_CAPACITY / PRODUCTS_PER_SCALE);
if (!Number.isInteger(scale) || scale < 1 || scale > maxScale)
  throw new Error(`--scale must be an integer 1..${maxScale}`);
const count = PRODUCTS_PER_SCALE * scale;
const bar = (format: string) =>
  new cliProgress.SingleBar({ format, etaBuffer: 200 }, cliProgress.Presets.shades_classic);

const started = Date.now();
const config = loadConfig();
const database = await openDatabase(config).catch((error: unknown) => {
  // One line (a held or damaged data directory, an unreachable server), no stack.
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
try {
  await runMigrations(database.pool);
  const db = database.db;
  const created = await seedCatalog(database, {
    count,
    batchSize: Number(values.batch),
    currency: config.DEFAULT_CURRENCY,
    bar: bar('seeding products [{bar}] {value}/{total} ({created} new) {eta}s left'),
  });
  const drawn = values.images
    ? await seedImages(database, config, {
        count,
        bar: bar('drawing pictures [{bar}] {value}/{total} ({drawn} new) {eta}s left'),
      })
    : 0;

  // A customer to sign in as (README), then demo customers and a year of order history.
  await createUser(db, {
    email: DEMO_CUSTOMER.email,
    name: DEMO_CUSTOMER.name,
    passwordHash: await hashPassword(DEMO_CUSTOMER.password),
    emailVerifiedAt: new Date(),
  }).catch((error: unknown) => {
    if (!(error instanceof AppError && error.code === 'EMAIL_TAKEN')) throw error;
  });
  process.stdout.write('seeding customers and order history... ');
  const history = await seedOrders(db, {
    customers: Number(values.customers),
    orders: Number(values.orders),
    currency: config.DEFAULT_CURRENCY,
  });
  console.log(`${history.customers} new customers, ${history.orders} new orders`);

  if (config.REDIS_URL) {
    const cache = createCache(config.REDIS_URL);
    await cache.bump('catalog').catch(() => {});
    await cache.close();
  }
  const [totals] = (
    await db.execute<{ products: number; variants: number }>(
      sql`SELECT (SELECT count(*)::int FROM ${products}) AS products, (SELECT count(*)::int FROM ${variants}) AS variants`,
    )
  ).rows;
  console.log(
    `seeded ${created.products} new products, ${created.variants} variants and ${drawn} pictures in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s (${database.embedded ? 'embedded database' : 'DATABASE_URL'}; ` +
      `catalog now ${totals?.products} products, ${totals?.variants} variants)`,
  );
} catch (error) {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
