import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reindexSearch } from '../../../src/modules/catalog/reindex';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createProduct, tokens, uniqueSku, type Tokens } from '../catalog/fixtures';

// The rebuild behind `npm run search:reindex`: a catalog whose vocabulary is missing (data from
// before it, or a bulk SQL import) becomes searchable with typos again, as if every product had
// been written through the API.
let t: TestApp;
let k: Tokens;

const query = async <T extends object>(text: string, values: unknown[] = []) =>
  (await t.ctx.database.pool.query<T>(text, values)).rows;
const vocabulary = () =>
  query<{ word: string; document_count: number }>(
    'SELECT word, document_count FROM search_words ORDER BY word',
  );
const documents = () =>
  query<{ id: string; kind: string; words: string[] }>(
    'SELECT id, kind, words FROM search_documents ORDER BY id',
  );
/** As an admin, so no cached list answers. */
const names = async (term: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/products?searchTerm=${encodeURIComponent(term)}`,
    headers: bearer(k.admin),
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().data as Array<{ name: string }>).map((p) => p.name).sort();
};
const suggestions = async (q: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/search/suggest?q=${q}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as { categories: Array<{ name: string }>; brands: Array<{ name: string }> };
};

beforeAll(async () => {
  t = await createTestApp({ work: false });
  k = await tokens(t);
  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers: bearer(k.admin), payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json().data as { id: string };
  };
  const jackets = await post('/api/v1/categories', { name: 'Jackets' });
  const brand = await post('/api/v1/brands', { name: 'Patagonia' });
  await createProduct(t, k.admin, {
    name: 'Rugged Hoodie',
    description: 'Brushed fleece',
    tags: ['waterproof'],
    brandId: brand.id,
    variants: [{ sku: uniqueSku(), price: 4500, stock: 2 }],
  });
  await createProduct(t, k.admin, {
    name: 'Alpine Jacket',
    categoryId: jackets.id,
    variants: [{ sku: uniqueSku(), price: 12900, stock: 1 }],
  });
});
afterAll(async () => {
  await t.close();
});

describe('search reindex', () => {
  it('rebuilds exactly the vocabulary that writes through the API keep', async () => {
    const [words, docs] = [await vocabulary(), await documents()];
    expect(words.length).toBeGreaterThan(5);
    await query('DELETE FROM search_words');
    await query('DELETE FROM search_documents');
    expect(await names('hodie')).toEqual([]); // no vocabulary: no typo tolerance

    expect(await reindexSearch(t.ctx.database)).toEqual({ products: 2, words: words.length });
    expect(await vocabulary()).toEqual(words);
    expect(await documents()).toEqual(docs);
    expect(await names('hodie')).toEqual(['Rugged Hoodie']);
    expect(await names('jakcet')).toEqual(['Alpine Jacket']);
    expect((await suggestions('jakcet')).categories.map((c) => c.name)).toEqual(['Jackets']);
    expect((await suggestions('patagnoia')).brands.map((b) => b.name)).toEqual(['Patagonia']);
  });

  it('makes products imported with plain SQL searchable, typos included', async () => {
    const id = randomUUID();
    await query(
      `INSERT INTO products (id, name, slug, description, currency, status) VALUES ($1, 'Merino Sweater', $2, 'Soft wool', 'USD', 'ACTIVE')`,
      [id, `merino-sweater-${id}`],
    );
    await query(
      `INSERT INTO variants (product_id, sku, price, options) VALUES ($1, $2, 5900, '{"Size":"M"}')`,
      [id, uniqueSku()],
    );
    expect(await names('merino')).toEqual([]);

    expect(await reindexSearch(t.ctx.database)).toMatchObject({ products: 3 });
    expect(await names('merino')).toEqual(['Merino Sweater']);
    expect(await names('swaeter')).toEqual(['Merino Sweater']);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/products?searchTerm=sweater&facets=true',
      headers: bearer(k.admin),
    });
    expect(res.json().data[0]).toMatchObject({ name: 'Merino Sweater', priceMin: 5900, priceMax: 5900 });
    expect(res.json().meta.facets.options).toEqual({ Size: [{ value: 'M', count: 1 }] });
  });
});
