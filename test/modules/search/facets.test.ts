import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createProduct, tokens, uniqueSku, type Tokens } from '../catalog/fixtures';

// GET /products?facets=true: facet counts over the matching products, each facet ignoring its own
// filter; option filters (values OR, options AND on one variant) and comma lists (OR).
let t: TestApp;
let k: Tokens;

type Params = Record<string, string | string[]>;
interface Facets {
  categories: Array<{ id: string; slug: string; name: string; count: number }>;
  brands: Array<{ id: string; slug: string; name: string; count: number }>;
  tags: Array<{ slug: string; name: string; count: number }>;
  options: Record<string, Array<{ value: string; count: number }>>;
  price: { min: number | null; max: number | null };
  inStock: number;
}

const queryString = (params: Params) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  return search.toString();
};
async function list(params: Params, token?: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/products?${queryString({ limit: '100', ...params })}`,
    ...(token ? { headers: bearer(token) } : {}),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    data: Array<{ name: string; priceMin: number }>;
    meta: { total: number; facets?: Facets };
  };
}
const names = async (params: Params) => (await list(params)).data.map((p) => p.name).sort();
const facetsOf = async (params: Params) => (await list({ ...params, facets: 'true' })).meta.facets!;
const counts = (rows: Array<{ count: number } & ({ slug: string } | { value: string })>) =>
  Object.fromEntries(rows.map((r) => ['slug' in r ? r.slug : r.value, r.count]));

beforeAll(async () => {
  t = await createTestApp({ work: false });
  k = await tokens(t);
  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers: bearer(k.admin), payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json().data as { id: string };
  };
  const clothing = await post('/api/v1/categories', { name: 'Clothing' });
  const cat = {
    tops: await post('/api/v1/categories', { name: 'Tops', parentId: clothing.id }),
    outerwear: await post('/api/v1/categories', { name: 'Outerwear', parentId: clothing.id }),
    home: await post('/api/v1/categories', { name: 'Home' }),
  };
  const brand = {
    northwind: await post('/api/v1/brands', { name: 'Northwind' }),
    contoso: await post('/api/v1/brands', { name: 'Contoso' }),
    fabrikam: await post('/api/v1/brands', { name: 'Fabrikam' }),
  };
  const make = (
    name: string,
    category: { id: string },
    maker: { id: string },
    tags: string[],
    variants: Array<[size: string | null, color: string | null, price: number, stock: number]>,
    extra: Record<string, unknown> = {},
  ) => {
    const sizes = [...new Set(variants.map((v) => v[0]).filter((v) => v !== null))];
    const colors = [...new Set(variants.map((v) => v[1]).filter((v) => v !== null))];
    return createProduct(t, k.admin, {
      name,
      categoryId: category.id,
      brandId: maker.id,
      tags,
      options: [
        ...(sizes.length ? [{ name: 'Size', values: sizes }] : []),
        ...(colors.length ? [{ name: 'Color', values: colors }] : []),
      ],
      variants: variants.map(([size, color, price, stock]) => ({
        sku: uniqueSku(),
        price,
        stock,
        options: { ...(size ? { Size: size } : {}), ...(color ? { Color: color } : {}) },
      })),
      ...extra,
    });
  };
  // prettier-ignore
  await Promise.all([
    make('Merino Sweater', cat.tops, brand.northwind, ['wool', 'winter'], [['S', 'Red', 5000, 2], ['M', 'Red', 5000, 0], ['L', 'Blue', 5200, 1]]),
    make('Cotton Tee', cat.tops, brand.contoso, ['cotton', 'summer'], [['S', 'White', 1500, 0], ['M', 'Blue', 1500, 0]]),
    make('Rain Jacket', cat.outerwear, brand.fabrikam, ['winter', 'waterproof'], [['M', 'Yellow', 9000, 3], ['L', 'Blue', 9500, 0]]),
    make('Wool Coat', cat.outerwear, brand.northwind, ['wool', 'winter'], [['M', 'Grey', 15000, 1]]),
    make('Linen Shirt', cat.tops, brand.fabrikam, ['summer'], [['S', 'Blue', 3000, 5], ['L', 'White', 3000, 0]]),
    make('Ceramic Mug', cat.home, brand.contoso, ['kitchen'], [[null, null, 1200, 10]]),
    make('Wool Blanket', cat.home, brand.northwind, ['wool'], [[null, 'Grey', 7000, 0]]),
    make('Wool Hat', cat.tops, brand.northwind, ['wool', 'winter'], [['M', 'Red', 2500, 4]], { status: 'DRAFT' }),
  ]);
});
afterAll(async () => {
  await t.close();
});

describe('facet counts', () => {
  it('counts the visible catalog: categories with their sub-categories, brands, tags, options, price, stock', async () => {
    const facets = await facetsOf({});
    expect(counts(facets.categories)).toEqual({ clothing: 5, tops: 3, outerwear: 2, home: 2 });
    expect(facets.categories[0]).toMatchObject({
      slug: 'clothing',
      name: 'Clothing',
      id: expect.any(String),
    });
    expect(counts(facets.brands)).toEqual({ northwind: 3, contoso: 2, fabrikam: 2 });
    expect(counts(facets.tags)).toEqual({
      wool: 3,
      winter: 3,
      summer: 2,
      cotton: 1,
      waterproof: 1,
      kitchen: 1,
    });
    expect(counts(facets.options.Size!)).toEqual({ M: 4, S: 3, L: 3 });
    expect(counts(facets.options.Color!)).toEqual({ Blue: 4, Red: 1, White: 2, Yellow: 1, Grey: 2 });
    expect(facets.price).toEqual({ min: 1200, max: 15000 });
    expect(facets.inStock).toBe(5);
  });

  it('leaves meta.facets out unless asked for', async () => {
    expect((await list({})).meta.facets).toBeUndefined();
  });

  it('lets each facet ignore its own filter, so a selection can widen', async () => {
    const facets = await facetsOf({ brand: 'northwind', inStock: 'true', minPrice: '6000' });
    expect(counts(facets.brands)).toEqual({ northwind: 1, fabrikam: 1 }); // coat, jacket
    expect(facets.inStock).toBe(1); // coat (blanket is out of stock)
    expect(facets.price).toEqual({ min: 5000, max: 15000 }); // sweater and coat, in stock
    expect(counts(facets.categories)).toEqual({ clothing: 1, outerwear: 1 });
  });

  it('counts each option without its own filter but with the other options, on one variant', async () => {
    const facets = await facetsOf({ option: ['Color:Red'] });
    expect(counts(facets.options.Size!)).toEqual({ S: 1, M: 1 }); // the sweater's red variants
    expect(counts(facets.options.Color!)).toEqual({ Blue: 4, Red: 1, White: 2, Yellow: 1, Grey: 2 });
  });

  // The proof the issue asks for: a facet's count is the total of the list with that value chosen.
  const cases: Params[] = [
    {},
    { searchTerm: 'wool' },
    { brand: 'northwind', option: ['Size:M'] },
    { category: 'clothing', inStock: 'true', minPrice: '2000' },
    { option: ['Size:S', 'Size:L', 'Color:Blue'], tag: 'winter,summer' },
  ];
  it.each(cases)('equal the totals of the list with that value chosen: %j', async (params) => {
    const facets = await facetsOf(params);
    const total = async (replace: Params) => (await list({ ...params, ...replace })).meta.total;
    const withOption = (name: string, value: string) => [
      ...[params.option ?? []].flat().filter((o) => !o.startsWith(`${name}:`)),
      `${name}:${value}`,
    ];
    const checks: Array<[string, number, Params]> = [
      ...facets.categories.map((c): [string, number, Params] => [c.slug, c.count, { category: c.slug }]),
      ...facets.brands.map((b): [string, number, Params] => [b.slug, b.count, { brand: b.id }]),
      ...facets.tags.map((g): [string, number, Params] => [g.slug, g.count, { tag: g.slug }]),
      ...Object.entries(facets.options).flatMap(([name, values]) =>
        values.map((v): [string, number, Params] => [
          `${name}:${v.value}`,
          v.count,
          { option: withOption(name, v.value) },
        ]),
      ),
      ['inStock', facets.inStock, { inStock: 'true' }],
    ];
    expect(checks.length).toBeGreaterThan(3);
    for (const [label, count, replace] of checks) expect(await total(replace), label).toBe(count);
    const { minPrice: _min, maxPrice: _max, ...unpriced } = params;
    const byPrice = (await list({ ...unpriced, sortBy: 'price' })).data.map((p) => p.priceMin);
    expect(facets.price).toEqual(
      byPrice.length ? { min: Math.min(...byPrice), max: Math.max(...byPrice) } : { min: null, max: null },
    );
  });

  it('reports an empty match as empty facets', async () => {
    const facets = await facetsOf({ searchTerm: 'zzqxv' });
    expect(facets).toEqual({
      categories: [],
      brands: [],
      tags: [],
      options: {},
      price: { min: null, max: null },
      inStock: 0,
    });
  });
});

describe('filters', () => {
  it('ORs the values of one option and ANDs different options on the same variant', async () => {
    expect(await names({ option: ['Size:S', 'Size:L'] })).toEqual([
      'Cotton Tee',
      'Linen Shirt',
      'Merino Sweater',
      'Rain Jacket',
    ]);
    expect(await names({ option: ['Size:M', 'Color:Red'] })).toEqual(['Merino Sweater']);
    expect(await names({ option: 'Size:L&Color:Red'.split('&') })).toEqual([]); // no variant is both
    expect(await names({ option: ['Color:Grey'] })).toEqual(['Wool Blanket', 'Wool Coat']);
  });

  it('ORs comma lists of categories, brands and tags (ids or slugs)', async () => {
    expect(await names({ category: 'outerwear,home' })).toEqual([
      'Ceramic Mug',
      'Rain Jacket',
      'Wool Blanket',
      'Wool Coat',
    ]);
    const northwind = (await facetsOf({})).brands.find((b) => b.slug === 'northwind')!;
    expect(await names({ brand: `${northwind.id},contoso` })).toEqual([
      'Ceramic Mug',
      'Cotton Tee',
      'Merino Sweater',
      'Wool Blanket',
      'Wool Coat',
    ]);
    expect(await names({ tag: 'kitchen, waterproof' })).toEqual(['Ceramic Mug', 'Rain Jacket']);
  });

  it('rejects a malformed option or an empty list with 400 VALIDATION_ERROR', async () => {
    for (const qs of [
      'option=Size',
      'option=:M',
      'option=Size:',
      'brand=,',
      `tag=${Array.from({ length: 21 }, (_, i) => `t${i}`).join(',')}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/products?${qs}` });
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.code, qs).toBe('VALIDATION_ERROR');
    }
  });

  it('shows admins drafts in the facets too, customers never', async () => {
    const admin = (await list({ facets: 'true' }, k.admin)).meta.facets!;
    const customer = (await list({ facets: 'true' }, k.customer)).meta.facets!;
    expect(counts(admin.brands).northwind).toBe(4);
    expect(counts(customer.brands).northwind).toBe(3);
  });
});

describe('facets after catalog writes', () => {
  it('follow variant deactivations, option changes and tag changes', async () => {
    const send = async (method: 'PATCH' | 'DELETE', url: string, payload?: object) => {
      const res = await t.app.inject({
        method,
        url,
        headers: bearer(k.admin),
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
    };
    const { id } = (await list({ searchTerm: 'linen' })).data[0] as unknown as { id: string };
    const product = (await t.app.inject({ method: 'GET', url: `/api/v1/products/${id}` })).json().data as {
      variants: Array<{ id: string; options: Record<string, string> }>;
    };
    const white = product.variants.find((v) => v.options.Color === 'White')!;
    const blue = product.variants.find((v) => v.options.Color === 'Blue')!;
    const before = await facetsOf({});
    expect(counts(before.options.Color!).White).toBe(2);
    expect(counts(before.options.Size!)).toMatchObject({ S: 3, L: 3 });

    await send('DELETE', `/api/v1/products/${id}/variants/${white.id}`);
    await send('PATCH', `/api/v1/products/${id}/variants/${blue.id}`, {
      options: { Size: 'L', Color: 'Blue' },
    });
    await send('PATCH', `/api/v1/products/${id}`, { tags: ['linen'] });

    const facets = await facetsOf({});
    expect(counts(facets.options.Color!).White).toBe(1); // the Cotton Tee's
    expect(counts(facets.options.Size!)).toMatchObject({ S: 2, L: 3 }); // Linen Shirt moved from S to L
    expect(counts(facets.tags)).toMatchObject({ linen: 1, summer: 1 });
    // and every count is still what the list would hold with that value chosen
    for (const [name, values] of Object.entries(facets.options))
      for (const { value, count } of values)
        expect((await list({ option: `${name}:${value}` })).meta.total, `${name}:${value}`).toBe(count);
    for (const { slug, count } of facets.tags)
      expect((await list({ tag: slug })).meta.total, slug).toBe(count);
  });
});
