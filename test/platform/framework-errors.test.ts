import http from 'node:http';
import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpServer } from '../../src/app';
import type { App } from '../../src/platform/http';

// Errors raised by Fastify, its router or Node's HTTP parser before any route runs: each one must
// still arrive in the error envelope, over a real socket, readable by the client.
let app: App;
let port: number;

beforeAll(async () => {
  app = createHttpServer({ log: pino({ level: 'silent' }), bodyLimit: 1_048_576 });
  app.get('/things/:id', { schema: { params: z.object({ id: z.string().max(300) }) } }, async (request) => ({
    id: request.params.id,
  }));
  app.post('/things', { schema: { body: z.strictObject({ name: z.string() }) } }, async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await app.close();
});

function expectEnvelope(status: number, body: string, code: string, requestId?: string) {
  const parsed = JSON.parse(body);
  expect(parsed).toMatchObject({ success: false, error: { code } });
  expect(typeof parsed.message).toBe('string');
  if (requestId) expect(parsed.requestId).toBe(requestId);
  expect(status).toBeGreaterThanOrEqual(400);
}

/** Sends raw bytes and returns whatever the server answered before closing. */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let received = '';
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
    setTimeout(() => socket.end(), 1000).unref();
  });
}

/**
 * POSTs `size` bytes of JSON with node:http (chunked or with Content-Length), reads the answer and
 * waits for the request to close, recording any socket error (EPIPE, ECONNRESET) on the way.
 */
function postLarge(size: number, chunked: boolean) {
  const payload = Buffer.from(JSON.stringify({ name: 'x'.repeat(size) }));
  return new Promise<{ status: number; body: string; socketError?: string }>((resolve) => {
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' };
    if (!chunked) headers['content-length'] = payload.length;
    let status = 0;
    let body = '';
    let socketError: string | undefined;
    const request = http.request(
      { port, host: '127.0.0.1', method: 'POST', path: '/things', headers },
      (res) => {
        status = res.statusCode ?? 0;
        res.on('data', (chunk) => (body += chunk));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => (socketError = error.code ?? error.message));
    request.on('close', () => resolve({ status, body, socketError }));
    for (let offset = 0; offset < payload.length; offset += 64 * 1024)
      request.write(payload.subarray(offset, offset + 64 * 1024));
    request.end();
  });
}

describe('oversized bodies', () => {
  it('get a readable 413 in the envelope while the client is still sending (no EPIPE)', async () => {
    for (const chunked of [false, true]) {
      const res = await postLarge(16_000_000, chunked);
      expect(res.socketError, `chunked=${chunked}`).toBeUndefined();
      expect(res.status, `chunked=${chunked}`).toBe(413);
      expectEnvelope(res.status, res.body, 'PAYLOAD_TOO_LARGE');
    }
  });

  it('leave the connection usable for the next request', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const payload = JSON.stringify({ name: 'x'.repeat(2_000_000) });
    const send = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(
          {
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: '/things',
            agent,
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    expect(await send(payload)).toBe(413);
    expect(await send(JSON.stringify({ name: 'ok' }))).toBe(200);
    agent.destroy();
  });
});

describe('router errors', () => {
  it('answer an over-long path parameter with 414 URI_TOO_LONG in the envelope', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/things/${'a'.repeat(300)}`,
      headers: { 'x-request-id': 'long-1' },
    });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toBe('long-1');
    expectEnvelope(res.statusCode, res.body, 'URI_TOO_LONG', 'long-1');
    expect(res.body).not.toContain('aaaa');
    const fine = await app.inject({ method: 'GET', url: `/things/${'a'.repeat(250)}` });
    expect(fine.statusCode).toBe(200);
  });

  it('answer a malformed percent-encoding with 400 BAD_REQUEST in the envelope', async () => {
    const res = await app.inject({ method: 'GET', url: '/things/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expectEnvelope(res.statusCode, res.body, 'BAD_REQUEST');
  });

  it('answer a text/plain body with 415, not a validation error', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(res.statusCode).toBe(415);
    expectEnvelope(res.statusCode, res.body, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe("Node's HTTP parser errors", () => {
  it('answer headers over the limit with 431 in the envelope', async () => {
    const answer = await rawExchange(
      `GET /things/x HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/content-type: application\/json/i);
    const requestId = /x-request-id: (\S+)/i.exec(head ?? '')?.[1];
    expectEnvelope(431, body ?? '', 'HEADERS_TOO_LARGE', requestId);
  });

  it('answer a request that is not HTTP with 400 in the envelope', async () => {
    const answer = await rawExchange('GARBAGE\r\n\r\n');
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expectEnvelope(400, body ?? '', 'BAD_REQUEST');
  });
});
