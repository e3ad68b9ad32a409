import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateCatalog } from '../../../src/modules/catalog/service';
import { runSalesRollup } from '../../../src/modules/catalog/sales-rollup';
import type { RedisCache } from '../../../src/platform/cache';
import { createTestApp, type TestApp } from '../../helpers/app';
import { addToCart, checkout, shopper } from '../orders/fixtures';
import { bearer, createProduct, tokens, uniqueSku, type Tokens } from './fixtures';

async function readProduct(app: TestApp, id: string) {
  const res = await app.app.inject({ method: 'GET', url: `/api/v1/products/${id}` });
  return res;
}
async function listed(app: TestApp, qs = 'limit=100') {
  const res = await app.app.inject({ method: 'GET', url: `/api/v1/products?${qs}` });
  return res.json().data as any[];
}
/** A list page is stored when an instance is asked for it a third time: ask thrice. */
async function warmList(app: TestApp, qs: string) {
  await listed(app, qs);
  await listed(app, qs);
  return listed(app, qs);
}

/** Runs `fn` and returns how many SQL statements it sent through the app's pool (job polling aside). */
async function queriesDuring(app: TestApp, fn: () => Promise<unknown>): Promise<number> {
  const pool = app.ctx.database.pool;
  const original = pool.query.bind(pool);
  let count = 0;
  (pool as any).query = (...args: any[]) => {
    const text = typeof args[0] === 'string' ? args[0] : String(args[0]?.text ?? '');
    if (!text.includes('pgboss.')) count++;
    return (original as any)(...args);
  };
  try {
    await fn();
  } finally {
    (pool as any).query = original;
  }
  return count;
}

/** Runs `fn`, counting the SQL statements it sent through the app's pool (job polling aside). */
async function countQueries<T>(app: TestApp, fn: () => Promise<T>): Promise<{ result: T; count: number }> {
  let result: T | undefined;
  const count = await queriesDuring(app, async () => {
    result = await fn();
  });
  return { result: result as T, count };
}

/** One customer orders `quantity` of a variant on `app` (cash on delivery). */
async function order(app: TestApp, variantId: string, quantity: number) {
  const buyer = await shopper(app);
  await addToCart(app, buyer, variantId, quantity);
  const res = await checkout(app, buyer);
  expect(res.statusCode).toBe(201);
}

