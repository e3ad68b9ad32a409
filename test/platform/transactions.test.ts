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
});
