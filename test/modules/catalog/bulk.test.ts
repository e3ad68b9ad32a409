import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createProduct, tokens, type Tokens } from './fixtures';

let t: TestApp;
let k: Tokens;

beforeAll(async () => {
  t = await createTestApp();
  k = await tokens(t);
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/categories',
    headers: bearer(k.admin),
    payload: { name: 'Shirts' },
  });
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/brands',
    headers: bearer(k.admin),
    payload: { name: 'Loom' },
  });
});
afterAll(async () => {
  await t.close();
});

const importCsv = (csv: string, qs = '', token = k.admin) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/products/import${qs}`,
    headers: { ...bearer(token), 'content-type': 'text/csv' },
    payload: csv,
  });
const stock = async (sku: string) =>
  (
    await t.ctx.database.pool.query(
      'SELECT s.stock FROM stock_levels s JOIN variants v ON v.id = s.variant_id WHERE v.sku = $1',
      [sku],
    )
  ).rows[0]?.stock;

describe('CSV import', () => {
  it('creates products grouped by slug, with options, tags, category, brand and IMPORT movements', async () => {
    const csv = [
      'sku,product,name,description,category,brand,tags,options,price,compareAtPrice,stock',
      'OX-S-W,oxford-shirt,Oxford Shirt,"Crisp, cotton",shirts,loom,cotton|office,Size=S|Color=White,2999,3999,10',
      'OX-M-W,oxford-shirt,Oxford Shirt,,shirts,loom,,Size=M|Color=White,2999,,4',
      'OX-M-B,oxford-shirt,Oxford Shirt,,shirts,loom,,Size=M|Color=Blue,3199,,0',
      'SOCK-1,,Wool Socks,,,,,,499,,25',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toEqual({
      mode: 'per-row',
      rows: 4,
      created: 4,
      updated: 0,
      failed: 0,
      errors: [],
    });
    const shirt = (await t.app.inject({ method: 'GET', url: '/api/v1/products/oxford-shirt' })).json().data;
    expect(shirt).toMatchObject({
      name: 'Oxford Shirt',
      description: 'Crisp, cotton',
      category: { slug: 'shirts' },
      brand: { slug: 'loom' },
      options: [
        { name: 'Size', values: ['S', 'M'] },
        { name: 'Color', values: ['White', 'Blue'] },
      ],
      priceMin: 2999,
      priceMax: 3199,
    });
    expect(shirt.tags.map((x: any) => x.slug).sort()).toEqual(['cotton', 'office']);
    expect(shirt.variants).toHaveLength(3);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/products/wool-socks' })).json().data.variants[0]
        .stock,
    ).toBe(25);
    const { rows } = await t.ctx.database.pool.query(
      `SELECT count(*)::int AS n FROM stock_movements m JOIN variants v ON v.id = m.variant_id WHERE v.sku LIKE 'OX-%' AND m.reason = 'IMPORT'`,
    );
    expect(rows[0].n).toBe(2);
  });

  it('updates existing SKUs (price, absolute stock as a movement) and reports bad rows per row', async () => {
    const csv = [
      'sku,price,stock,options',
      'OX-S-W,2799,7,',
      'OX-M-W,-5,1,',
      'OX-M-B,12.5,1,',
      'NEW-NO-NAME,100,1,',
      'OX-M-B,,3,Size=XL|Color=Blue',
      'SOCK-1,,30,',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(200);
    const report = res.json().data;
    expect(report).toMatchObject({ rows: 6, created: 0, updated: 2, failed: 4 });
    expect(report.errors.map((e: any) => e.row)).toEqual([3, 4, 5, 6]);
    expect(report.errors[0]).toMatchObject({ row: 3, sku: 'OX-M-W' });
    expect(await stock('OX-S-W')).toBe(7);
    expect(await stock('SOCK-1')).toBe(30);
    expect(await stock('OX-M-W')).toBe(4);
    const detail = (await t.app.inject({ method: 'GET', url: '/api/v1/products/oxford-shirt' })).json().data;
    expect(detail.priceMin).toBe(2799);
  });

  it('all-or-nothing applies nothing when one row fails', async () => {
    const csv = ['sku,price,stock', 'OX-S-W,1111,1', 'SOCK-1,abc,1'].join('\n');
    const res = await importCsv(csv, '?mode=all-or-nothing');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IMPORT_FAILED');
    expect(res.json().error.details).toEqual([
      { path: 'rows.3', message: expect.stringContaining('SOCK-1') },
    ]);
    expect(await stock('OX-S-W')).toBe(7);

    const late = ['sku,product,name,price', 'OX-S-W,,,1111', 'LATE-1,oxford-shirt,Oxford Shirt,1'].join('\n');
    const lateRes = await importCsv(late, '?mode=all-or-nothing');
    expect(lateRes.statusCode).toBe(400); // the new variant has no options on an optioned product
    const price = (await t.ctx.database.pool.query(`SELECT price FROM variants WHERE sku = 'OX-S-W'`)).rows[0]
      .price;
    expect(price).toBe(2799);

    const good = await importCsv(['sku,price', 'OX-S-W,2599'].join('\n'), '?mode=all-or-nothing');
    expect(good.statusCode).toBe(200);
    expect(good.json().data).toMatchObject({ updated: 1, failed: 0 });
  });

  it('accepts multipart, rejects malformed CSV, unknown columns and non-admins', async () => {
    const boundary = 'bnd123';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\nsku,price\r\nSOCK-1,450\r\n--${boundary}--\r\n`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/products/import',
      headers: { ...bearer(k.admin), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.updated).toBe(1);
    expect((await importCsv('sku,price\n"unterminated,1')).statusCode).toBe(400);
    const unknown = await importCsv('sku,price,password\nSOCK-1,1,x');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('INVALID_CSV');
    expect((await importCsv('sku,price\nSOCK-1,1', '', k.customer)).statusCode).toBe(403);
    expect((await importCsv('sku,price\nSOCK-1,1', '?mode=yolo')).statusCode).toBe(400);
  });
});

