// `npm run seed [-- --scale N --customers N --orders N]`: a demo catalog shaped like Medusa's
// benchmark catalog: 500 × N products with 12 variants each (Size × Color), 40 categories in a
// two-level tree, 50 brands, 60 tags; a demo customer (demo@example.com / Bazaar-demo-2026),
// 50 customers and 300 orders over the last year (`--orders 100000` for the analytics benchmark).
// Idempotent: products are keyed by slug, customers by email, orders by number.
// Runs against DATABASE_URL, or the embedded database in DATA_DIR (stop the server first).
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { inArray, sql } from 'drizzle-orm';
import { loadConfig } from '../src/config';
import { refreshPrices, refreshSearch } from '../src/modules/catalog/service';
import { slugify } from '../src/modules/catalog/slug';
import { brands, categories, products, productTags, tags, variants } from '../src/modules/catalog/tables';
import { stockMovements } from '../src/modules/inventory/tables';
import { createCache } from '../src/platform/cache';
import { openDatabase, runMigrations } from '../src/platform/db';
import { AppError } from '../src/platform/errors';
import { hashPassword } from '../src/modules/auth/password';
import { createUser } from '../src/modules/users/service';
import { seedOrders } from './seed-orders';

/** Sign in with this to try the storefront side of the API (see README). */
const DEMO_CUSTOMER = { email: 'demo@example.com', password: 'Bazaar-demo-2026', name: 'Demo Customer' };

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    batch: { type: 'string', default: '50' },
    customers: { type: 'string', default: '50' },
    orders: { type: 'string', default: '300' },
  },
});
const scale = Number(values.scale);
const batchSize = Number(values.batch);
if (!Number.isInteger(scale) || scale < 1 || scale > 1000)
  throw new Error('--scale must be an integer 1..1000');

const PRODUCTS = 500 * scale;
const SIZES = ['S', 'M', 'L', 'XL'];
const COLORS = ['Black', 'White', 'Navy'];
const DEPARTMENTS = ['Apparel', 'Footwear', 'Electronics', 'Home', 'Kitchen', 'Outdoors', 'Sports', 'Beauty'];
const AISLES = ['Essentials', 'Premium', 'Kids', 'Accessories'];
const ADJECTIVES = [
  'Classic',
  'Urban',
  'Vintage',
  'Modern',
  'Rugged',
  'Silky',
  'Compact',
  'Deluxe',
  'Eco',
  'Nordic',
  'Bold',
  'Airy',
];
const NOUNS = [
  'Tee',
  'Hoodie',
  'Jacket',
  'Sneaker',
  'Backpack',
  'Lamp',
  'Kettle',
  'Headphones',
  'Blanket',
  'Bottle',
  'Watch',
  'Mug',
  'Scarf',
  'Speaker',
];
const WORDS = [
  'soft',
  'durable',
  'lightweight',
  'waterproof',
  'organic',
  'recycled',
  'handmade',
  'breathable',
  'warm',
  'stylish',
];

