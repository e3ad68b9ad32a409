import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/app';
import { createLogger } from '../../src/platform/context';
import type { App } from '../../src/platform/http';
import { createTestApp, type TestApp } from '../helpers/app';

// What every response carries and what every request logs, after the hot path was made cheaper
// (security headers computed once, request loggers made on first use, one log line per request).

/** Helmet 8's defaults, as @fastify/helmet sent them (captured before the plugin was replaced). */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const EXPOSED = 'X-Request-Id, X-Cart-Token, Idempotent-Replayed, Retry-After';

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW: '60000' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every kind of response carries the same security headers, CORS and its X-Request-Id', async () => {
    const responses = [
      await t.app.inject({ method: 'GET', url: '/health/live' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/products?limit=2' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/products/no-such-product' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/products?limit=abc' }),
      await t.app.inject({ method: 'GET', url: '/no/such/route' }),
    ];
    expect(responses.map((res) => res.statusCode)).toEqual([200, 200, 404, 400, 404]);
    const ids = new Set<string>();
    for (const res of responses) {
      expect(res.headers).toMatchObject(SECURITY_HEADERS);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-expose-headers']).toBe(EXPOSED);
      // X-RateLimit-* only come with a 429: three headers less on every other answer.
      expect(Object.keys(res.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
      const id = res.headers['x-request-id'];
      expect(typeof id).toBe('string');
      if (res.statusCode >= 400) expect(res.json().requestId).toBe(id);
      ids.add(id as string);
    }
    expect(ids.size).toBe(responses.length);
    // The client's own id is echoed.
    const echoed = await t.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'abc-1' },
    });
    expect(echoed.headers['x-request-id']).toBe('abc-1');
  });

  it('a 429 carries them too, with Retry-After', async () => {
    let res;
    for (let i = 0; i < 5; i++) {
      res = await t.app.inject({ method: 'GET', url: '/api/v1/categories', remoteAddress: '10.77.0.1' });
    }
    expect(res!.statusCode).toBe(429);
    expect(res!.json().error.code).toBe('RATE_LIMITED');
    expect(Number(res!.headers['retry-after'])).toBeGreaterThan(0);
    expect(res!.headers['x-ratelimit-limit']).toBe('3');
    expect(res!.headers['x-ratelimit-remaining']).toBe('0');
    expect(res!.headers).toMatchObject(SECURITY_HEADERS);
  });

  it('a CORS preflight from any origin is answered before authentication, and must be one', async () => {
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/orders',
      remoteAddress: '10.77.0.3',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toBe('GET,HEAD,POST');
    expect(preflight.headers['access-control-allow-headers']).toBe(
      'authorization, content-type, idempotency-key',
    );
    expect(preflight.headers).toMatchObject(SECURITY_HEADERS);
    const notOne = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/orders',
      remoteAddress: '10.77.0.3',
    });
    expect(notOne.statusCode).toBe(400);
  });

  it('the API docs page keeps its own Content-Security-Policy', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/docs',
      remoteAddress: '10.77.0.2',
    });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("style-src 'self' 'unsafe-inline';");
    expect(csp).not.toBe(SECURITY_HEADERS['content-security-policy']);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

describe('request durations on /metrics', () => {
  it('a Prometheus histogram per method, route pattern and status: cumulative buckets, +Inf = count, sum', async () => {
    const t = await createTestApp();
    try {
      for (let i = 0; i < 3; i++) await t.app.inject({ method: 'GET', url: '/health/live' });
      await t.app.inject({ method: 'GET', url: '/api/v1/products/no-such-lamp' });
      const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(text).toContain('# TYPE http_request_duration_seconds histogram');
      const series = (labels: string) =>
        text
          .split('\n')
          .filter((line) => line.startsWith('http_request_duration_seconds') && line.includes(labels));
      const live = series('method="GET",route="/health/live",status_code="200"');
      const buckets = live.filter((line) => line.startsWith('http_request_duration_seconds_bucket'));
      expect(buckets.map((line) => /le="([^"]+)"/.exec(line)![1])).toEqual([
        '0.001',
        '0.005',
        '0.01',
        '0.025',
        '0.05',
        '0.1',
        '0.25',
        '0.5',
        '1',
        '2.5',
        '5',
        '+Inf',
      ]);
      const counts = buckets.map((line) => Number(line.split(' ').at(-1)));
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(counts.at(-1)).toBe(3);
      expect(live.find((line) => line.startsWith('http_request_duration_seconds_count'))).toMatch(/ 3$/);
      expect(
        Number(
          live
            .find((line) => line.includes('_sum'))!
            .split(' ')
            .at(-1),
        ),
      ).toBeGreaterThan(0);
      expect(series('route="/api/v1/products/:idOrSlug",status_code="404"').length).toBe(14);
    } finally {
      await t.close();
    }
  });
});

describe('CORS with a list of origins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: 'https://a.shop,https://admin.a.shop' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a listed origin by name with credentials and Vary: Origin, and others without CORS', async () => {
    const listed = await t.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://admin.a.shop' },
    });
    expect(listed.headers['access-control-allow-origin']).toBe('https://admin.a.shop');
    expect(listed.headers['access-control-allow-credentials']).toBe('true');
    expect(listed.headers['access-control-expose-headers']).toBe(EXPOSED);
    expect(String(listed.headers.vary)).toContain('Origin');
    expect(listed.headers).toMatchObject(SECURITY_HEADERS);
    const other = await t.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.statusCode).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/cart/items',
      headers: { origin: 'https://a.shop', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://a.shop');
  });
});

