import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

const env = { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW: '1m' };
const hit = (t: TestApp) => t.app.inject({ method: 'GET', url: '/docs/json', remoteAddress: '10.9.8.7' });

describe('global rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env, work: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After once a client exceeds RATE_LIMIT_MAX', async () => {
    for (let i = 0; i < 3; i++) expect((await hit(t)).statusCode).toBe(200);
    const limited = await hit(t);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
    expect(typeof limited.json().requestId).toBe('string');
  });

  it('never limits health checks and metrics', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/health/live', remoteAddress: '10.9.8.7' });
      expect(res.statusCode).toBe(200);
    }
  });
});

describe.skipIf(!process.env.REDIS_URL)('rate limit across two instances (needs REDIS_URL)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ env, work: false });
    b = await createTestApp({ env, work: false, shareDatabaseWith: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('counts a client once, whichever instance it reaches', async () => {
    expect((await hit(a)).statusCode).toBe(200);
    expect((await hit(b)).statusCode).toBe(200);
    expect((await hit(a)).statusCode).toBe(200);
    expect((await hit(b)).statusCode).toBe(429);
  });
});
