import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../helpers/app';
import { addToCart, checkout, product, shopper } from '../modules/orders/fixtures';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('ops endpoints', () => {
  it('/health/live answers 200', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/health/ready checks the database (and Redis when configured)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: 'ok',
      redis: process.env.REDIS_URL ? 'ok' : 'off',
      jobs: { worker: 'running' },
    });
  });

  it('every response carries security headers and X-Request-Id', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'req-42' },
    });
    expect(res.headers['x-request-id']).toBe('req-42');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('/metrics exposes default metrics and request durations by route pattern', async () => {
    await t.app.inject({ method: 'GET', url: '/health/live' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('process_cpu_user_seconds_total');
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} \d+/,
    );
  });

  it('/metrics shows the runtime: queues, jobs, mails, pool, cache, Redis, orders, checkout time', async () => {
    const admin = await shopper(t, 'ADMIN');
    const customer = await shopper(t);
    const item = await product(t, admin, { stock: 5 });
    await addToCart(t, customer, item.variantId);
    expect((await checkout(t, customer)).statusCode).toBe(201);
    // Read twice: a miss, then a hit.
    for (let i = 0; i < 2; i++)
      await t.app.inject({ method: 'GET', url: `/api/v1/products/${item.productId}` });
    // The confirmation mail goes through the queue; its run time is recorded once the handler
    // has returned, a moment after the mail counter moved.
    const body = await waitFor(async () => {
      const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      return /bazaar_mails_sent_total\{queue="email.send"\} [1-9]/.test(text) &&
        /bazaar_job_run_seconds_count\{queue="email.send"\} [1-9]/.test(text)
        ? text
        : undefined;
    });
    const value = (pattern: string) => {
      const match = new RegExp(`^${pattern} ([0-9.e+-]+)$`, 'm').exec(body);
      if (!match) throw new Error(`no ${pattern} in /metrics`);
      return Number(match[1]);
    };
    expect(value('bazaar_orders_created_total')).toBe(1);
    expect(value('bazaar_checkout_duration_seconds_count\\{outcome="placed"\\}')).toBe(1);
    expect(value('bazaar_job_wait_seconds_count\\{queue="email.send"\\}')).toBeGreaterThanOrEqual(1);
    expect(value('bazaar_job_run_seconds_count\\{queue="email.send"\\}')).toBeGreaterThanOrEqual(1);
    expect(body).toMatch(/^# TYPE bazaar_job_queue_depth gauge$/m);
    expect(body).toMatch(/^# TYPE bazaar_job_failures_total counter$/m);
    expect(body).toMatch(/^# TYPE bazaar_mails_failed_total counter$/m);
    expect(value('bazaar_db_pool_in_use')).toBeGreaterThanOrEqual(0);
    expect(value('bazaar_db_pool_waiting')).toBeGreaterThanOrEqual(0);
    expect(value('bazaar_cache_hits_total')).toBeGreaterThanOrEqual(1);
    expect(value('bazaar_cache_misses_total')).toBeGreaterThanOrEqual(1);
    const redis = process.env.REDIS_URL ? 'ok' : 'off';
    expect(value(`bazaar_redis_state\\{state="${redis}"\\}`)).toBe(1);
  });

  it('/openapi.json is an OpenAPI 3.1 document describing the routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Bazaar API');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health/live', '/health/ready', '/metrics']),
    );
  });

  it('/docs serves the interactive page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('swagger');
  });
});

describe('readiness when the database goes away', () => {
  it('answers 503 naming the failed check', async () => {
    const other = await createTestApp({ work: false });
    try {
      // Stop the database under the running app.
      await other.ctx.database.close();
      const res = await other.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unavailable', database: 'down', jobs: { worker: 'off' } });
      const live = await other.app.inject({ method: 'GET', url: '/health/live' });
      expect(live.statusCode).toBe(200);
    } finally {
      await other.app.close();
      await other.ctx.jobs.stop().catch(() => {});
      await other.ctx.cache.close();
    }
  });
});
