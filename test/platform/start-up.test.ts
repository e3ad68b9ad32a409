import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type DatabaseHandle,
  MIGRATIONS_DIR,
  runMigrations,
  startEmbeddedPostgres,
} from '../../src/platform/db';
import { JobQueue } from '../../src/platform/jobs';
import { createTestDatabase, testDatabasePrefix } from '../helpers/database';

// What a start skips when nothing changed must still happen when something did.
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase(inject('templateDatabase'), 3);
});
afterAll(async () => {
  await database.close();
});

const silent = pino({ level: 'silent' });

async function startQueue(retryLimit: number, cron: string): Promise<void> {
  const jobs = new JobQueue(database.pool, silent);
  jobs.define({
    name: 'start-up.test',
    retryLimit,
    cron,
    deadLetter: 'start-up.test.failed',
    handle: async () => {},
  });
  await jobs.start({ work: false });
  await jobs.stop();
}

describe('job queues at start-up', () => {
  it('are created once, and a start with other settings or another schedule applies them', async () => {
    await startQueue(2, '5 * * * *');
    const read = async () => {
      const queue = await database.pool.query(
        `SELECT retry_limit, dead_letter FROM pgboss.queue WHERE name = 'start-up.test'`,
      );
      const deadLetter = await database.pool.query(
        `SELECT count(*)::int AS n FROM pgboss.queue WHERE name = 'start-up.test.failed'`,
      );
      const schedule = await database.pool.query(
        `SELECT cron, timezone FROM pgboss.schedule WHERE name = 'start-up.test'`,
      );
      return { queue: queue.rows, deadLetters: deadLetter.rows[0].n, schedule: schedule.rows };
    };
    expect(await read()).toEqual({
      queue: [{ retry_limit: 2, dead_letter: 'start-up.test.failed' }],
      deadLetters: 1,
      schedule: [{ cron: '5 * * * *', timezone: 'UTC' }],
    });

    await startQueue(2, '5 * * * *'); // nothing changed: nothing written
    const { rows: unchanged } = await database.pool.query(
      `SELECT q.updated_on AS queue, s.updated_on AS schedule FROM pgboss.queue q, pgboss.schedule s
       WHERE q.name = 'start-up.test' AND s.name = 'start-up.test'`,
    );
    await startQueue(2, '5 * * * *');
    const { rows: again } = await database.pool.query(
      `SELECT q.updated_on AS queue, s.updated_on AS schedule FROM pgboss.queue q, pgboss.schedule s
       WHERE q.name = 'start-up.test' AND s.name = 'start-up.test'`,
    );
    expect(again).toEqual(unchanged);

    await startQueue(7, '9 * * * *');
    expect(await read()).toEqual({
      queue: [{ retry_limit: 7, dead_letter: 'start-up.test.failed' }],
      deadLetters: 1,
      schedule: [{ cron: '9 * * * *', timezone: 'UTC' }],
    });
  });
});

describe('migrations at start-up', () => {
  it('an old database gets the migrations it misses; a current one is left as it is', async () => {
    const journal = JSON.parse(
      await readFile(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'),
    ) as {
      entries: Array<{ when: number; tag: string }>;
    };
    // An old database: every migration but the newest two, applied from a trimmed copy of the folder.
    const folder = await mkdtemp(path.join(os.tmpdir(), 'bazaar-old-migrations-'));
    const old = await openEmptyDatabase();
    try {
      await cp(MIGRATIONS_DIR, folder, { recursive: true });
      const trimmed = { ...journal, entries: journal.entries.slice(0, -2) };
      await writeFile(path.join(folder, 'meta', '_journal.json'), JSON.stringify(trimmed));
      await migrate(drizzle({ client: old.pool }), { migrationsFolder: folder });
      const applied = async () =>
        (await old.pool.query<{ created_at: string }>('SELECT created_at FROM drizzle.__drizzle_migrations'))
          .rows.length;
      expect(await applied()).toBe(journal.entries.length - 2);

      await runMigrations(old.pool);
      expect(await applied()).toBe(journal.entries.length);
      await runMigrations(old.pool); // current: nothing to apply, nothing applied twice
      expect(await applied()).toBe(journal.entries.length);
    } finally {
      await old.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

/** A database with nothing in it: a new one on the server, or a new in-memory PGlite. */
async function openEmptyDatabase(): Promise<{ pool: pg.Pool; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const embedded = await startEmbeddedPostgres({ dataDir: 'memory://' });
    const pool = new pg.Pool({ connectionString: embedded.url, max: 1 });
    return { pool, close: async () => (await pool.end(), await embedded.stop()) };
  }
  const name = `${testDatabasePrefix(inject('templateDatabase'))}empty_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: target.toString(), max: 1 });
  // DROP ... WITH (FORCE) may terminate a connection pool.end() is still closing: not an error.
  pool.on('error', () => {});
  return {
    pool,
    async close() {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
