import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedStatement } from '../../src/platform/prepared-statements';
import { createTestApp, type TestApp } from '../helpers/app';

// DatabaseHandle.together: independent statements in one socket write, each on its own.
const echo = fixedStatement<{ n: number }>(
  'test_together_echo',
  sql`SELECT ${sql.placeholder('n')}::int AS n`,
);
const fails = fixedStatement<{ n: number }>(
  'test_together_fails',
  sql`SELECT 1 / ${sql.placeholder('n')}::int AS n`,
);

describe('statements run together', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ work: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers each statement; one that fails fails alone, and the connection is reused', async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b, c] = await t.ctx.database.together((db) =>
        Promise.allSettled([db.run(echo, { n: 1 }), db.run(fails, { n: 0 }), db.run(echo, { n: 3 })]),
      );
      expect(a).toEqual({ status: 'fulfilled', value: [{ n: 1 }] });
      expect(b.status).toBe('rejected');
      expect(c).toEqual({ status: 'fulfilled', value: [{ n: 3 }] });
    }
    const late = await t.ctx.database.together(async (db) => {
      const [first] = await db.run(echo, { n: 5 });
      return db.run(echo, { n: first!.n + 1 });
    });
    expect(late).toEqual([{ n: 6 }]);
    // An early failure still waits for the statements issued with it before the connection is reused.
    await expect(
      t.ctx.database.together((db) => {
        void db.run(echo, { n: 7 }).catch(() => {});
        return Promise.reject(new Error('early'));
      }),
    ).rejects.toThrow('early');
    // A callback that throws at once gives its connection back too.
    await expect(
      t.ctx.database.together(() => {
        throw new Error('at once');
      }),
    ).rejects.toThrow('at once');
    expect(t.ctx.database.pool.totalCount - t.ctx.database.pool.idleCount).toBe(0);
    expect((await t.ctx.database.pool.query('SELECT 8 AS n')).rows).toEqual([{ n: 8 }]);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'sends the statements issued before the first await in one write',
    async () => {
      type Socket = { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
      let writes = 0;
      let socket: Socket | undefined;
      t.ctx.database.pool.once('acquire', (client) => {
        socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
        const { _write: write, _writev: writev } = socket;
        socket._write = (...a) => (writes++, write.apply(socket, a));
        socket._writev = (...a) => (writes++, writev.apply(socket, a));
      });
      const rows = await t.ctx.database.together((db) =>
        Promise.all([db.run(echo, { n: 1 }), db.run(echo, { n: 2 }), db.run(echo, { n: 3 })]),
      );
      delete (socket as Partial<Socket>)._write;
      delete (socket as Partial<Socket>)._writev;
      expect(rows).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
      expect(writes).toBe(1);
    },
  );
});
