import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { bearer, createProduct, tokens, uniqueSku, type Tokens } from './fixtures';

let t: TestApp;
let k: Tokens;
const ids: Record<string, string> = {};
const cat: Record<string, any> = {};

async function post(url: string, payload: object) {
  const res = await t.app.inject({ method: 'POST', url, headers: bearer(k.admin), payload });
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().data;
}
const list = async (qs: string, token?: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/products?${qs}`,
    ...(token ? { headers: bearer(token) } : {}),
  });
  return res;
};
const names = async (qs: string) => {
  const res = await list(qs);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((p: any) => p.name);
};

beforeAll(async () => {
  t = await createTestApp();
  k = await tokens(t);
  cat.electronics = await post('/api/v1/categories', { name: 'Electronics' });
  cat.audio = await post('/api/v1/categories', { name: 'Audio', parentId: cat.electronics.id });
  cat.headphones = await post('/api/v1/categories', { name: 'Headphones', parentId: cat.audio.id });
  cat.kitchen = await post('/api/v1/categories', { name: 'Kitchen', description: 'Pots and pans' });
  const sony = await post('/api/v1/brands', { name: 'Sony' });
  const acme = await post('/api/v1/brands', { name: 'Acme Corp' });
  const make = async (name: string, extra: Record<string, unknown>, price: number, stock: number) => {
    const p = await createProduct(t, k.admin, {
      name,
      variants: [{ sku: uniqueSku(), price, stock }],
      ...extra,
    });
    ids[name] = p.id;
    return p;
  };
  await make(
    'Wireless Headphones',
    {
      categoryId: cat.headphones.id,
      brandId: sony.id,
      tags: ['bluetooth'],
      description: 'Noise cancelling over-ear',
    },
    19900,
    5,
  );
  await make(
    'Studio Speaker',
    { categoryId: cat.audio.id, brandId: sony.id, description: 'Loud and clear' },
    49900,
    0,
  );
  await make(
    'Cast Iron Pan',
    {
      categoryId: cat.kitchen.id,
      brandId: acme.id,
      tags: ['cookware'],
      description: 'Great with headphones on',
    },
    2900,
    12,
  );
  await make(
    'Chef Knife',
    { categoryId: cat.kitchen.id, brandId: acme.id, tags: ['cookware', 'steel'] },
    4900,
    3,
  );
  await make('Café Crème Mug', { tags: ['bluetooth'] }, 900, 100);
  await make('Hidden Draft', { status: 'DRAFT' }, 100, 1);
});
afterAll(async () => {
  await t.close();
});

describe('categories, brands, tags', () => {
  it('returns the tree depth first with recursive product counts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/categories' });
    expect(res.statusCode).toBe(200);
    const rows = res.json().data.map((c: any) => [c.slug, c.depth, c.productCount, c.parentId]);
    expect(rows).toEqual([
      ['electronics', 0, 2, null],
      ['audio', 1, 2, cat.electronics.id],
      ['headphones', 2, 1, cat.audio.id],
      ['kitchen', 0, 2, null],
    ]);
  });

  it('generates unique slugs and rejects duplicates, cycles and non-admins', async () => {
    const again = await post('/api/v1/categories', { name: 'Audio' });
    expect(again.slug).toBe('audio-2');
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/categories',
      headers: bearer(k.admin),
      payload: { name: 'X', slug: 'audio' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('SLUG_TAKEN');
    const cycle = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/categories/${cat.electronics.id}`,
      headers: bearer(k.admin),
      payload: { parentId: cat.headphones.id },
    });
    expect(cycle.statusCode).toBe(409);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/categories/${again.id}`,
      headers: bearer(k.admin),
    });
    expect(del.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/brands', payload: { name: 'Nope' } })).statusCode,
    ).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/tags',
          headers: bearer(k.customer),
          payload: { name: 'Nope' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lists brands and tags with pagination', async () => {
    const brands = await t.app.inject({ method: 'GET', url: '/api/v1/brands?limit=1' });
    expect(brands.json()).toMatchObject({
      data: [{ name: 'Acme Corp', slug: 'acme-corp' }],
      meta: { page: 1, limit: 1, total: 2, totalPages: 2 },
    });
    const tags = await t.app.inject({ method: 'GET', url: '/api/v1/tags' });
    expect(tags.json().data.map((x: any) => x.slug)).toEqual(['bluetooth', 'cookware', 'steel']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/brands/sony' })).json().data.name).toBe('Sony');
  });
});

describe('product list', () => {
  it('returns list items with exactly the documented fields and meta', async () => {
    const res = await list('limit=2&page=2&sortBy=name');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.meta).toEqual({ page: 2, limit: 2, total: 5, totalPages: 3 });
    expect(Object.keys(body.data[0]).sort()).toEqual([
      'currency',
      'id',
      'image',
      'inStock',
      'name',
      'priceMax',
      'priceMin',
      'rating',
      'slug',
    ]);
    expect(body.data.map((p: any) => p.name)).toEqual(['Chef Knife', 'Studio Speaker']);
    expect(body.data[1]).toMatchObject({
      inStock: false,
      rating: { average: 0, count: 0 },
      image: null,
      priceMin: 49900,
    });
  });

  it('filters by category (with sub-categories), brand, tag, price, stock and rating', async () => {
    expect(await names('category=electronics&sortBy=name')).toEqual([
      'Studio Speaker',
      'Wireless Headphones',
    ]);
    expect(await names(`category=${cat.audio.id}&sortBy=name`)).toEqual([
      'Studio Speaker',
      'Wireless Headphones',
    ]);
    expect(await names('category=headphones')).toEqual(['Wireless Headphones']);
    expect(await names('brand=acme-corp&sortBy=price')).toEqual(['Cast Iron Pan', 'Chef Knife']);
    expect(await names('tag=bluetooth&sortBy=name')).toEqual(['Café Crème Mug', 'Wireless Headphones']);
    expect(await names('minPrice=2900&maxPrice=19900&sortBy=price&sortOrder=desc')).toEqual([
      'Wireless Headphones',
      'Chef Knife',
      'Cast Iron Pan',
    ]);
    expect(await names('inStock=true&category=audio')).toEqual(['Wireless Headphones']);
    expect(await names('minRating=1')).toEqual([]);
    expect(await names('category=no-such-category')).toEqual([]);
  });

  it('answers each filter, order and value its own, whichever query of its shape came first', async () => {
    // Without a search, a list's statement is built once per shape of its query (which filters,
    // which order) with its values as placeholders (catalog/product-page.ts, pageOfShape). A new
    // limit per pass keeps every ask a first ask (the customers' cache stores a page asked thrice).
    const visible = [
      'Café Crème Mug',
      'Cast Iron Pan',
      'Chef Knife',
      'Studio Speaker',
      'Wireless Headphones',
    ];
    const byPrice = [
      'Café Crème Mug',
      'Cast Iron Pan',
      'Chef Knife',
      'Wireless Headphones',
      'Studio Speaker',
    ];
    const asks: Array<[string, string[], string?]> = [
      ['inStock=true&sortBy=name', visible.filter((name) => name !== 'Studio Speaker')],
      ['inStock=false&sortBy=name', ['Studio Speaker']],
      ['minPrice=4900&sortBy=name', ['Chef Knife', 'Studio Speaker', 'Wireless Headphones']],
      ['maxPrice=4900&sortBy=name', ['Café Crème Mug', 'Cast Iron Pan', 'Chef Knife']],
      ['minPrice=19900&sortBy=name', ['Studio Speaker', 'Wireless Headphones']],
      ['minPrice=900&maxPrice=2900&sortBy=name', ['Café Crème Mug', 'Cast Iron Pan']],
      ['brand=sony&sortBy=name', ['Studio Speaker', 'Wireless Headphones']],
      ['brand=sony&sortBy=price', ['Wireless Headphones', 'Studio Speaker']],
      ['brand=sony&sortBy=price&sortOrder=desc', ['Studio Speaker', 'Wireless Headphones']],
      ['brand=acme-corp&sortBy=name', ['Cast Iron Pan', 'Chef Knife']],
      [`category=${cat.kitchen.id}&sortBy=name`, ['Cast Iron Pan', 'Chef Knife']],
      ['category=headphones&sortBy=name', ['Wireless Headphones']],
      ['tag=steel&sortBy=name', ['Chef Knife']],
      ['tag=cookware,bluetooth&sortBy=name', visible.filter((name) => name !== 'Studio Speaker')],
      ['minRating=0&sortBy=price', byPrice],
      ['minRating=1&sortBy=price', []],
      ['maxPrice=900&sortBy=price', ['Café Crème Mug']],
      ['maxPrice=900&sortBy=price', ['Hidden Draft', 'Café Crème Mug'], k.admin],
      ['maxPrice=900&sortBy=price&status=DRAFT', ['Hidden Draft'], k.admin],
      ['maxPrice=900&sortBy=price&status=ACTIVE', ['Café Crème Mug'], k.admin],
    ];
    for (const [pass, order] of [asks, [...asks].reverse()].entries())
      for (const [qs, expected, token] of order) {
        const res = await list(`${qs}&limit=${30 + pass}`, token);
        expect(res.statusCode, res.body).toBe(200);
        expect(
          res.json().data.map((p: any) => p.name),
          qs,
        ).toEqual(expected);
        expect(res.json().meta.total, qs).toBe(expected.length);
      }
  });

  it('pages a price-sorted list with a price floor, counting every match on every page', async () => {
    // One statement serves the page and its count: the total must not depend on the page.
    const all = await names('minPrice=2900&sortBy=price');
    expect(all).toHaveLength(4);
    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await list(`minPrice=2900&sortBy=price&limit=2&page=${page}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().meta).toEqual({ page, limit: 2, total: 4, totalPages: 2 });
      pages.push(...res.json().data.map((p: any) => p.name));
    }
    expect(pages).toEqual(all);
    const none = (await list('minPrice=49901&sortBy=price&limit=2&page=2')).json();
    expect(none.data).toEqual([]);
    expect(none.meta).toEqual({ page: 2, limit: 2, total: 0, totalPages: 0 });
  });

  it('answers each price floor and page its own, asked concurrently and again and again', async () => {
    // The list's statement is prepared once per pool connection on PostgreSQL (a generic plan
    // after five runs) and unnamed on the embedded database, whose connections share a session.
    const visible: Array<[string, number]> = [
      ['Café Crème Mug', 900],
      ['Cast Iron Pan', 2900],
      ['Chef Knife', 4900],
      ['Wireless Headphones', 19900],
      ['Studio Speaker', 49900],
    ];
    const asks = [0, 900, 901, 2900, 3000, 4900, 19900, 20000, 49900, 49901].flatMap((floor) =>
      [1, 2, 3].map((page) => ({ floor, page })),
    );
    for (const token of [undefined, k.admin, k.admin, k.admin]) {
      const status = token ? '&status=ACTIVE' : '';
      const answers = await Promise.all(
        asks.map(({ floor, page }) =>
          list(`minPrice=${floor}&sortBy=price&limit=2&page=${page}${status}`, token),
        ),
      );
      answers.forEach((res, i) => {
        const { floor, page } = asks[i]!;
        const matching = visible.filter(([, price]) => price >= floor).map(([name]) => name);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().data.map((p: any) => p.name)).toEqual(matching.slice((page - 1) * 2, page * 2));
        expect(res.json().meta).toEqual({
          page,
          limit: 2,
          total: matching.length,
          totalPages: Math.ceil(matching.length / 2),
        });
      });
    }
  });

  it('sorts by each documented key', async () => {
    expect(await names('sortBy=price')).toEqual([
      'Café Crème Mug',
      'Cast Iron Pan',
      'Chef Knife',
      'Wireless Headphones',
      'Studio Speaker',
    ]);
    expect((await names('sortBy=createdAt&sortOrder=asc'))[0]).toBe('Wireless Headphones');
    expect((await names('sortBy=rating')).length).toBe(5);
    expect((await names('sortBy=popularity')).length).toBe(5);
    expect(await names('sortBy=name&sortOrder=desc')).toEqual([
      'Wireless Headphones',
      'Studio Speaker',
      'Chef Knife',
      'Cast Iron Pan',
      'Café Crème Mug',
    ]);
  });

  it('rejects bad pagination and sort with 400, ignores unknown parameters', async () => {
    for (const qs of [
      'page=0',
      'limit=1000',
      'limit=0',
      'sortBy=password',
      'sortOrder=sideways',
      'minPrice=-1',
      'inStock=maybe',
    ]) {
      const res = await list(qs);
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    for (const qs of [
      'page=100000000000000000000',
      'minPrice=100000000000000000000',
      'minRating=4.5&maxPrice=1e3',
    ]) {
      expect((await list(qs)).statusCode, qs).toBeLessThan(500);
    }
    const res = await list('utm_source=newsletter&fbclid=abc&limit=100');
    expect(res.statusCode).toBe(200);
    expect(res.json().meta.total).toBe(5);
  });
});

