import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSalesRollup } from '../../../src/modules/catalog/sales-rollup';
import { invalidateCatalog } from '../../../src/modules/catalog/service';
import { INVENTORY_LOW_JOB } from '../../../src/modules/inventory/alerts';
import { reserveStock, restoreStock } from '../../../src/modules/inventory/service';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { bearer, createProduct, tokens, uniqueSku, type Tokens } from '../catalog/fixtures';

let t: TestApp;
let k: Tokens;
let product: any;
let v1: string;
let v2: string;

beforeAll(async () => {
  t = await createTestApp({
    env: { ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'correct-horse-battery' },
  });
  k = await tokens(t);
  product = await createProduct(t, k.admin, {
    name: 'Ledger Lamp',
    options: [{ name: 'Color', values: ['Black', 'White'] }],
    variants: [
      { sku: uniqueSku('LAMP'), price: 2500, stock: 10, lowStockThreshold: 3, options: { Color: 'Black' } },
      { sku: uniqueSku('LAMP'), price: 2500, stock: 4, options: { Color: 'White' } },
    ],
  });
  v1 = product.variants[0].id;
  v2 = product.variants[1].id;
});
afterAll(async () => {
  await t.close();
});

const adjust = (payload: object, token = k.admin) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/inventory/adjustments',
    headers: bearer(token),
    payload,
  });
const stockOf = async (variantId: string) =>
  (await t.ctx.database.pool.query('SELECT stock FROM stock_levels WHERE variant_id = $1', [variantId]))
    .rows[0].stock as number;
const lowJobs = async () =>
  (
    await t.ctx.database.pool.query('SELECT data FROM pgboss.job WHERE name = $1', [INVENTORY_LOW_JOB])
  ).rows.map((r) => r.data);

