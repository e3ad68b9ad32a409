import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { addToCart, checkout, shopper } from '../orders/fixtures';
import { bearer, createProduct, tokens, uniqueSku, type Tokens } from './fixtures';

// DATABASE_READ_URL: storefront catalog reads go to the read pool, admins and writes to the
// primary. Both pools point at the same database here; which one served each query is counted.

/** Statements sent through each pool while `fn` runs (job polling aside). */
async function servedBy(
  app: TestApp,
  fn: () => Promise<unknown>,
): Promise<{ primary: number; read: number }> {
  const counts = { primary: 0, read: 0 };
  const { pool, readPool } = app.ctx.database;
  const restore: Array<() => void> = [];
  for (const [name, target] of [
    ['primary', pool],
    ['read', readPool],
  ] as const) {
    const original = target.query.bind(target);
    (target as any).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string };
      const text = typeof first === 'string' ? first : String(first?.text ?? '');
      if (!text.includes('pgboss.')) counts[name]++;
      return (original as (...a: unknown[]) => unknown)(...args);
    };
    restore.push(() => ((target as any).query = original));
  }
  try {
    await fn();
  } finally {
    for (const undo of restore) undo();
  }
  return counts;
}

describe('catalog reads with a read pool (DATABASE_READ_URL)', () => {
  let app: TestApp;
  let k: Tokens;
  let product: any;
  const get = (url: string, token?: string) =>
    app.app.inject({ method: 'GET', url, ...(token ? { headers: bearer(token) } : {}) });

  beforeAll(async () => {
    app = await createTestApp({ readPool: true });
    k = await tokens(app);
    product = await createProduct(app, k.admin, {
      name: 'Replica Lantern',
      tags: ['lantern'],
      options: [{ name: 'color', values: ['red'] }],
      variants: [{ sku: uniqueSku('RL'), price: 2500, stock: 4, options: { color: 'red' } }],
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens a second pool only when asked', () => {
    expect(app.ctx.database.readPool).not.toBe(app.ctx.database.pool);
  });

  it('a customer list, page, search, facets and suggest are served by the read pool alone', async () => {
    const counts = await servedBy(app, async () => {
      for (const url of [
        '/api/v1/products?tag=lantern&limit=7',
        `/api/v1/products/${product.slug}`,
        '/api/v1/products?searchTerm=lantren&limit=5',
        '/api/v1/products?searchTerm=lantern&facets=true&limit=3',
        '/api/v1/search/suggest?q=lant',
      ]) {
        expect((await get(url)).statusCode, url).toBe(200);
      }
    });
    expect(counts.primary).toBe(0);
    expect(counts.read).toBeGreaterThanOrEqual(5);
  });

  it('an admin reads from the primary and sees their own write at once', async () => {
    const patched = await app.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      headers: bearer(k.admin),
      payload: { name: 'Replica Lantern II' },
    });
    expect(patched.statusCode).toBe(200);
    const counts = await servedBy(app, async () => {
      const page = await get(`/api/v1/products/${product.id}`, k.admin);
      expect(page.json().data.name).toBe('Replica Lantern II');
      const list = await get('/api/v1/products?tag=lantern', k.admin);
      expect(list.json().data.map((p: any) => p.name)).toEqual(['Replica Lantern II']);
    });
    expect(counts.read).toBe(0);
    expect(counts.primary).toBeGreaterThan(0);
  });

  it('cart and checkout (a write transaction) never touch the read pool', async () => {
    const buyer = await shopper(app);
    const counts = await servedBy(app, async () => {
      await addToCart(app, buyer, product.variants[0].id, 1);
      expect((await checkout(app, buyer)).statusCode).toBe(201);
    });
    expect(counts.read).toBe(0);
    const page = (await get(`/api/v1/products/${product.slug}`)).json().data;
    expect(page.variants[0].stock).toBe(3);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'PostgreSQL sees the read connections under their own name (needs DATABASE_URL)',
    async () => {
      await get('/api/v1/products?tag=lantern&limit=9');
      // pg_stat_activity keeps each connection's last statement: the list's ran on `bazaar-read`.
      const { rows } = await app.ctx.database.pool.query<{ name: string; query: string }>(
        `SELECT application_name AS name, query FROM pg_stat_activity
         WHERE datname = current_database() AND application_name LIKE 'bazaar%'`,
      );
      expect(rows.map((r) => r.name)).toContain('bazaar');
      const readQueries = rows.filter((r) => r.name === 'bazaar-read').map((r) => r.query);
      expect(readQueries.some((q) => /FROM "?products"? p/.test(q))).toBe(true);
    },
  );
});