describe('search', () => {
  it('finds by name, brand, tag and description, ranked name first', async () => {
    expect((await names('searchTerm=headphones'))[0]).toBe('Wireless Headphones');
    expect(await names('searchTerm=headphones')).toContain('Cast Iron Pan'); // description match, ranked lower
    expect(await names('searchTerm=sony&sortBy=name')).toEqual(['Studio Speaker', 'Wireless Headphones']);
    expect(await names('searchTerm=cookware&sortBy=name')).toEqual(['Cast Iron Pan', 'Chef Knife']);
    expect(await names('searchTerm=noise')).toEqual(['Wireless Headphones']);
  });

  it('tolerates one typo and accents', async () => {
    expect((await names('searchTerm=headphnes'))[0]).toBe('Wireless Headphones');
    expect((await names('searchTerm=wireles'))[0]).toBe('Wireless Headphones');
    expect((await names('searchTerm=speakr'))[0]).toBe('Studio Speaker');
    expect((await names('searchTerm=cafe creme'))[0]).toBe('Café Crème Mug');
  });

  it('treats SQL and operators as plain text and rejects absurd lengths with 400', async () => {
    for (const term of ["'; DROP TABLE products; --", 'a & | ! ( ) :* <-> \\', '%', '""', ' ']) {
      const res = await list(`searchTerm=${encodeURIComponent(term)}`);
      expect(res.statusCode, term).toBe(200);
    }
    expect((await list(`searchTerm=${'a'.repeat(10_000)}`)).statusCode).toBe(400);
    const { rows } = await t.ctx.database.pool.query('SELECT count(*)::int AS n FROM products');
    expect(rows[0].n).toBe(6);
  });
});

