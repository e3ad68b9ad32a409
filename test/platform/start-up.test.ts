import { createHmac, randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
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
import { createTestApp, waitFor } from '../helpers/app';
import { createTestDatabase, testDatabasePrefix } from '../helpers/database';
import { bearer, createProduct, simpleProduct, tokens } from '../modules/catalog/fixtures';

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
    // Every migration on a new in-memory PGlite: ~11 s of CPU alone, and CI runs both suites at once.
  }, 120_000);
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

// Vitest runs each test file in its own process, so what this file's app loaded is in its cache.
const requireCache = createRequire(import.meta.url).cache;
const loaded = (pathPart: string) => Object.keys(requireCache).some((file) => file.includes(pathPart));

/** A 1×1 PNG, so the test itself loads no image library. */
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

function multipartImage(data: Buffer) {
  const boundary = `----bazaar${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('packages only some requests need', () => {
  it('are not loaded by a start, and the first request that needs one loads it and succeeds', async () => {
    const webhookSecret = 'whsec_start_up_test';
    const t = await createTestApp({
      env: { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: webhookSecret },
    });
    try {
      expect(loaded('/node_modules/stripe/')).toBe(false);
      expect(loaded('/node_modules/@img/sharp-')).toBe(false);
      if (!process.env.REDIS_URL) {
        expect(loaded('/node_modules/ioredis/')).toBe(false);
        expect(loaded('/node_modules/@socket.io/redis-adapter/')).toBe(false);
      }

      // The first image upload: file-type and sharp.
      const k = await tokens(t);
      const product = await createProduct(t, k.admin, simpleProduct('First Upload'));
      const body = multipartImage(tinyPng);
      const upload = await t.app.inject({
        method: 'POST',
        url: `/api/v1/products/${product.id}/images`,
        headers: { ...bearer(k.admin), ...body.headers },
        payload: body.payload,
      });
      expect(upload.statusCode).toBe(201);
      expect(upload.json().data[0].thumbnails.small).toMatch(/small\.webp$/);
      expect(loaded('/node_modules/@img/sharp-')).toBe(true);

      // The first Stripe webhook: the SDK checks the signature.
      const payload = JSON.stringify({
        id: 'evt_first',
        object: 'event',
        type: 'customer.created',
        data: {},
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const v1 = createHmac('sha256', webhookSecret).update(`${timestamp}.${payload}`).digest('hex');
      const webhook = (signature: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/payments/stripe/webhook',
          headers: { 'content-type': 'application/json', 'stripe-signature': signature },
          payload,
        });
      expect((await webhook(`t=${timestamp},v1=${'0'.repeat(64)}`)).statusCode).toBe(400);
      expect((await webhook(`t=${timestamp},v1=${v1}`)).statusCode).toBe(200);
      expect(loaded('/node_modules/stripe/')).toBe(true);

      // The first mail (no SMTP_URL: composed with nodemailer's encoders, written under DATA_DIR/mail).
      const email = `first-mail-${randomBytes(4).toString('hex')}@example.com`;
      const registered = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email, password: 'First-mail-password-1', name: 'Asha' },
      });
      expect(registered.statusCode).toBe(201);
      const mailDir = path.join(t.dataDir, 'mail');
      const file = await waitFor(async () => (await readdir(mailDir).catch(() => []))[0]);
      expect(await readFile(path.join(mailDir, file), 'utf8')).toContain(`To: ${email}`);
    } finally {
      await t.close();
    }
  });
});