function writeThenReadSuite(name: string, make: () => Promise<[TestApp, TestApp]>) {
  describe(name, () => {
    let writer: TestApp;
    let reader: TestApp;
    let k: Tokens;
    let product: any;
    beforeAll(async () => {
      [writer, reader] = await make();
      k = await tokens(writer);
      product = await createProduct(writer, k.admin, {
        name: 'Cached Kettle',
        tags: ['kitchen'],
        variants: [{ sku: uniqueSku('KET'), price: 3000, stock: 5 }],
      });
    });

    it('serves repeated reads from the cache', async () => {
      await readProduct(reader, product.id);
      const pool = reader.ctx.database.pool;
      const original = pool.query.bind(pool);
      let count = 0;
      (pool as any).query = (...args: any[]) => {
        const text = typeof args[0] === 'string' ? args[0] : String(args[0]?.text ?? '');
        // Count only this request's queries: the job queue polls through the same pool.
        if (!text.includes('pgboss.')) count++;
        return (original as any)(...args);
      };
      try {
        expect((await readProduct(reader, product.id)).statusCode).toBe(200);
        await listed(reader, 'tag=kitchen&utm_source=x');
        await listed(reader, 'tag=kitchen&fbclid=y');
        expect(count).toBeLessThanOrEqual(2);
      } finally {
        (pool as any).query = original;
      }
    });

    it('a price change is visible on the next read (detail and list)', async () => {
      expect((await readProduct(reader, product.id)).json().data.priceMin).toBe(3000);
      expect((await listed(reader, 'tag=kitchen'))[0].priceMin).toBe(3000);
      const res = await writer.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}/variants/${product.variants[0].id}`,
        headers: bearer(k.admin),
        payload: { price: 2500 },
      });
      expect(res.statusCode).toBe(200);
      expect((await readProduct(reader, product.id)).json().data.priceMin).toBe(2500);
      expect((await listed(reader, 'tag=kitchen'))[0].priceMin).toBe(2500);
      expect((await listed(reader, 'maxPrice=2600')).map((p) => p.id)).toContain(product.id);
    });

    it('a stock change is visible on the next read', async () => {
      expect((await readProduct(reader, product.id)).json().data.variants[0].stock).toBe(5);
      const res = await writer.app.inject({
        method: 'POST',
        url: '/api/v1/admin/inventory/adjustments',
        headers: bearer(k.admin),
        payload: { variantId: product.variants[0].id, delta: -5, reason: 'DAMAGED' },
      });
      expect(res.statusCode).toBe(201);
      const after = (await readProduct(reader, product.id)).json().data;
      expect(after.variants[0].stock).toBe(0);
      expect(after.inStock).toBe(false);
      expect((await listed(reader, 'inStock=true')).map((p) => p.id)).not.toContain(product.id);
    });

    it('a rename, brand change and archive are visible on the next read', async () => {
      await listed(reader, 'searchTerm=teapot');
      await writer.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}`,
        headers: bearer(k.admin),
        payload: { name: 'Cached Teapot' },
      });
      expect((await listed(reader, 'searchTerm=teapot')).map((p) => p.name)).toEqual(['Cached Teapot']);
      const brand = (
        await writer.app.inject({
          method: 'POST',
          url: '/api/v1/brands',
          headers: bearer(k.admin),
          payload: { name: 'Brewmaster' },
        })
      ).json().data;
      await writer.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}`,
        headers: bearer(k.admin),
        payload: { brandId: brand.id },
      });
      expect((await listed(reader, 'searchTerm=brewmaster')).map((p) => p.id)).toEqual([product.id]);
      await writer.app.inject({
        method: 'PATCH',
        url: `/api/v1/brands/${brand.id}`,
        headers: bearer(k.admin),
        payload: { name: 'Steepwell' },
      });
      expect((await listed(reader, 'searchTerm=steepwell')).map((p) => p.id)).toEqual([product.id]);

      await writer.app.inject({
        method: 'DELETE',
        url: `/api/v1/products/${product.id}`,
        headers: bearer(k.admin),
      });
      expect((await readProduct(reader, product.id)).statusCode).toBe(404);
      expect((await listed(reader)).map((p) => p.id)).not.toContain(product.id);
    });

    it("an order refreshes its product's page and, when it sells out, the lists; other pages stay cached", async () => {
      const tag = `order-${uniqueSku('T').toLowerCase()}`;
      const sold = await createProduct(writer, k.admin, {
        name: 'Ordered Mug',
        tags: [tag],
        variants: [{ sku: uniqueSku('OM'), price: 1200, stock: 3 }],
      });
      const bystander = await createProduct(writer, k.admin, {
        name: 'Bystander Mug',
        tags: [tag],
        variants: [{ sku: uniqueSku('BM'), price: 1100, stock: 3 }],
      });
      // Warm the cache on the reader: both pages (by id and by slug), the in-stock list, popularity.
      expect((await readProduct(reader, sold.id)).json().data.variants[0].stock).toBe(3);
      expect((await readProduct(reader, sold.slug)).json().data.variants[0].stock).toBe(3);
      await readProduct(reader, bystander.id);
      expect((await warmList(reader, `tag=${tag}&inStock=true`)).map((p) => p.id).sort()).toEqual(
        [sold.id, bystander.id].sort(),
      );
      await warmList(reader, `tag=${tag}&sortBy=popularity&sortOrder=desc`);

      await order(writer, sold.variants[0].id, 1);
      expect((await readProduct(reader, sold.id)).json().data.variants[0].stock).toBe(2);
      expect((await readProduct(reader, sold.slug)).json().data.variants[0].stock).toBe(2);
      // The other product's page is still the cached one: no SQL to serve it.
      expect(await queriesDuring(reader, () => readProduct(reader, bystander.id))).toBe(0);
      // Still in stock: the in-stock list is still cached and right.
      expect(await queriesDuring(reader, () => listed(reader, `tag=${tag}&inStock=true`))).toBe(0);
      // Units sold are counted off the checkout's path: the popularity list stays cached until the
      // sales roll-up (the job the checkout queued) runs, then it follows the order.
      expect(
        await queriesDuring(reader, () => listed(reader, `tag=${tag}&sortBy=popularity&sortOrder=desc`)),
      ).toBe(0);
      await runSalesRollup(writer.ctx);
      expect((await listed(reader, `tag=${tag}&sortBy=popularity&sortOrder=desc`)).map((p) => p.id)).toEqual([
        sold.id,
        bystander.id,
      ]);

      // Selling the last units takes it out of the in-stock list at once.
      await order(writer, sold.variants[0].id, 2);
      expect((await listed(reader, `tag=${tag}&inStock=true`)).map((p) => p.id)).toEqual([bystander.id]);
      expect((await listed(reader, `tag=${tag}`)).find((p) => p.id === sold.id)?.inStock).toBe(false);
      const page = (await readProduct(reader, sold.slug)).json().data;
      expect([page.inStock, page.variants[0].stock]).toEqual([false, 0]);
      expect(await queriesDuring(reader, () => readProduct(reader, bystander.id))).toBe(0);
    });

    it('a rating change written by another module shows after invalidateCatalog', async () => {
      const other = await createProduct(writer, k.admin, {
        name: 'Rated Cup',
        variants: [{ sku: uniqueSku(), price: 1 }],
      });
      expect((await readProduct(reader, other.id)).json().data.rating).toEqual({ average: 0, count: 0 });
      await writer.ctx.database.pool.query(
        'UPDATE products SET rating_average = 4.5, rating_count = 2 WHERE id = $1',
        [other.id],
      );
      await invalidateCatalog(writer.ctx);
      expect((await readProduct(reader, other.id)).json().data.rating).toEqual({ average: 4.5, count: 2 });
      expect((await listed(reader, 'minRating=4')).map((p) => p.id)).toEqual([other.id]);
    });
  });
}

const opened: TestApp[] = [];
afterAll(async () => {
  for (const app of opened.reverse()) await app.close();
});

describe('a cached response is sent as the text the miss sent', () => {
  // Headers that differ between any two responses.
  const varying = new Set(['x-request-id', 'date', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
  const stable = (headers: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => !varying.has(name)));

  let app: TestApp;
  let product: any;
  let admin: string;
  beforeAll(async () => {
    app = await createTestApp();
    opened.push(app);
    admin = (await tokens(app)).admin;
    product = await createProduct(app, admin, {
      name: 'Byte Exact Teapot "Ōsaka" <b>',
      description: 'Quotes " and backslashes \\ and emoji 🫖 survive the cache',
      tags: ['bytes'],
      options: [{ name: 'Size', values: ['S', 'L'] }],
      variants: [
        { sku: uniqueSku('BX'), price: 1250, stock: 3, options: { Size: 'S' } },
        { sku: uniqueSku('BX'), price: 1450, stock: 0, options: { Size: 'L' } },
      ],
    });
  });

  for (const [what, url, asksBeforeStored] of [
    ['a product page by slug', () => `/api/v1/products/${product.slug}`, 0],
    ['a product page by id', () => `/api/v1/products/${product.id}`, 0],
    ['a list', () => '/api/v1/products?tag=bytes&limit=5&facets=true', 2],
  ] as const) {
    it(`${what}: the hit's body and headers are the miss's, and the admin's uncached page agrees`, async () => {
      const queries = { miss: 0, hit: 0 };
      for (let i = 0; i < asksBeforeStored; i++) await app.app.inject({ method: 'GET', url: url() });
      const miss = await (async () => {
        const before = await countQueries(app, () => app.app.inject({ method: 'GET', url: url() }));
        queries.miss = before.count;
        return before.result;
      })();
      const hitRun = await countQueries(app, () => app.app.inject({ method: 'GET', url: url() }));
      queries.hit = hitRun.count;
      const hit = hitRun.result;
      expect(queries.miss).toBeGreaterThan(0);
      expect(queries.hit).toBe(0);
      expect(hit.statusCode).toBe(200);
      expect(hit.rawPayload.equals(miss.rawPayload)).toBe(true);
      expect(stable(hit.headers)).toEqual(stable(miss.headers));
      expect(hit.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(hit.headers['content-security-policy']).toBeDefined();
      expect(hit.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(hit.headers['x-request-id']).not.toBe(miss.headers['x-request-id']);
      expect(hit.json().success).toBe(true);
      // An admin's answer is read and serialized afresh; without the admin-only fields it is the same.
      const fresh = (await app.app.inject({ method: 'GET', url: url(), headers: bearer(admin) })).json();
      for (const variant of fresh.data.variants ?? []) {
        delete variant.lowStockThreshold;
        delete variant.active;
      }
      expect(hit.json()).toEqual(fresh);
      const name = Array.isArray(fresh.data) ? fresh.data[0]?.name : fresh.data.name;
      expect(name).toBe('Byte Exact Teapot "Ōsaka" <b>');
    });
  }

  it('a list page is stored when asked a third time: a page asked once or twice costs no cache round trip', async () => {
    const url = '/api/v1/products?tag=bytes&limit=3&minPrice=1234&sortBy=price';
    const asks = [];
    for (let i = 0; i < 4; i++)
      asks.push(await countQueries(app, () => app.app.inject({ method: 'GET', url })));
    expect(asks.map((ask) => ask.count)).toEqual([1, 1, 1, 0]);
    for (const ask of asks) expect(ask.result.rawPayload.equals(asks[0]!.result.rawPayload)).toBe(true);
    // Once asked thrice, it is stored on its first miss after an invalidation.
    await invalidateCatalog(app.ctx);
    const again = [];
    for (let i = 0; i < 2; i++)
      again.push((await countQueries(app, () => app.app.inject({ method: 'GET', url }))).count);
    expect(again).toEqual([1, 0]);
  });

  it('long and short list queries are cached under their own keys', async () => {
    // The key holds a short query as it is and a digest of a long one: both must stay apart.
    const filler = Array.from({ length: 6 }, (_, i) => `no-such-tag-${'x'.repeat(20)}-${i}`).join(',');
    const urls = {
      longWith: `/api/v1/products?tag=bytes,${filler}&minPrice=1200&limit=4`,
      longWithout: `/api/v1/products?tag=bytes,${filler}&minPrice=1300&limit=4`,
      shortWith: '/api/v1/products?tag=bytes&minPrice=1200&limit=4',
      shortWithout: '/api/v1/products?tag=bytes&minPrice=1300&limit=4',
    };
    for (const [which, url] of Object.entries(urls)) {
      const asks = [];
      for (let i = 0; i < 4; i++)
        asks.push(await countQueries(app, () => app.app.inject({ method: 'GET', url })));
      expect(
        asks.map((ask) => ask.count),
        which,
      ).toEqual([1, 1, 1, 0]);
      const names = asks.map((ask) => ask.result.json().data.map((p: { name: string }) => p.name));
      const expected = which.endsWith('Without') ? [] : ['Byte Exact Teapot "Ōsaka" <b>'];
      for (const seen of names) expect(seen, which).toEqual(expected);
    }
  });

  it('a product that is not there is a 404 envelope, from the cache too', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await app.app.inject({ method: 'GET', url: '/api/v1/products/no-such-teapot' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect(res.json().requestId).toBe(res.headers['x-request-id']);
    }
  });
});

