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

  it('ignores a client-sent X-Forwarded-For by default (TRUST_PROXY=false), so rotating it gains nothing', async () => {
    const other = await createTestApp({ env, work: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await other.app.inject({
          method: 'GET',
          url: '/docs/json',
          remoteAddress: '10.1.1.1',
          headers: { 'x-forwarded-for': `203.0.113.${i}` },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await other.close();
    }
  });

  it('believes X-Forwarded-For from a configured proxy (clients behind the load balancer are told apart)', async () => {
    const other = await createTestApp({ env: { ...env, TRUST_PROXY: '10.1.1.0/24' }, work: false });
    try {
      for (let i = 0; i < 4; i++) {
        const res = await other.app.inject({
          method: 'GET',
          url: '/docs/json',
          remoteAddress: '10.1.1.1',
          headers: { 'x-forwarded-for': `203.0.113.${i}` },
        });
        expect(res.statusCode).toBe(200);
      }
    } finally {
      await other.close();
    }
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
