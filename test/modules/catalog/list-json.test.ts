import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productSummaries } from '../../../src/modules/catalog/summaries';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createProduct, tokens, uniqueSku, type Tokens } from './fixtures';

// The list's items are JSON text built by PostgreSQL (product-page.ts, itemJson). They must be
// what the API's list-item shape is, as node makes it for the same products (productSummaries maps
// rows with listItemFromRow and imageView), with the keys in the schema's order and the strings
// escaped as JSON.stringify escapes them.

let t: TestApp;
let k: Tokens;
const made: Array<{ id: string; name: string }> = [];
const tag = `jsontext${Date.now().toString(36)}`;

beforeAll(async () => {
  t = await createTestApp();
  k = await tokens(t);
  const names = [
    'Quote "Kettle" \\ back\\slash',
    'Ōsaka <b>Teapot</b> & 茶 🍵',
    'Control\u0001char\nnew line\ttab',
    'Plain Mug',
  ];
  for (const [i, name] of names.entries()) {
    const product = await createProduct(t, k.admin, {
      name,
      tags: [tag],
      // The third is sold out: inStock false.
      options: [{ name: 'Size', values: ['S', 'L'] }],
      variants: [
        { sku: uniqueSku('JT'), price: 1000 + i * 111, stock: i === 2 ? 0 : 3, options: { Size: 'S' } },
        { sku: uniqueSku('JT'), price: 5000 + i, stock: 0, options: { Size: 'L' } },
      ],
    });
    made.push({ id: product.id, name });
  }
  const pool = t.ctx.database.pool;
  // Ratings as reviews leave them (numeric(3,2)): trailing zeros, a whole number, zero.
  const ratings = ['4.50', '3.67', '5.00', '0.00'];
  for (const [i, { id }] of made.entries())
    await pool.query('UPDATE products SET rating_average = $2, rating_count = $3 WHERE id = $1', [
      id,
      ratings[i],
      i * 7,
    ]);
  // Two images on the first product (the lower position is the primary), one on the second.
  const image = (productId: string, stem: string, position: number) =>
    pool.query(
      `INSERT INTO product_images (product_id, original_key, small_key, medium_key, content_type, position)
       VALUES ($1, $2 || '/original.jpg', $2 || '/small.webp', $2 || '/medium.webp', 'image/jpeg', $3)`,
      [productId, stem, position],
    );
  await image(made[0]!.id, `products/${made[0]!.id}/b`, 2);
  await image(made[0]!.id, `products/${made[0]!.id}/a`, 1);
  await image(made[1]!.id, `products/${made[1]!.id}/only`, 0);
});

afterAll(async () => {
  await t?.close();
});

async function listText(qs: string, token?: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/products?tag=${tag}&${qs}`,
    ...(token ? { headers: bearer(token) } : {}),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

describe('list items as JSON text from PostgreSQL', () => {
  it('each item is byte for byte JSON.stringify of the item node makes for the same product', async () => {
    const expected = await productSummaries(
      t.ctx,
      made.map((p) => p.id),
    );
    expect(expected.size).toBe(4);
    // A customer's price-sorted page reads its rows from the covering index (with or without an
    // option filter, which builds the statement per call); other orders and admins read the table.
    const reads: Array<[string, string | undefined]> = [
      ['sortBy=price&limit=10', undefined],
      ['sortBy=price&limit=10&option=Size:S', undefined],
      ['sortBy=createdAt&sortOrder=asc&limit=10', undefined],
      ['sortBy=price&limit=10', k.admin],
    ];
    for (const [qs, token] of reads) {
      const res = await listText(qs, token);
      const body = res.json();
      expect(body.data.map((item: { name: string }) => item.name)).toEqual(made.map((p) => p.name));
      for (const item of body.data) {
        const mine = expected.get(item.id)!;
        expect(item).toEqual(mine);
        // Same keys in the same order, same escapes: the raw text holds the item as node writes it.
        expect(res.body).toContain(JSON.stringify(mine));
      }
      expect(body.meta).toEqual({ page: 1, limit: 10, total: 4, totalPages: 1 });
    }
    const first = expected.get(made[0]!.id)!;
    expect(first.rating).toEqual({ average: 4.5, count: 0 });
    expect(first.image?.url).toMatch(/\/a\/original\.jpg$/);
    expect(first.image?.thumbnails.small).toMatch(/\/a\/small\.webp$/);
    expect(expected.get(made[2]!.id)!.inStock).toBe(false);
    expect(expected.get(made[2]!.id)!.image).toBeNull();
    expect(expected.get(made[3]!.id)!.rating).toEqual({ average: 0, count: 21 });
  });

  it('a page past the last match is an empty data array with the exact total; pages keep their order', async () => {
    const past = (await listText('sortBy=price&limit=2&page=3')).json();
    expect(past.data).toEqual([]);
    expect(past.meta).toEqual({ page: 3, limit: 2, total: 4, totalPages: 2 });
    const second = (await listText('sortBy=price&sortOrder=desc&limit=2&page=2')).json();
    expect(second.data.map((item: { id: string }) => item.id)).toEqual([made[1]!.id, made[0]!.id]);
    expect(second.meta.total).toBe(4);
    const none = await listText('sortBy=price&minPrice=999999');
    expect(none.json()).toMatchObject({ success: true, message: 'OK', data: [], meta: { total: 0 } });
  });

  it('with facets and with a search, the envelope and meta are still the route serializer’s', async () => {
    const faceted = (await listText('facets=true&limit=2')).json();
    expect(faceted.data).toHaveLength(2);
    expect(faceted.meta.total).toBe(4);
    expect(faceted.meta.facets).toBeDefined();
    const searched = (await listText('searchTerm=kettle')).json();
    expect(searched.data.map((item: { id: string }) => item.id)).toEqual([made[0]!.id]);
    expect(searched.data[0]).toEqual((await productSummaries(t.ctx, [made[0]!.id])).get(made[0]!.id));
  });
});