/** Deterministic pseudo-random numbers, so every run builds the same catalog. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const pick = <T>(r: () => number, list: T[]) => list[Math.floor(r() * list.length)]!;

const started = Date.now();
const config = loadConfig();
const database = await openDatabase(config);
try {
  await runMigrations(database.pool);
  const db = database.db;

  // Categories: departments with aisles beneath.
  await db
    .insert(categories)
    .values(DEPARTMENTS.map((name) => ({ name, slug: slugify(name) })))
    .onConflictDoNothing();
  const departments = await db
    .select()
    .from(categories)
    .where(inArray(categories.slug, DEPARTMENTS.map(slugify)));
  await db
    .insert(categories)
    .values(
      departments.flatMap((d) =>
        AISLES.map((aisle) => ({
          name: `${d.name} ${aisle}`,
          slug: slugify(`${d.name} ${aisle}`),
          parentId: d.id,
        })),
      ),
    )
    .onConflictDoNothing();
  const leafCategories = await db
    .select({ id: categories.id })
    .from(categories)
    .where(
      inArray(
        categories.slug,
        DEPARTMENTS.flatMap((d) => AISLES.map((a) => slugify(`${d} ${a}`))),
      ),
    );

  const brandNames = Array.from({ length: 50 }, (_, i) => `${pick(rng(i + 7), ADJECTIVES)} Works ${i + 1}`);
  await db
    .insert(brands)
    .values(brandNames.map((name) => ({ name, slug: slugify(name) })))
    .onConflictDoNothing();
  const brandRows = await db
    .select({ id: brands.id })
    .from(brands)
    .where(inArray(brands.slug, brandNames.map(slugify)));
  const tagNames = Array.from(
    { length: 60 },
    (_, i) => `${WORDS[i % WORDS.length]}-${Math.floor(i / WORDS.length) + 1}`,
  );
  await db
    .insert(tags)
    .values(tagNames.map((name) => ({ name, slug: slugify(name) })))
    .onConflictDoNothing();
  const tagRows = await db
    .select({ id: tags.id })
    .from(tags)
    .where(inArray(tags.slug, tagNames.map(slugify)));

  const bar = new cliProgress.SingleBar(
    { format: 'seeding products [{bar}] {value}/{total} ({created} new) {eta}s left', etaBuffer: 200 },
    cliProgress.Presets.shades_classic,
  );
  let created = 0;
  let createdVariants = 0;
  bar.start(PRODUCTS, 0, { created });
  for (let from = 0; from < PRODUCTS; from += batchSize) {
    const indexes = Array.from({ length: Math.min(batchSize, PRODUCTS - from) }, (_, i) => from + i);
    await database.transaction(async (tx) => {
      const rows = indexes.map((i) => {
        const r = rng(i + 1);
        const name = `${pick(r, ADJECTIVES)} ${pick(r, NOUNS)} ${i + 1}`;
        return {
          name,
          slug: slugify(name),
          description: `A ${pick(r, WORDS)}, ${pick(r, WORDS)} ${name.toLowerCase()} for every day.`,
          categoryId: pick(r, leafCategories).id,
          brandId: pick(r, brandRows).id,
          currency: config.DEFAULT_CURRENCY,
          options: [
            { name: 'Size', values: SIZES },
            { name: 'Color', values: COLORS },
          ],
        };
      });
      const inserted = await tx.db
        .insert(products)
        .values(rows)
        .onConflictDoNothing({ target: products.slug })
        .returning({ id: products.id, slug: products.slug });
      if (inserted.length === 0) return;
      const bySlug = new Map(inserted.map((p) => [p.slug, p.id]));
      const variantRows: Array<typeof variants.$inferInsert> = [];
      const tagLinks: Array<typeof productTags.$inferInsert> = [];
      const stockBySku = new Map<string, number>();
      for (const [n, row] of rows.entries()) {
        const productId = bySlug.get(row.slug);
        if (!productId) continue;
        const i = indexes[n]!;
        const r = rng(i + 1000003);
        const base = 1000 + Math.floor(r() * 200) * 100;
        let position = 0;
        for (const size of SIZES) {
          for (const color of COLORS) {
            const sku = `SEED-${i + 1}-${size}-${color.toUpperCase()}`;
            const stock = r() < 0.1 ? 0 : Math.floor(r() * 60);
            stockBySku.set(sku, stock);
            variantRows.push({
              productId,
              sku,
              options: { Size: size, Color: color },
              price: base + SIZES.indexOf(size) * 200,
              compareAtPrice: r() < 0.3 ? base + 1500 : null,
              position: position++,
            });
          }
        }
        const tagSet = new Set<string>();
        for (let j = 0; j < 3; j++) tagSet.add(pick(r, tagRows).id);
        for (const tagId of tagSet) tagLinks.push({ productId, tagId });
      }
      // Stock lands with an INITIAL movement per variant, so stock = sum(movements) holds.
      const insertedVariants = await tx.db
        .insert(variants)
        .values(variantRows.map((v) => ({ ...v, stock: stockBySku.get(v.sku) ?? 0 })))
        .onConflictDoNothing({ target: variants.sku })
        .returning({ id: variants.id, sku: variants.sku, stock: variants.stock });
      const movements = insertedVariants
        .filter((v) => v.stock > 0)
        .map((v) => ({ variantId: v.id, delta: v.stock, reason: 'INITIAL' as const, note: 'seed' }));
      if (movements.length > 0) await tx.db.insert(stockMovements).values(movements);
      if (tagLinks.length > 0) await tx.db.insert(productTags).values(tagLinks).onConflictDoNothing();
      const ids = inserted.map((p) => p.id);
      await refreshPrices(tx, ids);
      await refreshSearch(tx, inArray(products.id, ids));
      created += inserted.length;
      createdVariants += insertedVariants.length;
    });
    bar.update(Math.min(from + batchSize, PRODUCTS), { created });
  }
  bar.stop();
  // Fresh statistics, so the planner picks the indexes on the new data straight away.
  await db.execute(sql`ANALYZE categories, brands, tags, products, product_tags, variants, stock_movements`);

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
    `seeded ${created} new products and ${createdVariants} variants in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(${database.embedded ? 'embedded database' : 'DATABASE_URL'}; catalog now ${totals?.products} products, ${totals?.variants} variants)`,
  );
} catch (error) {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
