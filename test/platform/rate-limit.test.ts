import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../helpers/app';
import { MemoryCache } from '../../src/platform/memory-cache';
import { RATE_LIMIT_SYNC_MS, SyncedCounters } from '../../src/platform/rate-limit-store';

const env = { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW: '1m' };
const hit = (t: TestApp, remoteAddress = '10.9.8.7') =>
  t.app.inject({ method: 'GET', url: '/docs/json', remoteAddress });
// A write (an invalid sign-in: 400 when admitted, 429 when limited).
const write = (t: TestApp, remoteAddress: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: {}, remoteAddress });
const afterSync = () => new Promise((resolve) => setTimeout(resolve, RATE_LIMIT_SYNC_MS + 150));

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

  it('counts reads and writes against one budget, and an IPv6 client by its /64', async () => {
    expect((await hit(t, '2001:db8:0:7::1')).statusCode).toBe(200);
    expect((await write(t, '2001:db8:0:7::2')).statusCode).toBe(400);
    expect((await hit(t, '2001:db8:0:7:ffff::3')).statusCode).toBe(200);
    expect((await write(t, '2001:db8::7:0:0:0:4')).statusCode).toBe(429);
    expect((await hit(t, '2001:db8:0:8::1')).statusCode).toBe(200);
  });

  it('counts requests a route guard refuses: anonymous calls to customer and admin routes reach 429', async () => {
    const statuses: number[] = [];
    for (const url of ['/api/v1/orders', '/api/v1/admin/orders', '/api/v1/orders', '/api/v1/admin/orders']) {
      statuses.push((await t.app.inject({ method: 'GET', url, remoteAddress: '10.4.4.4' })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
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

  it('counts reads in process and shares them within the sync interval', async () => {
    expect((await hit(a)).statusCode).toBe(200);
    expect((await hit(b)).statusCode).toBe(200);
    expect((await hit(a)).statusCode).toBe(200);
    await afterSync();
    expect((await hit(b)).statusCode).toBe(429);
    // a learns b's counts at its next sync (its own rejected read is counted too).
    await hit(a);
    await afterSync();
    expect((await hit(a)).statusCode).toBe(429);
  });

  it('counts writes in the shared counter at once, with the reads counted so far', async () => {
    expect((await hit(a, '10.7.7.7')).statusCode).toBe(200);
    expect((await write(b, '10.7.7.7')).statusCode).toBe(400);
    // a's read reaches the shared counter with a's write, in the same round trip.
    expect((await write(a, '10.7.7.7')).statusCode).toBe(400);
    expect((await write(b, '10.7.7.7')).statusCode).toBe(429);
  });

  it('a burst of concurrent writes on two instances admits exactly the limit', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => write(i % 2 ? a : b, '10.6.6.6')));
    expect(results.filter((res) => res.statusCode === 400)).toHaveLength(3);
    expect(results.filter((res) => res.statusCode === 429)).toHaveLength(7);
  });
});

/** The in-process cache with its increments held until `release()`: a slow round trip, on demand. */
class HeldCache extends MemoryCache {
  private held: Array<() => void> = [];
  override async increment(key: string, windowMs: number, amount = 1) {
    await new Promise<void>((resolve) => this.held.push(resolve));
    return super.increment(key, windowMs, amount);
  }
  get waiting() {
    return this.held.length;
  }
  release() {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

describe('an instance keeps counting its reads while their increment is on its way', () => {
  // CI caught a read admitted over the limit while a slow sync was in flight: the amount being
  // sent had left `pending` and was not yet in `shared`.
  it('counts reads that a sync is sending', async () => {
    const cache = new HeldCache();
    const counters = new SyncedCounters(cache, 10);
    counters.countLocally('k', 60_000);
    counters.countLocally('k', 60_000);
    await waitFor(async () => cache.waiting === 1); // the sync took both reads and is waiting on the cache
    expect(counters.countLocally('k', 60_000).count).toBe(3);
    expect(counters.peek('k').count).toBe(3);
    cache.release();
    await waitFor(async () => cache.waiting === 1); // the third read's own sync
    expect(counters.peek('k').count).toBe(3);
    cache.release();
  });

  it("counts reads that a write's increment is sending", async () => {
    const cache = new HeldCache();
    const counters = new SyncedCounters(cache, 60_000);
    counters.countLocally('k', 60_000);
    const written = counters.countShared('k', 60_000);
    await waitFor(async () => cache.waiting === 1);
    expect(counters.countLocally('k', 60_000).count).toBe(2);
    cache.release();
    expect((await written).count).toBeGreaterThanOrEqual(2);
    expect(counters.peek('k').count).toBe(3);
  });
});