describe('CSV export', () => {
  it('neutralises formula cells and the import restores them', async () => {
    const names = ['-10% Winter Sale', '@SUM(1+1)', '+Plus Size Tee', "'=already quoted"];
    for (const [i, name] of names.entries())
      await createProduct(t, k.admin, { name, variants: [{ sku: `FORMULA-${i}`, price: 500 }] });
    const exported = async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/admin/products/export',
        headers: bearer(k.admin),
      });
      return parse(res.body, { columns: true }) as Array<Record<string, string>>;
    };
    const rows = await exported();
    const nameOf = (sku: string) => rows.find((r) => r.sku === sku)!.name ?? '';
    expect(names.map((_, i) => nameOf(`FORMULA-${i}`))).toEqual([
      "'-10% Winter Sale",
      "'@SUM(1+1)",
      "'+Plus Size Tee",
      "''=already quoted",
    ]);
    const csv = [
      'sku,name',
      ...names.map((_, i) => `FORMULA-${i},"${nameOf(`FORMULA-${i}`).replace(/"/g, '""')}"`),
    ].join('\n');
    const reimported = await importCsv(csv, '?mode=all-or-nothing');
    expect(reimported.statusCode, reimported.body).toBe(200);
    const { rows: stored } = await t.ctx.database.pool.query(
      "SELECT p.name FROM products p JOIN variants v ON v.product_id = p.id WHERE v.sku LIKE 'FORMULA-%' ORDER BY v.sku",
    );
    expect(stored.map((r) => r.name)).toEqual(names);
  });

  it('streams every variant with the import columns, and round-trips through the import', async () => {
    for (let i = 0; i < 3; i++) {
      await createProduct(t, k.admin, {
        name: `Export ${i}`,
        options: [{ name: 'Size', values: ['S', 'M'] }],
        variants: [
          { sku: `EXP-${i}-S`, price: 100 + i, stock: i, options: { Size: 'S' } },
          { sku: `EXP-${i}-M`, price: 200 + i, options: { Size: 'M' } },
        ],
      });
    }
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/products/export',
      headers: bearer(k.admin),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="products-/);
    const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>;
    const { rows: count } = await t.ctx.database.pool.query('SELECT count(*)::int AS n FROM variants');
    expect(rows).toHaveLength(count[0].n);
    expect(rows.find((r) => r.sku === 'EXP-1-S')).toMatchObject({
      product: 'export-1',
      name: 'Export 1',
      options: 'Size=S',
      price: '101',
      stock: '1',
      active: 'true',
      status: 'ACTIVE',
    });
    expect(rows.find((r) => r.sku === 'OX-S-W')).toMatchObject({
      category: 'shirts',
      brand: 'loom',
      tags: 'cotton|office',
    });

    const again = await importCsv(res.body, '?mode=all-or-nothing');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().data).toMatchObject({ updated: rows.length, created: 0, failed: 0 });
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/admin/products/export',
          headers: bearer(k.customer),
        })
      ).statusCode,
    ).toBe(403);
  });
});
