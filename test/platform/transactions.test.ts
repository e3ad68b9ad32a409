import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedStatement } from '../../src/platform/prepared-statements';
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

  it('sends BEGIN in the same socket write as the first statement, which runs inside the transaction', async () => {
    type Socket = { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };
    let writes = 0;
    let socket: Socket | undefined;
    const spy = (client: unknown) => {
      socket = (client as { connection: { stream: Socket } }).connection.stream;
      const { _write: write, _writev: writev } = socket;
      socket._write = (...args) => (writes++, write.apply(socket, args));
      socket._writev = (...args) => (writes++, writev.apply(socket, args));
    };
    // The transaction's connection, as the pool hands it out (before BEGIN).
    t.ctx.database.pool.once('acquire', spy);
    const xids = await t.ctx.database.transaction(async (tx) => {
      const first = await tx.client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      const second = await tx.client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      return [first.rows[0]!.xid, second.rows[0]!.xid];
    });
    delete (socket as Partial<Socket>)._write;
    delete (socket as Partial<Socket>)._writev;
    expect(writes).toBe(3); // BEGIN with the first statement, the second, COMMIT
    expect(xids[0]).toBe(xids[1]); // one transaction (autocommit statements get an id each)
  });

  it('a failing first statement rolls the transaction back and leaves its connection usable', async () => {
    await expect(
      t.ctx.database.transaction(async (tx) => {
        await tx.client.query('UPDATE tx_probe SET n = n + 100 WHERE id = 2; SELECT 1/0');
      }),
    ).rejects.toMatchObject({ code: '22012' });
    await expect(
      t.ctx.database.transaction(async (tx) => {
        await tx.client.query('UPDATE tx_probe SET n = n + 100 WHERE id = 2');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // Every pool connection works again outside pipeline mode, and nothing of the two stayed.
    const rows = await Promise.all(
      Array.from({ length: 12 }, () => t.ctx.database.pool.query('SELECT n FROM tx_probe WHERE id = 2')),
    );
    for (const {
      rows: [row],
    } of rows)
      expect(row.n).toBeLessThan(100);
  });

  describe('commitWith: the deferred writes, the statement and COMMIT in one socket write', () => {
    // 1/divisor: divisor 0 makes the statement fail, which must roll everything back.
    const bump = fixedStatement<{ n: number }>(
      'test_tx_probe_bump',
      sql`UPDATE tx_probe SET n = n + 1 / ${sql.placeholder('divisor')}::int WHERE id = 3 RETURNING n`,
    );
    const probe = async (id: number) =>
      (await t.ctx.database.pool.query('SELECT n FROM tx_probe WHERE id = $1', [id])).rows[0]?.n as
        number | undefined;
    /** A transaction that defers an insert of row `id` and ends with commitWith(bump); counts its socket writes. */
    async function run(id: number, divisor: number, writer: 'at once' | 'after an await') {
      await t.ctx.database.pool.query('INSERT INTO tx_probe VALUES (3, 0) ON CONFLICT (id) DO NOTHING');
      let writes = 0;
      t.ctx.database.pool.once('acquire', (client) => {
        const socket = (client as unknown as { connection: { stream: Record<string, unknown> } }).connection
          .stream as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
        const { _write: write, _writev: writev } = socket;
        socket._write = (...a) => (writes++, write.apply(socket, a));
        socket._writev = (...a) => (writes++, writev.apply(socket, a));
      });
      const outcome = await t.ctx.database
        .transaction(async (tx) => {
          await tx.client.query('SELECT 1');
          tx.deferred.add('probe', id, async (ids) => {
            if (writer === 'after an await') await new Promise((resolve) => setTimeout(resolve, 5));
            await tx.client.query('INSERT INTO tx_probe SELECT unnest($1::int[]), 0', [ids]);
          });
          return tx.commitWith(bump, { divisor });
        })
        .then(
          (rows) => rows[0]!.n,
          (error: { code?: string }) => error.code,
        );
      return { outcome, writes };
    }

    it('commits all three in one write, or rolls all back when the statement fails', async () => {
      const before = (await probe(3)) ?? 0;
      expect(await run(10, 1, 'at once')).toEqual({ outcome: before + 1, writes: 2 });
      expect(await probe(10)).toBe(0);
      // (Then the runner's ROLLBACK, a write of its own.)
      expect(await run(11, 0, 'at once')).toMatchObject({ outcome: '22012', writes: 3 });
      expect(await probe(11)).toBeUndefined();
      expect(await probe(3)).toBe(before + 1);
    });

    it('a writer that issues its statement later still writes inside the transaction, before the statement', async () => {
      const before = (await probe(3)) ?? 0;
      expect((await run(12, 1, 'after an await')).outcome).toBe(before + 1);
      expect(await probe(12)).toBe(0);
      expect((await run(13, 0, 'after an await')).outcome).toBe('22012');
      expect(await probe(13)).toBeUndefined();
    });
  });
});