describe('queries per request', () => {
  it('a page of 20 products costs a fixed number of queries (no N+1)', async () => {
    for (let i = 0; i < 25; i++) {
      await createProduct(t, k.admin, {
        name: `Bulk Item ${i}`,
        tags: ['bulk', `t${i}`],
        options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
        variants: ['S', 'M', 'L'].map((s) => ({
          sku: uniqueSku('B'),
          price: 100 + i,
          stock: i,
          options: { Size: s },
        })),
      });
    }
    const pool = t.ctx.database.pool;
    // The products' jobs (stock alerts, search) run in this process on the same pool: let them
    // finish first, so only the requests' own queries are counted.
    await waitFor(async () => {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE state < 'completed' AND start_after < now()`,
      );
      return rows[0]!.n === 0;
    });
    const original = pool.query.bind(pool);
    let count = 0;
    (pool as any).query = (...args: any[]) => {
      const text = typeof args[0] === 'string' ? args[0] : String(args[0]?.text ?? '');
      // Count only this request's queries: the job queue polls through the same pool.
      if (!text.includes('pgboss.')) count++;
      return (original as any)(...args);
    };
    try {
      const res = await list('limit=20&tag=bulk&sortBy=price', k.admin); // admin: bypasses the cache
      expect(res.statusCode).toBe(200);
      expect(res.json().data).toHaveLength(20);
      const forTwenty = count;
      count = 0;
      await list('limit=5&tag=bulk', k.admin);
      expect(count).toBe(forTwenty);
      // The page and its count in one statement.
      expect(forTwenty).toBe(1);
      count = 0;
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/products/${ids['Wireless Headphones']}`,
        headers: bearer(k.admin),
      });
      expect(count).toBe(1);
    } finally {
      (pool as any).query = original;
    }
  });
});

