import http from 'node:http';
import type net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/app';
import type { App } from '../../src/platform/http';
import { createTestApp, type TestApp } from '../helpers/app';

// The fixed headers (security headers, CORS with any origin, X-Request-Id) are written by the
// server's own response class on a real socket, and through Fastify's reply.headers under
// app.inject(), which never reaches that class. Both must send the same thing.

interface WireResponse {
  status: number;
  /** Header name (lower case) → every value it was sent with, in order. */
  headers: Map<string, string[]>;
}

/** A request over a real socket, with the headers exactly as they came (duplicates kept). */
function wire(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const headers = new Map<string, string[]>();
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase();
          headers.set(name, [...(headers.get(name) ?? []), res.rawHeaders[i + 1]!]);
        }
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Headers that differ between two answers to the same request by nature (time, connection, id). */
const VARYING = new Set(['date', 'connection', 'keep-alive', 'x-request-id', 'content-length']);

describe('fixed headers on a real socket', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ listen: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  const requests: { method: string; url: string; headers?: Record<string, string>; body?: string }[] = [
    { method: 'GET', url: '/health/live' },
    { method: 'HEAD', url: '/health/live' },
    { method: 'GET', url: '/api/v1/products?limit=2' },
    { method: 'GET', url: '/api/v1/products/no-such-product' },
    { method: 'GET', url: '/api/v1/products?limit=abc' },
    { method: 'GET', url: '/no/such/route' },
    { method: 'GET', url: '/api/v1/products/%E0%A4%A' },
    { method: 'GET', url: '/docs' },
    {
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    },
    {
      method: 'OPTIONS',
      url: '/api/v1/orders',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    },
  ];

  it('every kind of response sends the headers app.inject() shows, each once, and its own request id', async () => {
    for (const request of requests) {
      const label = `${request.method} ${request.url}`;
      const sent = await wire(`${t.url}${request.url}`, request);
      const injected = await t.app.inject({
        method: request.method as 'GET',
        url: request.url,
        ...(request.headers ? { headers: request.headers } : {}),
        ...(request.body ? { payload: request.body } : {}),
      });
      expect(sent.status, label).toBe(injected.statusCode);
      for (const [name, values] of sent.headers) expect(values.length, `${label}: ${name}`).toBe(1);
      const fromWire = Object.fromEntries(
        [...sent.headers].filter(([name]) => !VARYING.has(name)).map(([name, [value]]) => [name, value]),
      );
      const fromInject = Object.fromEntries(
        Object.entries(injected.headers).filter(([name]) => !VARYING.has(name)),
      );
      expect(fromWire, label).toEqual(fromInject);
      expect(sent.headers.has('x-request-id'), label).toBe(injected.headers['x-request-id'] !== undefined);
    }
  });

  it('the fixed headers are on the wire, the client id echoed', async () => {
    const sent = await wire(`${t.url}/health/live`, { headers: { 'x-request-id': 'wire-1' } });
    expect(sent.headers.get('x-request-id')).toEqual(['wire-1']);
    expect(sent.headers.get('x-frame-options')).toEqual(['SAMEORIGIN']);
    expect(sent.headers.get('access-control-allow-origin')).toEqual(['*']);
    expect(sent.headers.get('strict-transport-security')).toEqual(['max-age=31536000; includeSubDomains']);
  });
});

describe('a response that sets a fixed header itself', () => {
  let app: App;
  let base: string;
  beforeAll(async () => {
    app = createHttpServer({
      log: pino({ level: 'silent' }),
      bodyLimit: 1024,
      headers: { 'x-frame-options': 'SAMEORIGIN', 'x-content-type-options': 'nosniff' },
    });
    app.get('/plain', async () => ({ ok: true }));
    app.get('/own', async (_request, reply) => reply.header('x-frame-options', 'DENY').send({ ok: true }));
    app.get('/own-id', async (_request, reply) => reply.header('x-request-id', 'mine').send({ ok: true }));
    app.get('/raw-array', async (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, ['X-Frame-Options', 'DENY', 'Content-Type', 'text/plain']);
      reply.raw.end('raw');
    });
    app.get('/raw-set', async (_request, reply) => {
      reply.raw.setHeader('X-Content-Type-Options', 'other');
      return { ok: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sends its own value instead of the fixed one, once; the others as usual', async () => {
    const plain = await wire(`${base}/plain`);
    expect(plain.headers.get('x-frame-options')).toEqual(['SAMEORIGIN']);
    expect(plain.headers.get('x-content-type-options')).toEqual(['nosniff']);
    expect(plain.headers.get('x-request-id')).toHaveLength(1);

    const own = await wire(`${base}/own`);
    expect(own.headers.get('x-frame-options')).toEqual(['DENY']);
    expect(own.headers.get('x-content-type-options')).toEqual(['nosniff']);
    expect(own.headers.get('x-request-id')).toHaveLength(1);

    const ownId = await wire(`${base}/own-id`);
    expect(ownId.headers.get('x-request-id')).toEqual(['mine']);
    expect(ownId.headers.get('x-frame-options')).toEqual(['SAMEORIGIN']);

    const array = await wire(`${base}/raw-array`);
    expect(array.headers.get('x-frame-options')).toEqual(['DENY']);
    expect(array.headers.get('x-content-type-options')).toEqual(['nosniff']);

    // Set on Node's response directly: the reply's own headers are merged into it (setHeader).
    const set = await wire(`${base}/raw-set`);
    expect(set.status).toBe(200);
    expect(set.headers.get('x-content-type-options')).toEqual(['other']);
    expect(set.headers.get('x-frame-options')).toEqual(['SAMEORIGIN']);
  });
});