writeThenReadSuite('one instance: a write followed by a read is never stale', async () => {
  const app = await createTestApp();
  opened.push(app);
  return [app, app];
});

describe.skipIf(!process.env.REDIS_URL)('two instances sharing one Redis (needs REDIS_URL)', () => {
  /**
   * B's requests start once B's bump feed caught up with what completed before them (a PING sent
   * after answered, at most TRUST_MS): the guarantee across instances (docs/caching.md).
   */
  function readsAfterCatchUp(app: TestApp): TestApp {
    const inject = app.app.inject.bind(app.app) as (...args: unknown[]) => Promise<unknown>;
    (app.app as any).inject = async (...args: unknown[]) => {
      await (app.ctx.cache as RedisCache).caughtUp();
      return inject(...args);
    };
    return app;
  }

  writeThenReadSuite('writes on instance A are seen on instance B', async () => {
    const first = await createTestApp();
    const second = await createTestApp({ shareDatabaseWith: first, work: false });
    opened.push(first, second);
    expect(second.ctx.cache.kind).toBe('redis');
    return [first, readsAfterCatchUp(second)];
  });

  /** Records the catalog cache's Redis commands of `app` (the rate limiter has its own) while `fn` runs. */
  async function catalogCommands(app: TestApp, fn: () => Promise<unknown>): Promise<string[]> {
    const redis = (app.ctx.cache as RedisCache).redis;
    const send = redis.sendCommand.bind(redis);
    const commands: string[] = [];
    (redis as any).sendCommand = (command: any, ...rest: any[]) => {
      const text = `${command.name} ${command.args.map(String).join(' ')}`;
      if (text.includes('catalog') || text.includes('version-seq')) commands.push(text);
      return (send as any)(command, ...rest);
    };
    try {
      await fn();
    } finally {
      (redis as any).sendCommand = send;
    }
    return commands;
  }

  /** Waits (up to 5 s) for the app's bump feed to be confirmed: hits then read nothing from Redis. */
  async function feedConfirmed(app: TestApp): Promise<void> {
    const cache = app.ctx.cache as RedisCache;
    for (let waited = 0; !cache.feedConfirmed; waited += 10) {
      if (waited > 5_000) throw new Error('bump feed not confirmed within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * The catalog commands of `fn` run while the bump feed is confirmed. On a loaded machine a
   * confirmation can lapse mid-run (a PING answered late): the hit then reads the sequence (safe),
   * so a run that shows such a read is tried again, up to five times.
   */
  async function confirmedCommands(app: TestApp, fn: () => Promise<unknown>): Promise<string[]> {
    let commands: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      await feedConfirmed(app);
      commands = await catalogCommands(app, fn);
      if (!commands.every((command) => /^get .*version-seq$/.test(command))) break;
      if (commands.length === 0) break;
    }
    return commands;
  }

  it('a cached page, list, suggestion, category tree or brand and tag list is served from the instance: no Redis command while the bump feed is confirmed', async () => {
    const app = await createTestApp();
    opened.push(app);
    await feedConfirmed(app);
    const k = await tokens(app);
    const product = await createProduct(app, k.admin, {
      name: 'Round Trip Lamp',
      variants: [{ sku: uniqueSku('RT'), price: 900, stock: 2 }],
    });
    await readProduct(app, product.slug);
    await warmList(app, 'limit=5');
    const page = await confirmedCommands(app, async () => {
      expect((await readProduct(app, product.slug)).statusCode).toBe(200);
    });
    expect(page).toEqual([]);
    const list = await confirmedCommands(app, () => listed(app, 'limit=5'));
    expect(list).toEqual([]);
    const many = await confirmedCommands(app, () =>
      Promise.all(Array.from({ length: 20 }, () => readProduct(app, product.slug))),
    );
    expect(many).toEqual([]);
    const suggestUrl = '/api/v1/search/suggest?q=round%20tri';
    const suggested = await app.app.inject({ method: 'GET', url: suggestUrl });
    expect(suggested.json().data.products.map((p: any) => p.slug)).toEqual([product.slug]);
    const suggestHit = await confirmedCommands(app, async () => {
      const hit = await app.app.inject({ method: 'GET', url: suggestUrl });
      expect(hit.rawPayload.equals(suggested.rawPayload)).toBe(true);
    });
    expect(suggestHit).toEqual([]);
    for (const url of ['/api/v1/categories', '/api/v1/brands?limit=5', '/api/v1/tags?limit=5']) {
      const first = await app.app.inject({ method: 'GET', url });
      expect(first.statusCode).toBe(200);
      const hit = await confirmedCommands(app, async () => {
        const again = await app.app.inject({ method: 'GET', url });
        expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
      });
      expect(hit).toEqual([]);
    }
  });

  it('without a confirmed bump feed, a hit reads the version sequence, shared by concurrent hits', async () => {
    const app = await createTestApp();
    opened.push(app);
    const k = await tokens(app);
    const product = await createProduct(app, k.admin, {
      name: 'Unconfirmed Lamp',
      variants: [{ sku: uniqueSku('UL'), price: 900, stock: 2 }],
    });
    // No feed (as while its connection is away): the first read learns the sequence.
    (app.ctx.cache as any).feed.close();
    await readProduct(app, product.slug);
    const page = await catalogCommands(app, () => readProduct(app, product.slug));
    expect(page).toEqual([expect.stringMatching(/^get .*version-seq$/)]);
    const many = await catalogCommands(app, () =>
      Promise.all(Array.from({ length: 20 }, () => readProduct(app, product.slug))),
    );
    expect(many.length).toBeLessThan(20);
    expect(many.every((command) => command.endsWith('version-seq'))).toBe(true);
  });

  it('a list page asked for the first or second time is read from the database without a cache command; the third ask looks it up and stores it', async () => {
    const app = await createTestApp();
    opened.push(app);
    await feedConfirmed(app);
    const url = 'limit=4&sortBy=price&minPrice=4321';
    const first = await catalogCommands(app, () => listed(app, url));
    expect(first).toEqual([]);
    const second = await catalogCommands(app, () => listed(app, url));
    expect(second).toEqual([]);
    const third = await catalogCommands(app, () => listed(app, url));
    // (A read of the version sequence too if the bump feed's confirmation lapsed meanwhile.)
    const entryCommands = third.filter((command) => !command.endsWith('version-seq'));
    expect(entryCommands.map((command) => command.split(' ')[0]!.toLowerCase())).toEqual(['eval', 'set']);
    // Another instance has not been asked for it: it reads the database, not what the first stored.
    const other = await createTestApp({ shareDatabaseWith: app, work: false });
    opened.push(other);
    expect(await catalogCommands(other, () => listed(other, url))).toEqual([]);
    expect((await listed(other, url)).map((p) => p.id)).toEqual((await listed(app, url)).map((p) => p.id));
  });

  // Over real sockets (two listening instances, concurrent HTTP requests) and through inject.
  it.each(['http', 'inject'] as const)(
    "%s: a write on instance A is seen by every read that starts on B once B's feed caught up, however busy B's cache is",
    async (transport) => {
      const a = await createTestApp({ listen: transport === 'http' });
      const b = await createTestApp({ shareDatabaseWith: a, work: false, listen: transport === 'http' });
      opened.push(a, b);
      await feedConfirmed(b);
      const k = await tokens(a);
      const product = await createProduct(a, k.admin, {
        name: 'Busy Lamp',
        variants: [{ sku: uniqueSku('BL'), price: 1000, stock: 9 }],
      });
      const price = async () => {
        if (transport === 'inject') return (await readProduct(b, product.id)).json().data.priceMin as number;
        const res = await fetch(`${b.url}/api/v1/products/${product.id}`);
        return ((await res.json()) as any).data.priceMin as number;
      };
      const patch = async (next: number) => {
        const url = `/api/v1/products/${product.id}/variants/${product.variants[0].id}`;
        const headers = bearer(k.admin);
        if (transport === 'inject') {
          return (await a.app.inject({ method: 'PATCH', url, headers, payload: { price: next } })).statusCode;
        }
        const res = await fetch(`${a.url}${url}`, {
          method: 'PATCH',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ price: next }),
        });
        await res.arrayBuffer();
        return res.status;
      };
      expect(await price()).toBe(1000);
      for (const next of [1100, 1200, 1300, 1400, 1500]) {
        // B keeps serving its in-process copy to a stream of readers while A writes.
        let reading = true;
        const background = (async () => {
          const seen: number[] = [];
          while (reading) seen.push(...(await Promise.all([price(), price(), price()])));
          return seen;
        })();
        expect(await patch(next)).toBe(200);
        // Usually already so (the message reaches B with A's answer); at the latest TRUST_MS later.
        const soon = await Promise.all([price(), price()]);
        await (b.ctx.cache as RedisCache).caughtUp();
        const after = await Promise.all([price(), price(), price(), price()]);
        reading = false;
        const seen = [...(await background), ...soon];
        expect(after).toEqual([next, next, next, next]);
        // Readers that overlapped the write saw the old or the new price, nothing else.
        expect(seen.every((p) => p === next || p === next - 100)).toBe(true);
      }
    },
  );
});
