import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createProduct, tokens, uniqueSku, type Tokens } from '../catalog/fixtures';

// GET /search/suggest: products, categories and brands as the shopper types.
let t: TestApp;
let k: Tokens;

interface Suggestions {
  products: Array<{
    id: string;
    slug: string;
    name: string;
    image: unknown;
    priceMin: number;
    currency: string;
  }>;
  categories: Array<{ id: string; slug: string; name: string }>;
  brands: Array<{ id: string; slug: string; name: string }>;
}
const suggest = async (qs: string, token?: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/search/suggest?${qs}`,
    ...(token ? { headers: bearer(token) } : {}),
  });
const suggestions = async (q: string, extra = '') => {
  const res = await suggest(`q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as Suggestions;
};
const names = (rows: Array<{ name: string }>) => rows.map((r) => r.name);

beforeAll(async () => {
  t = await createTestApp({ work: false });
  k = await tokens(t);
  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers: bearer(k.admin), payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json().data as { id: string };
  };
  const hoodies = await post('/api/v1/categories', { name: 'Hoodies' });
  const jackets = await post('/api/v1/categories', { name: 'Jackets' });
  const brand = await post('/api/v1/brands', { name: 'Hoodwink' });
  await post('/api/v1/brands', { name: 'Patagonia' });
  const make = (name: string, price: number, extra: Record<string, unknown> = {}) =>
    createProduct(t, k.admin, { name, variants: [{ sku: uniqueSku(), price, stock: 2 }], ...extra });
  await make('Rugged Hoodie', 4500, { categoryId: hoodies.id, brandId: brand.id });
  await make('Zip Hoodie', 3900, { categoryId: hoodies.id });
  await make('Alpine Jacket', 12900, { categoryId: jackets.id });
  await make('Hoodle Bag', 2000);
  await make('Hoodie Prototype', 100, { status: 'DRAFT' });
  for (const name of ['Merino Basics', 'Merino Outerwear', 'Merino Socks'])
    await post('/api/v1/categories', { name });
  for (const name of ['Merino Mills', 'Merino Works', 'Merino Union']) await post('/api/v1/brands', { name });
  for (let i = 0; i < 6; i++)
    await make(`Merino Sweater ${['Red', 'Blue', 'Green', 'Grey', 'Navy', 'Black'][i]}`, 5000 + i);
});
afterAll(async () => {
  await t.close();
});

describe('suggest', () => {
  it('completes the last word: products, categories and brands it begins', async () => {
    const found = await suggestions('hood');
    expect(names(found.products).sort()).toEqual(['Hoodle Bag', 'Rugged Hoodie', 'Zip Hoodie']);
    expect(found.products.find((p) => p.name === 'Zip Hoodie')).toMatchObject({
      id: expect.any(String),
      slug: 'zip-hoodie',
      priceMin: 3900,
      currency: expect.any(String),
      image: null,
    });
    expect(names(found.categories)).toEqual(['Hoodies']);
    expect(names(found.brands)).toEqual(['Hoodwink']);
  });

  it('tolerates typos by the same budget as search', async () => {
    expect(names((await suggestions('hoodei')).products).sort()).toEqual(['Rugged Hoodie', 'Zip Hoodie']);
    expect(names((await suggestions('jakcet')).categories)).toEqual(['Jackets']);
    expect(names((await suggestions('patagnoia')).brands)).toEqual(['Patagonia']);
    expect(names((await suggestions('rugged hodie')).products)).toEqual(['Rugged Hoodie']);
  });

  it('puts exact words first and never suggests drafts', async () => {
    expect(names((await suggestions('hoodle')).products)[0]).toBe('Hoodle Bag');
    expect(names((await suggestions('hoodle')).products)).toHaveLength(3); // and the hoodies, one edit away
    const hoodie = names((await suggestions('hoodie')).products);
    expect(hoodie.slice(0, 2).sort()).toEqual(['Rugged Hoodie', 'Zip Hoodie']);
    expect(hoodie.slice(2)).toEqual(['Hoodle Bag']); // the draft "Hoodie Prototype" is never shown
  });

  it('returns at most `limit` per list (default 5) and nothing for an empty or nonsense q', async () => {
    const lengths = (found: Suggestions) =>
      [found.products, found.categories, found.brands].map((l) => l.length);
    expect(lengths(await suggestions('merino'))).toEqual([5, 3, 3]);
    expect(lengths(await suggestions('merino', '&limit=2'))).toEqual([2, 2, 2]);
    expect(lengths(await suggestions('merino', '&limit=1'))).toEqual([1, 1, 1]);
    expect(lengths(await suggestions('merino', '&limit=20'))).toEqual([6, 3, 3]);
    expect(await suggestions('')).toEqual({ products: [], categories: [], brands: [] });
    expect(await suggestions('qzxwv')).toEqual({ products: [], categories: [], brands: [] });
  });

  it('shows the first image of each product, with its thumbnails', async () => {
    const zip = (await suggestions('hoodie')).products.find((p) => p.name === 'Zip Hoodie')!;
    const image = async (position: number) =>
      (
        await t.ctx.database.pool.query<{ id: string }>(
          `INSERT INTO product_images (product_id, original_key, small_key, medium_key, content_type, position)
           VALUES ($1, $2, $2 || '-s', $2 || '-m', 'image/png', $3) RETURNING id`,
          [zip.id, `zip-${position}`, position],
        )
      ).rows[0]!.id;
    await image(1);
    const first = await image(0);
    const found = (await suggestions('zip')).products; // a term not asked before: no cached answer
    expect(found).toHaveLength(1);
    expect(found[0]!.image).toMatchObject({
      id: first,
      url: expect.stringContaining('zip-0'),
      thumbnails: { small: expect.stringContaining('zip-0-s'), medium: expect.stringContaining('zip-0-m') },
    });
  });

  it('answers anyone, signed in or not, the same', async () => {
    const anonymous = await suggest('q=hood');
    const customer = await suggest('q=hood', k.customer);
    expect(customer.statusCode).toBe(200);
    expect(customer.json().data).toEqual(anonymous.json().data);
  });

  it('rejects a limit outside 1..20 with 400 VALIDATION_ERROR', async () => {
    for (const limit of ['0', '21', '-1', '2.5', 'x', '']) {
      const res = await suggest(`q=hood&limit=${limit}`);
      expect(res.statusCode, limit).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
  });
});
