import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createProduct, tokens, uniqueSku, type Tokens } from '../catalog/fixtures';

// GET /products?searchTerm= through the search module: typo budget, completions, ranking, and a
// vocabulary kept current by every catalog write.
let t: TestApp;
let k: Tokens;
const ids: Record<string, string> = {};

async function send(method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: bearer(k.admin), ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().data;
}
const names = async (term: string, extra = '') => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/products?searchTerm=${encodeURIComponent(term)}${extra}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((p: { name: string }) => p.name) as string[];
};
const vocabulary = async (word: string) => {
  const { rows } = await t.ctx.database.pool.query<{ document_count: number }>(
    'SELECT document_count FROM search_words WHERE word = $1',
    [word],
  );
  return rows[0]?.document_count ?? 0;
};

beforeAll(async () => {
  t = await createTestApp({ work: false });
  k = await tokens(t);
  const northwind = await send('POST', '/api/v1/brands', { name: 'Northwind' });
  const make = async (name: string, extra: Record<string, unknown> = {}) => {
    const p = await createProduct(t, k.admin, {
      name,
      variants: [{ sku: uniqueSku(), price: 1000, stock: 3 }],
      ...extra,
    });
    ids[name] = p.id;
  };
  await make('Rugged Hoodie');
  await make('Alpine Jacket', { description: 'A rugged shell for wet days' });
  await make('Canvas Tote', { brandId: northwind.id });
  await make('Cotton Hoodle Scarf'); // "hoodle" is a real word here: exact beats the typo of hoodie
  await make('Waxed Hoodie Jacket', { tags: ['rugged'] });
});
afterAll(async () => {
  await t.close();
});

describe('pages of a search', () => {
  it('counts every match on each page, past the last one too, and nothing for no match', async () => {
    const page = async (n: number, term = 'hoodie') => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/products?searchTerm=${term}&limit=1&page=${n}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return { names: res.json().data.map((p: { name: string }) => p.name), meta: res.json().meta };
    };
    const pages = [await page(1), await page(2), await page(3)];
    expect(pages.map((p) => p.meta.total)).toEqual([3, 3, 3]);
    expect(pages[0]!.meta.totalPages).toBe(3);
    // exact matches first, then the typo ("hoodle" is one edit from "hoodie")
    expect(pages.flatMap((p) => p.names)).toEqual([
      expect.stringMatching(/Hoodie/),
      expect.stringMatching(/Hoodie/),
      'Cotton Hoodle Scarf',
    ]);
    expect(await page(9)).toMatchObject({ names: [], meta: { total: 3, page: 9 } });
    expect((await page(1, 'qzxwv')).meta).toMatchObject({ total: 0, totalPages: 0 });
  });
});

describe('typo tolerance by edit distance', () => {
  it('finds the words of the issue one edit away (substitution, transposition, deletion)', async () => {
    expect(await names('hoodei')).toEqual(expect.arrayContaining(['Rugged Hoodie', 'Waxed Hoodie Jacket']));
    expect(await names('jaket')).toEqual(expect.arrayContaining(['Alpine Jacket', 'Waxed Hoodie Jacket']));
    expect(await names('jackte')).toEqual(expect.arrayContaining(['Alpine Jacket']));
    expect(await names('rugegd')).toEqual(expect.arrayContaining(['Rugged Hoodie']));
    expect(await names('ruggad')).toEqual(expect.arrayContaining(['Rugged Hoodie']));
  });

  it('does not stretch past the budget: 2 edits in a 6-letter word find nothing', async () => {
    expect(await names('huudei')).toEqual([]);
    expect(await names('zzzzqx')).toEqual([]);
  });

  it('completes the last word as a prefix', async () => {
    expect(await names('alpine jac')).toEqual(['Alpine Jacket']);
    expect(await names('northw')).toEqual(['Canvas Tote']);
  });
});

describe('ranking', () => {
  it('puts exact matches above typo matches', async () => {
    const found = await names('hoodle');
    expect(found[0]).toBe('Cotton Hoodle Scarf');
    expect(found).toContain('Rugged Hoodie');
  });

  it('puts the name above brand and tags, and those above the description', async () => {
    expect(await names('rugged')).toEqual(['Rugged Hoodie', 'Waxed Hoodie Jacket', 'Alpine Jacket']);
  });
});

describe('vocabulary upkeep through the API', () => {
  it('learns a renamed product and forgets the old name, so typos follow the catalog', async () => {
    expect(await names('toet')).toEqual(['Canvas Tote']);
    await send('PATCH', `/api/v1/products/${ids['Canvas Tote']}`, { name: 'Canvas Satchel' });
    expect(await vocabulary('tote')).toBe(0);
    expect(await vocabulary('satchel')).toBe(1);
    expect(await names('sathcel')).toEqual(['Canvas Satchel']);
  });

  it('drops archived products from the vocabulary', async () => {
    expect(await vocabulary('alpine')).toBe(1);
    await send('DELETE', `/api/v1/products/${ids['Alpine Jacket']}`);
    expect(await vocabulary('alpine')).toBe(0);
    expect(await names('alpine')).toEqual([]);
  });

  it('indexes category and brand names, and forgets deleted ones', async () => {
    const category = await send('POST', '/api/v1/categories', { name: 'Outerwear' });
    expect(await vocabulary('outerwear')).toBe(1);
    await send('PATCH', `/api/v1/categories/${category.id}`, { name: 'Knitwear' });
    expect([await vocabulary('outerwear'), await vocabulary('knitwear')]).toEqual([0, 1]);
    await send('DELETE', `/api/v1/categories/${category.id}`);
    expect(await vocabulary('knitwear')).toBe(0);
    const brand = await send('POST', '/api/v1/brands', { name: 'Fjallraven' });
    expect(await vocabulary('fjallraven')).toBe(1);
    await send('DELETE', `/api/v1/brands/${brand.id}`);
    expect(await vocabulary('fjallraven')).toBe(0);
  });
});
