import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJobPool } from '../../src/platform/job-settings';
import { createTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const why = 'needs DATABASE_URL: the planner setting is for a PostgreSQL server';
describe.skipIf(!process.env.DATABASE_URL)(`the job queue's connections (${why})`, () => {
  it('find ready jobs through an index scan, which skips the dead entries it has seen, not a bitmap scan', async () => {
    const pool = openJobPool(t.ctx.database.url, true);
    try {
      expect((await pool.query('SHOW enable_bitmapscan')).rows[0].enable_bitmapscan).toBe('off');
      const { rows } = await pool.query(
        `EXPLAIN (COSTS OFF) SELECT id FROM pgboss.job WHERE name = 'email.send' AND state < 'active'
         ORDER BY priority DESC, created_on, id LIMIT 10`,
      );
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(plan).not.toMatch(/Bitmap/);
      expect(plan).toMatch(/Index Scan|Index Only Scan/);
    } finally {
      await pool.end();
    }
  });

  it('sets it before a new connection serves its first query, never alongside it', async () => {
    const pool = openJobPool(t.ctx.database.url, true);
    try {
      const clients = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
      for (const client of clients) {
        // pg's own bookkeeping (not in its types): a client handed out must have nothing running or
        // queued, or our first query would be sent while the SET still runs (gone in pg 9).
        const state = client as unknown as { activeQuery: unknown; queryQueue: unknown[] };
        expect(state.activeQuery ?? null).toBeNull();
        expect(state.queryQueue).toHaveLength(0);
        expect((await client.query('SHOW enable_bitmapscan')).rows[0].enable_bitmapscan).toBe('off');
        client.release();
      }
    } finally {
      await pool.end();
    }
  });
});

describe('the job queue pool on the embedded database', () => {
  it('changes no planner setting (the embedded database is left as it is)', async () => {
    const pool = openJobPool(t.ctx.database.url, false);
    expect(pool.options.onConnect).toBeUndefined();
    expect(pool.options.max).toBe(4);
    await pool.end();
  });
});
