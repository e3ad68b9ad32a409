import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

// PGlite runs one transaction at a time, so deadlocks can only happen on a real server.
describe.skipIf(!process.env.DATABASE_URL)('transactions on PostgreSQL (needs DATABASE_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ work: false });
    await t.ctx.database.pool.query(
      `CREATE TABLE tx_probe (id int PRIMARY KEY, n int NOT NULL); INSERT INTO tx_probe VALUES (1, 0), (2, 0)`,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('re-runs a transaction that PostgreSQL aborted as a deadlock victim, so both callers succeed', async () => {
    let attempts = 0;
    const lockBoth = (first: number, second: number) =>
      t.ctx.database.transaction(async (tx) => {
        attempts++;
        await tx.client.query('UPDATE tx_probe SET n = n + 1 WHERE id = $1', [first]);
        await new Promise((resolve) => setTimeout(resolve, 150));
        await tx.client.query('UPDATE tx_probe SET n = n + 1 WHERE id = $1', [second]);
      });
    await Promise.all([lockBoth(1, 2), lockBoth(2, 1)]);
    // Two first attempts and at least one re-run of the victim (a loaded machine can make the re-run
    // deadlock once more; both callers still succeed, within the attempt limit).
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(2 * 3);
    const { rows } = await t.ctx.database.pool.query('SELECT n FROM tx_probe ORDER BY id');
    expect(rows.map((r) => r.n)).toEqual([2, 2]);
  });

  it('does not retry other errors', async () => {
    let attempts = 0;
    await expect(
      t.ctx.database.transaction(async (tx) => {
        attempts++;
        await tx.client.query('INSERT INTO tx_probe VALUES (1, 0)');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
  });
});
