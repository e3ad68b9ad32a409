import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveStock } from '../../../src/modules/inventory/service';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createProduct, simpleProduct, tokens } from '../catalog/fixtures';

// The stock statement runs on every checkout; PostgreSQL must keep its generic plan rather than
// plan it again on each call (inventory_lines(), migration 0033). Named statements only exist on
// PostgreSQL: the embedded database runs every statement unnamed, so there is nothing to check.
const why = 'needs DATABASE_URL: the embedded database runs statements unnamed';

describe.skipIf(!process.env.DATABASE_URL)(`the stock statement's plan (${why})`, () => {
  let t: TestApp;
  let variantId: string;

  beforeAll(async () => {
    t = await createTestApp({
      env: { ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'correct-horse-battery' },
    });
    const { admin } = await tokens(t);
    const product = await createProduct(t, admin, simpleProduct('Plan Lamp', 1000, 50));
    variantId = product.variants[0].id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('is planned once: after five custom plans PostgreSQL keeps the generic one', async () => {
    const rollback = new Error('roll back');
    let plans: Array<{ generic_plans: string; custom_plans: string }> = [];
    // On one connection (one transaction, rolled back at the end): a catalog of a real shop's size
    // with statistics, where a plan for ten lines (the generic plan's guess for an array) costs ten
    // times one for the one line asked, then eight reservations.
    await t.ctx.database
      .transaction(async (tx) => {
        await tx.client.query(`
          WITH p AS (
            INSERT INTO products (name, slug, currency) VALUES ('Plan Bulk', 'plan-bulk', 'USD') RETURNING id
          ), v AS (
            INSERT INTO variants (product_id, price, sku)
            SELECT p.id, 100, 'PLAN-BULK-' || n FROM p, generate_series(1, 5000) n
            RETURNING id, product_id, sku
          )
          INSERT INTO stock_levels (variant_id, product_id, sku, stock) SELECT id, product_id, sku, 10 FROM v`);
        await tx.client.query('ANALYZE stock_levels');
        for (let i = 0; i < 8; i++) {
          const { shortfalls } = await reserveStock(t.ctx, tx, [{ variantId, quantity: 1 }]);
          expect(shortfalls).toEqual([]);
        }
        ({ rows: plans } = await tx.client.query(
          `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'bazaar_fixed_inventory_reserve_lines'`,
        ));
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    expect(plans).toHaveLength(1);
    // PostgreSQL tries a custom plan for the first five executions, then compares.
    expect(Number(plans[0]!.custom_plans)).toBeLessThanOrEqual(5);
    expect(Number(plans[0]!.generic_plans)).toBeGreaterThanOrEqual(3);
    const { rows } = await t.ctx.database.pool.query('SELECT stock FROM stock_levels WHERE variant_id = $1', [
      variantId,
    ]);
    expect(rows[0].stock).toBe(50); // rolled back
  });
});