describe('admin adjustments', () => {
  it('records a movement with who and why and changes stock', async () => {
    const res = await adjust({ variantId: v1, delta: 5, reason: 'ADJUSTMENT', note: 'found a box' });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({
      variantId: v1,
      delta: 5,
      reason: 'ADJUSTMENT',
      actorId: k.adminId,
      note: 'found a box',
      orderId: null,
      stock: 15,
    });
    expect(await stockOf(v1)).toBe(15);
  });

  it('never takes stock below zero (409) and leaves no movement behind', async () => {
    const before = (await t.ctx.database.pool.query('SELECT count(*)::int AS n FROM stock_movements')).rows[0]
      .n;
    const res = await adjust({ variantId: v2, delta: -5, reason: 'RECOUNT' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('OUT_OF_STOCK');
    expect(await stockOf(v2)).toBe(4);
    expect(
      (await t.ctx.database.pool.query('SELECT count(*)::int AS n FROM stock_movements')).rows[0].n,
    ).toBe(before);
  });

  it('validates input and guards the route', async () => {
    expect((await adjust({ variantId: v1, delta: 1.5, reason: 'RECOUNT' })).statusCode).toBe(400);
    expect((await adjust({ variantId: v1, delta: 0, reason: 'RECOUNT' })).statusCode).toBe(400);
    expect((await adjust({ variantId: v1, delta: 1, reason: 'ORDER' })).statusCode).toBe(400);
    expect((await adjust({ variantId: v1, delta: 1, stock: 5, reason: 'RECOUNT' })).statusCode).toBe(400);
    expect(
      (await adjust({ variantId: '00000000-0000-4000-8000-000000000000', delta: 1, reason: 'RECOUNT' }))
        .statusCode,
    ).toBe(404);
    expect((await adjust({ variantId: v1, delta: 1, reason: 'RECOUNT' }, k.customer)).statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/admin/inventory/adjustments',
          payload: { variantId: v1, delta: 1, reason: 'RECOUNT' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('requires a reason: a movement code, or free text kept as the note of an ADJUSTMENT', async () => {
    const before = await stockOf(v1);
    const missing = await adjust({ variantId: v1, delta: 1 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect((await adjust({ variantId: v1, delta: 1, reason: '  ' })).statusCode).toBe(400);
    expect((await adjust({ variantId: v1, delta: 1, reason: 'INITIAL' })).statusCode).toBe(400);
    expect(await stockOf(v1)).toBe(before);

    const damaged = await adjust({ variantId: v1, delta: -1, reason: 'DAMAGED', note: 'dropped' });
    expect(damaged.statusCode).toBe(201);
    expect(damaged.json().data).toMatchObject({ reason: 'DAMAGED', note: 'dropped', stock: before - 1 });
    const text = await adjust({ variantId: v1, delta: 1, reason: 'Found behind the shelf' });
    expect(text.statusCode).toBe(201);
    expect(text.json().data).toMatchObject({ reason: 'ADJUSTMENT', note: 'Found behind the shelf' });
    const stored = await t.ctx.database.pool.query(
      'SELECT reason, note FROM stock_movements WHERE id = ANY($1) ORDER BY created_at',
      [[damaged.json().data.id, text.json().data.id]],
    );
    expect(stored.rows).toEqual([
      { reason: 'DAMAGED', note: 'dropped' },
      { reason: 'ADJUSTMENT', note: 'Found behind the shelf' },
    ]);
    const filtered = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/inventory/movements?reason=DAMAGED',
      headers: bearer(k.admin),
    });
    expect(filtered.json().data.map((m: { id: string }) => m.id)).toEqual([damaged.json().data.id]);
    expect(await stockOf(v1)).toBe(before);
  });

  it('concurrent decrements never oversell', async () => {
    const start = await stockOf(v2); // 4
    const results = await Promise.all(
      Array.from({ length: 10 }, () => adjust({ variantId: v2, delta: -1, reason: 'RECOUNT' })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(start);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(10 - start);
    expect(await stockOf(v2)).toBe(0);
    await adjust({ variantId: v2, delta: 8, reason: 'RECOUNT' });
  });
});

describe('low stock', () => {
  it('enqueues inventory.low once when a variant crosses its threshold, and lists it', async () => {
    const before = (await lowJobs()).filter((d) => d.variantId === v1).length;
    await adjust({ variantId: v1, delta: -11, reason: 'RECOUNT' }); // 15 → 4, still above 3
    expect((await lowJobs()).filter((d) => d.variantId === v1)).toHaveLength(before);
    await adjust({ variantId: v1, delta: -2, reason: 'RECOUNT' }); // 4 → 2: crosses
    await adjust({ variantId: v1, delta: -1, reason: 'RECOUNT' }); // 2 → 1: already under, no new event
    const events = (await lowJobs()).filter((d) => d.variantId === v1);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      variantId: v1,
      stock: 2,
      lowStockThreshold: 3,
      productId: product.id,
    });

    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/inventory/low-stock',
      headers: bearer(k.admin),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual([
      expect.objectContaining({
        variantId: v1,
        stock: 1,
        lowStockThreshold: 3,
        productName: 'Ledger Lamp',
        options: { Color: 'Black' },
      }),
    ]);
    // Restocked above its threshold it leaves the list (stock_levels.low is kept by PostgreSQL),
    // and comes back when it falls under again.
    const lowList = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/admin/inventory/low-stock',
          headers: bearer(k.admin),
        })
      ).json().data as Array<{ variantId: string; stock: number }>;
    await adjust({ variantId: v1, delta: 5, reason: 'RECOUNT' }); // 1 → 6
    expect((await lowList()).map((l) => l.variantId)).not.toContain(v1);
    await adjust({ variantId: v1, delta: -5, reason: 'RECOUNT' }); // 6 → 1
    expect((await lowList()).filter((l) => l.variantId === v1).map((l) => l.stock)).toEqual([1]);
    // the handler mails the admin
    await waitFor(async () => {
      const { rows } = await t.ctx.database.pool.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = 'ops@example.com'`,
      );
      return rows[0].n > 0;
    });
  });
});

describe('checkout service functions', () => {
  it('reserveStock is all or nothing and returns every short line as data; restoreStock puts it back', async () => {
    await adjust({ variantId: v1, delta: 9, reason: 'RECOUNT' }); // 10
    const s1 = await stockOf(v1);
    const s2 = await stockOf(v2);
    const orderId = '11111111-1111-4111-8111-111111111111';
    // The transaction commits: a short reservation gives back what it took and writes nothing.
    const { shortfalls } = await t.ctx.database.transaction((tx) =>
      reserveStock(
        t.ctx,
        tx,
        [
          { variantId: v1, quantity: 1 },
          { variantId: v2, quantity: 999 },
        ],
        { orderId },
      ),
    );
    expect(shortfalls).toEqual([{ variantId: v2, requested: 999, available: s2 }]);
    expect(await stockOf(v1)).toBe(s1);
    expect(await stockOf(v2)).toBe(s2);
    const orderMovements = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/admin/inventory/movements?orderId=${orderId}&reason=ORDER`,
          headers: bearer(k.admin),
        })
      ).json().data;
    expect(await orderMovements()).toEqual([]);

    const reserved = await t.ctx.database.transaction((tx) =>
      reserveStock(
        t.ctx,
        tx,
        [
          { variantId: v2, quantity: 2 },
          { variantId: v1, quantity: 1 },
          { variantId: v1, quantity: 1 },
        ],
        { orderId, actorId: k.adminId },
      ),
    );
    await invalidateCatalog(t.ctx);
    expect(reserved.shortfalls).toEqual([]);
    expect((await orderMovements()).map((m: any) => [m.variantId, m.delta]).sort()).toEqual(
      [
        [v1, -2],
        [v2, -2],
      ].sort(),
    );
    expect(await stockOf(v1)).toBe(s1 - 2);
    expect(await stockOf(v2)).toBe(s2 - 2);
    // Units sold are counted by the sales roll-up, off the checkout's path.
    await runSalesRollup(t.ctx);
    const sales = (
      await t.ctx.database.pool.query('SELECT units_sold FROM product_sales WHERE product_id = $1', [
        product.id,
      ])
    ).rows[0];
    expect(sales.units_sold).toBe(4);

    await t.ctx.database.transaction((tx) =>
      restoreStock(
        t.ctx,
        tx,
        [
          { variantId: v1, quantity: 2 },
          { variantId: v2, quantity: 2 },
        ],
        { orderId },
      ),
    );
    expect(await stockOf(v1)).toBe(s1);
    await runSalesRollup(t.ctx);
    expect(
      (
        await t.ctx.database.pool.query('SELECT units_sold FROM product_sales WHERE product_id = $1', [
          product.id,
        ])
      ).rows[0].units_sold,
    ).toBe(0);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/inventory/movements?variantId=${v1}&reason=CANCEL`,
      headers: bearer(k.admin),
    });
    expect(res.json().data).toEqual([
      expect.objectContaining({ variantId: v1, delta: 2, reason: 'CANCEL', orderId }),
    ]);
    expect(res.json().meta.total).toBe(1);
  });

  it('concurrent reservations of the last units: exactly one wins', async () => {
    const last = await createProduct(t, k.admin, {
      name: 'Last One',
      variants: [{ sku: uniqueSku(), price: 1, stock: 1 }],
    });
    const id = last.variants[0].id;
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.ctx.database.transaction((tx) => reserveStock(t.ctx, tx, [{ variantId: id, quantity: 1 }])),
      ),
    );
    expect(outcomes.filter(({ shortfalls }) => shortfalls.length === 0)).toHaveLength(1);
    expect(outcomes.filter(({ shortfalls }) => shortfalls.length === 1)).toHaveLength(4);
    expect(await stockOf(id)).toBe(0);
  });
});

describe('movements ledger', () => {
  it('lists, filters and paginates movements', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/inventory/movements?variantId=${v1}&limit=2`,
      headers: bearer(k.admin),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toHaveLength(2);
    expect(res.json().meta.limit).toBe(2);
    expect(res.json().meta.total).toBeGreaterThan(5);
    const initial = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/inventory/movements?reason=INITIAL`,
      headers: bearer(k.admin),
    });
    expect(initial.json().data.every((m: any) => m.reason === 'INITIAL')).toBe(true);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/admin/inventory/movements?reason=STOLEN',
          headers: bearer(k.admin),
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/admin/inventory/movements',
          headers: bearer(k.customer),
        })
      ).statusCode,
    ).toBe(403);
  });

  it('for every variant, stock equals the sum of its movements', async () => {
    const { rows } = await t.ctx.database.pool.query(`
      SELECT v.id, s.stock, coalesce(sum(m.delta), 0)::int AS ledger
      FROM variants v JOIN stock_levels s ON s.variant_id = v.id
      LEFT JOIN stock_movements m ON m.variant_id = v.id GROUP BY v.id, s.stock`);
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(row.stock, row.id).toBe(row.ledger);
  });
});

describe('idempotent adjustments', () => {
  it('the same Idempotency-Key adjusts once and replays the first response', async () => {
    const before = await stockOf(v1);
    const send = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/inventory/adjustments',
        headers: { ...bearer(k.admin), 'idempotency-key': 'restock-42' },
        payload: body,
      });
    const first = await send({ variantId: v1, delta: 3, reason: 'RECOUNT' });
    const second = await send({ variantId: v1, delta: 3, reason: 'RECOUNT' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await stockOf(v1)).toBe(before + 3);
    expect((await send({ variantId: v1, delta: 4, reason: 'RECOUNT' })).statusCode).toBe(422);
  });
});
