import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedStatement } from '../../src/platform/prepared-statements';
import { createTestApp, type TestApp } from '../helpers/app';

const square = fixedStatement<{ n: number }>(
  'test_read_pipeline_square',
  sql`SELECT ${sql.placeholder('n')}::int * ${sql.placeholder('n')}::int AS n`,
);
const hundredth = fixedStatement<{ n: number }>(
  'test_read_pipeline_hundredth',
  sql`SELECT 100 / ${sql.placeholder('n')}::int AS n`,
);

const nap = fixedStatement<{ n: number }>(
  'test_read_pipeline_nap',
  sql`SELECT ${sql.placeholder('n')}::int AS n FROM pg_sleep(${sql.placeholder('seconds')}::float8)`,
);

// The embedded database reads through its pool (one session): the pipeline is PostgreSQL's.
describe.skipIf(!process.env.DATABASE_URL)('read pipeline on PostgreSQL (needs DATABASE_URL)', () => {
  let t: TestApp;
  let poolQueries = 0;
  beforeAll(async () => {
    t = await createTestApp({ work: false });
    const pool = t.ctx.database.readPool;
    const query = pool.query.bind(pool);
    // Counts what goes through the pool instead of the pipeline.
    (pool as { query: unknown }).query = (...args: Parameters<typeof query>) => {
      poolQueries++;
      return query(...args);
    };
  });
  afterAll(async () => {
    await t.close();
  });

  const squares = (from: number, count: number) =>
    Promise.all(Array.from({ length: count }, (_, i) => t.ctx.database.runRead(square, { n: from + i })));

  const pipelineConnections = async () => {
    const { rows } = await t.ctx.database.pool.query<{ lanes: number }>(
      `SELECT count(*)::int AS lanes FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'bazaar-read-pipeline'`,
    );
    return rows[0]!.lanes;
  };

  it('answers concurrent reads each with its own rows, all but the first through the pipeline', async () => {
    poolQueries = 0;
    const rows = await squares(1, 50);
    expect(rows.map(([row]) => row!.n)).toEqual(Array.from({ length: 50 }, (_, i) => (i + 1) ** 2));
    expect(poolQueries).toBe(1);
  });

  it('sends a read through the pool while no other is under way', async () => {
    poolQueries = 0;
    expect(await t.ctx.database.runRead(square, { n: 7 })).toEqual([{ n: 49 }]);
    expect(await t.ctx.database.runRead(square, { n: 8 })).toEqual([{ n: 64 }]);
    expect(poolQueries).toBe(2);
  });

  it('fails only the statement that fails', async () => {
    const [before, failed, after] = await Promise.allSettled([
      t.ctx.database.runRead(square, { n: 3 }),
      t.ctx.database.runRead(hundredth, { n: 0 }),
      t.ctx.database.runRead(square, { n: 4 }),
    ]);
    expect(before).toEqual({ status: 'fulfilled', value: [{ n: 9 }] });
    expect(failed.status === 'rejected' && (failed.reason as { code?: string }).code).toBe('22012');
    expect(after).toEqual({ status: 'fulfilled', value: [{ n: 16 }] });
    expect(await t.ctx.database.runRead(hundredth, { n: 4 })).toEqual([{ n: 25 }]);
  });

  it('sends reads past a lane held up by a slow statement on another lane', async () => {
    const done: string[] = [];
    const track = (name: string, read: Promise<unknown>) => read.then(() => done.push(name));
    // The first read takes the pool (alone); the second is the pipeline's and holds its lane.
    const slow = [
      track('pool', t.ctx.database.runRead(nap, { n: 1, seconds: 0.4 })),
      track('lane', t.ctx.database.runRead(nap, { n: 2, seconds: 0.4 })),
    ];
    await new Promise((resolve) => setTimeout(resolve, 50));
    const rows = await squares(1, 5);
    done.push('squares');
    await Promise.all(slow);
    expect(rows.map(([row]) => row!.n)).toEqual([1, 4, 9, 16, 25]);
    // Behind the slow statement on its lane, the squares would have ended after it.
    expect(done[0]).toBe('squares');
    expect(await pipelineConnections()).toBeGreaterThanOrEqual(2);
  });

  it('retries on the pool the reads of a lost connection, then opens a new one', async () => {
    await squares(1, 10);
    await t.ctx.database.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'bazaar-read-pipeline' AND pid <> pg_backend_pid()`,
    );
    const rows = await squares(1, 20);
    expect(rows.map(([row]) => row!.n)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) ** 2));
    // The lanes are replaced: later reads go through the pipeline again.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await squares(1, 5);
    poolQueries = 0;
    expect((await squares(30, 5)).map(([row]) => row!.n)).toEqual([900, 961, 1024, 1089, 1156]);
    expect(poolQueries).toBe(1);
  });
});