describe('request logging', () => {
  const lines: Array<Record<string, unknown>> = [];
  let app: App;
  beforeAll(async () => {
    const log = createLogger(
      { LOG_LEVEL: 'info', NODE_ENV: 'test' },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    app = createHttpServer({ log, bodyLimit: 1_048_576 });
    app.get('/fine', async (request) => {
      request.log.info({ token: 'SECRET-TOKEN' }, 'handler says hi');
      return { ok: true };
    });
    app.get('/broken', async () => {
      throw new Error('kaboom');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('one "request completed" line per request with the request id, method, URL, status and time', async () => {
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/fine?x=1', headers: { 'x-request-id': 'log-1' } });
    const mine = lines.filter((line) => line.requestId === 'log-1');
    expect(mine.map((line) => line.msg)).toEqual(['handler says hi', 'request completed']);
    expect(lines.some((line) => line.msg === 'incoming request')).toBe(false);
    const [said, completed] = mine as [Record<string, any>, Record<string, any>];
    expect(said.token).toBe('[redacted]');
    expect(completed.level).toBe(30);
    expect(completed.req).toMatchObject({ method: 'GET', url: '/fine?x=1' });
    expect(completed.res).toMatchObject({ statusCode: 200 });
    expect(typeof completed.responseTime).toBe('number');
  });

  it('a failed request logs its error with the request id, and the 500 answers the same id', async () => {
    lines.length = 0;
    const res = await app.inject({ method: 'GET', url: '/broken', headers: { 'x-request-id': 'log-2' } });
    expect(res.statusCode).toBe(500);
    expect(res.json().requestId).toBe('log-2');
    const failed = lines.find((line) => line.msg === 'request failed') as Record<string, any>;
    expect(failed).toMatchObject({ requestId: 'log-2', level: 50 });
    expect(failed.err.message).toBe('kaboom');
    const completed = lines.find((line) => line.msg === 'request completed') as Record<string, any>;
    expect(completed).toMatchObject({ requestId: 'log-2', res: { statusCode: 500 } });
  });

  it('at warn, a successful request writes nothing; request.log still writes warnings with the id', async () => {
    const quiet: string[] = [];
    const server = createHttpServer({
      log: createLogger(
        { LOG_LEVEL: 'warn', NODE_ENV: 'test' },
        { write: (line: string) => quiet.push(line) },
      ),
      bodyLimit: 1_048_576,
    });
    server.get('/fine', async () => ({ ok: true }));
    server.get('/odd', async (request) => {
      request.log.info('not written at warn');
      request.log.warn('odd but fine');
      return { ok: true };
    });
    await server.inject({ method: 'GET', url: '/fine' });
    expect(quiet).toEqual([]);
    await server.inject({ method: 'GET', url: '/odd', headers: { 'x-request-id': 'log-3' } });
    expect(quiet.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ msg: 'odd but fine', requestId: 'log-3', level: 40 }),
    ]);
    await server.close();
  });

  it('a child of a request logger keeps the request id', async () => {
    const sink: string[] = [];
    const server = createHttpServer({
      log: pino({ level: 'info' }, { write: (line: string) => sink.push(line) }),
      bodyLimit: 1_048_576,
    });
    server.get('/child', async (request) => {
      request.log.child({ part: 'inner' }).warn('from the child');
      return { ok: true };
    });
    await server.inject({ method: 'GET', url: '/child', headers: { 'x-request-id': 'log-4' } });
    expect(sink.map((line) => JSON.parse(line)).find((line) => line.msg === 'from the child')).toMatchObject({
      requestId: 'log-4',
      part: 'inner',
    });
    await server.close();
  });

  it("a route's own log level applies to its requests, and the app's logger writes as the given one", async () => {
    const sink: string[] = [];
    const server = createHttpServer({
      log: pino({ level: 'warn' }, { write: (line: string) => sink.push(line) }),
      bodyLimit: 1_048_576,
    });
    server.get('/chatty', { logLevel: 'debug' }, async (request) => {
      request.log.debug('debug on this route');
      return { ok: true };
    });
    server.get('/quiet', async (request) => {
      request.log.debug('not on this one');
      return { ok: true };
    });
    await server.inject({ method: 'GET', url: '/chatty', headers: { 'x-request-id': 'log-5' } });
    await server.inject({ method: 'GET', url: '/quiet', headers: { 'x-request-id': 'log-6' } });
    server.log.warn('from the app');
    server.log.info('not at warn');
    const written = sink.map((line) => JSON.parse(line));
    expect(written.find((line) => line.msg === 'debug on this route')).toMatchObject({ requestId: 'log-5' });
    expect(written.some((line) => line.msg === 'not on this one' || line.msg === 'not at warn')).toBe(false);
    const fromApp = written.find((line) => line.msg === 'from the app');
    expect(fromApp).toMatchObject({ level: 40 });
    expect(fromApp.requestId).toBeUndefined();
    await server.close();
  });
});