describe('inStock after stock and variant changes', () => {
  it('follows the active variants with stock, in the items, the filter and the facet', async () => {
    const category = await post('/api/v1/categories', { name: `Lamps ${uniqueSku()}` });
    const lamp = await createProduct(t, k.admin, {
      name: 'Twin Lamp',
      categoryId: category.id,
      options: [{ name: 'Color', values: ['Red', 'Blue'] }],
      variants: [
        { sku: uniqueSku('LAMP'), price: 3000, stock: 0, options: { Color: 'Red' } },
        { sku: uniqueSku('LAMP'), price: 3200, stock: 4, options: { Color: 'Blue' } },
      ],
    });
    const [red, blue] = lamp.variants as Array<{ id: string }>;
    const seen = async () => {
      const all = await list(`category=${category.slug}&facets=true`);
      expect(all.statusCode, all.body).toBe(200);
      const inStock = all.json().data.map((p: any) => p.inStock);
      return {
        inStock,
        facet: all.json().meta.facets.inStock,
        filtered: await names(`category=${category.slug}&inStock=true`),
        unfiltered: await names(`category=${category.slug}&inStock=false`),
      };
    };
    const inStock = { inStock: [true], facet: 1, filtered: ['Twin Lamp'], unfiltered: [] };
    const soldOut = { inStock: [false], facet: 0, filtered: [], unfiltered: ['Twin Lamp'] };
    const patchVariant = async (variantId: string, payload: object) => {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${lamp.id}/variants/${variantId}`,
        headers: bearer(k.admin),
        payload,
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const adjust = async (variantId: string, delta: number) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/inventory/adjustments',
        headers: bearer(k.admin),
        payload: { variantId, delta, reason: 'recount' },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    expect(await seen()).toEqual(inStock);
    // The only variant with stock is switched off: nothing to sell, though stock is on hand.
    await patchVariant(blue!.id, { active: false });
    expect(await seen()).toEqual(soldOut);
    await adjust(red!.id, 2);
    expect(await seen()).toEqual(inStock);
    await adjust(red!.id, -2);
    expect(await seen()).toEqual(soldOut);
    await patchVariant(blue!.id, { active: true });
    expect(await seen()).toEqual(inStock);
    // DELETE switches the variant off too; another admin's token is needed, a customer's is refused.
    const remove = (token: string) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/v1/products/${lamp.id}/variants/${blue!.id}`,
        headers: bearer(token),
      });
    expect((await remove(k.customer)).statusCode).toBe(403);
    expect(await seen()).toEqual(inStock);
    expect((await remove(k.admin)).statusCode).toBe(200);
    expect(await seen()).toEqual(soldOut);
  });

  it('a variant created switched off does not make its product in stock', async () => {
    const category = await post('/api/v1/categories', { name: `Desks ${uniqueSku()}` });
    const desk = await createProduct(t, k.admin, {
      name: 'Quiet Desk',
      categoryId: category.id,
      options: [{ name: 'Color', values: ['Oak', 'Ash'] }],
      variants: [
        { sku: uniqueSku('DESK'), price: 9000, stock: 0, options: { Color: 'Oak' } },
        { sku: uniqueSku('DESK'), price: 9100, stock: 6, active: false, options: { Color: 'Ash' } },
      ],
    });
    const all = await list(`category=${category.slug}&facets=true`);
    expect(all.json().data.map((p: any) => [p.name, p.inStock])).toEqual([['Quiet Desk', false]]);
    expect(all.json().meta.facets.inStock).toBe(0);
    expect(await names(`category=${category.slug}&inStock=false`)).toEqual(['Quiet Desk']);
    // The admin's product page still shows the switched-off variant's stock.
    const page = await t.app.inject({
      method: 'GET',
      url: `/api/v1/products/${desk.id}`,
      headers: bearer(k.admin),
    });
    expect(page.json().data.variants.map((v: any) => [v.active, v.stock])).toEqual([
      [true, 0],
      [false, 6],
    ]);
  });
});
