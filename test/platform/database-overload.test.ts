import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configurePasswordHashing, passwordHashing } from '../../src/modules/auth/password';
import { databaseUnavailability } from '../../src/platform/postgres-errors';
import { createTestApp, json, type TestApp } from '../helpers/app';

/**
 * Under overload every pool connection stays taken; a request that cannot get one within the
 * pool's acquire timeout used to answer 500 (43 of 300 sign-ups at 30/s on a loaded machine).
 * Holding every connection makes that state deterministic.
 */
describe('database overload answers 503, never 500', () => {
  let app: TestApp;
  let pool: pg.Pool;
  let held: pg.PoolClient[] = [];

  beforeAll(async () => {
    app = await createTestApp({ work: false });
    pool = app.ctx.database.pool;
    // Give up on a connection quickly in this test (5 s in production).
    (pool.options as { connectionTimeoutMillis: number }).connectionTimeoutMillis = 200;
  });
  afterAll(async () => {
    for (const client of held) client.release();
    await app.close();
  });

  const holdEveryConnection = async () => {
    held = await Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
  };
  const releaseAll = () => {
    for (const client of held) client.release();
    held = [];
  };

  it('sign-up with no free connection: 503 DATABASE_BUSY with Retry-After, nothing written', async () => {
    await holdEveryConnection();
    const email = 'overload-signup@example.com';
    let res;
    try {
      res = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email, password: 'quiet lantern river 7', name: 'Busy' },
      });
    } finally {
      releaseAll();
    }
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    const body = json(res);
    expect(body.success).toBe(false);
    expect(body.error.code).toBe('DATABASE_BUSY');
    expect(JSON.stringify(body)).not.toMatch(/timeout exceeded|stack|pg-pool/);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [email]);
    expect(rows[0].n).toBe(0);

    // Once connections free up, the same request succeeds.
    const again = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: 'quiet lantern river 7', name: 'Busy' },
    });
    expect(again.statusCode).toBe(201);
  });

  it('a read with no free connection: 503 too', async () => {
    await holdEveryConnection();
    let res;
    try {
      res = await app.app.inject({ method: 'GET', url: '/api/v1/products' });
    } finally {
      releaseAll();
    }
    // A cached page may still answer 200; what it must never be is a 500.
    expect([200, 503]).toContain(res.statusCode);
    if (res.statusCode === 503) expect(json(res).error.code).toBe('DATABASE_BUSY');
  });
});

describe('databaseUnavailability', () => {
  it('tells overload and outage apart from other errors', () => {
    expect(databaseUnavailability(new Error('timeout exceeded when trying to connect'))).toBe('busy');
    expect(databaseUnavailability(Object.assign(new Error('x'), { code: '53300' }))).toBe('busy');
    expect(databaseUnavailability(Object.assign(new Error('x'), { code: '57014' }))).toBe('busy');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(databaseUnavailability(refused)).toBe('unavailable');
    expect(databaseUnavailability(new Error('wrapped', { cause: refused }))).toBe('unavailable');
    expect(databaseUnavailability(Object.assign(new Error('x'), { code: '57P01' }))).toBe('unavailable');
    expect(databaseUnavailability(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(databaseUnavailability(Object.assign(new Error('dup'), { code: '23505' }))).toBeUndefined();
    expect(databaseUnavailability(new Error('boom'))).toBeUndefined();
  });
});

/**
 * Password hashes take turns (four at once starved the event loop on 2 cores); once the queue of
 * callers waiting for a turn is full, a request answers 503 at once. Holding the only turn with
 * a full queue makes that state deterministic.
 */
describe('password hashing under overload', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ work: false });
  });
  afterAll(async () => {
    await app.close();
  });

  it('a full hashing queue answers 503 SERVER_BUSY (sign-up and login), never a wrong-password answer', async () => {
    const password = 'amber tunnel kettle 5';
    const registered = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'hash-known@example.com', password, name: 'Known' },
    });
    expect(registered.statusCode).toBe(201);

    passwordHashing.configure({ concurrency: 1, maxWaiting: 0 });
    let release!: () => void;
    const holding = passwordHashing.run(() => new Promise<void>((resolve) => (release = resolve)));
    let signup, login;
    try {
      signup = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email: 'hash-busy@example.com', password, name: 'Busy' },
      });
      login = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'hash-known@example.com', password },
      });
    } finally {
      release();
      await holding;
      configurePasswordHashing(app.config.PASSWORD_HASH_CONCURRENCY);
    }
    for (const res of [signup, login]) {
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(json(res).error.code).toBe('SERVER_BUSY');
    }
    const { rows } = await app.ctx.database.pool.query(
      'SELECT count(*)::int AS n FROM users WHERE email = $1',
      ['hash-busy@example.com'],
    );
    expect(rows[0].n).toBe(0);

    // A turn free again: both work.
    const again = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'hash-known@example.com', password },
    });
    expect(again.statusCode).not.toBe(503);
    expect(again.statusCode).not.toBe(401);
  });
});
