import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpServer } from '../../src/app';
import type { App } from '../../src/platform/http';

// Node adds some properties to its socket, request and response objects only on some paths (an
// address read, a body listener, a status set by the route), so the same kind of object took
// different hidden classes with the traffic and over a request's life, and Node's per-request code
// went megamorphic (src/platform/http-shapes.ts). Own property names in insertion order are what a
// hidden class is built from: at the start and at the end of every request here, whatever its
// path, each of the three objects must have the same names in the same order.

interface Shapes {
  socket: string;
  request: string;
  response: string;
}

const names = (value: object) => Reflect.ownKeys(value).map(String).join(',');

let app: App;
let origin: string;
const seen: Shapes[] = [];

beforeAll(async () => {
  app = createHttpServer({ log: pino({ level: 'silent' }), bodyLimit: 1024 });
  const record = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    seen.push({ socket: names(request.raw.socket), request: names(request.raw), response: names(reply.raw) });
    done();
  };
  // Before the body is read and the status set, and after Node's own 'finish' work (its
  // keep-alive timeout is set by then).
  app.addHook('onRequest', record);
  app.addHook('onResponse', record);
  app.get('/plain', async () => ({ ok: true }));
  app.post('/created', { schema: { body: z.object({ name: z.string() }) } }, async (request, reply) => {
    // What the rate limit and the request log do on most routes: read the client's address.
    void request.ip;
    return reply.code(201).send({ name: request.body.name });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
});

function send(agent: http.Agent | false, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json' };
    const request = http.request(`${origin}${path}`, { method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe("Node's HTTP objects keep one shape whatever the route does", () => {
  it('gives the socket, the request and the response the same own properties on every path, first to last', async () => {
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // New connections and one reused connection, each path first and later.
      const statuses = [
        await send(false, 'GET', '/plain'),
        await send(false, 'POST', '/created', '{"name":"a"}'),
        await send(false, 'GET', '/missing'),
        await send(keepAlive, 'GET', '/plain'),
        await send(keepAlive, 'POST', '/created', '{"name":"b"}'),
        await send(keepAlive, 'POST', '/created', '{"name":1}'),
        await send(keepAlive, 'GET', '/plain'),
      ];
      expect(statuses).toEqual([200, 201, 404, 200, 201, 400, 200]);
    } finally {
      keepAlive.destroy();
    }
    expect(seen).toHaveLength(14);
    for (const kind of ['socket', 'request', 'response'] as const) {
      const distinct = new Set(seen.map((shape) => shape[kind]));
      expect([...distinct], kind).toHaveLength(1);
    }
    // The properties the uniform classes add up front are there (not left to the prototype).
    expect(seen[0]!.socket.split(',')).toEqual(expect.arrayContaining(['_peername', 'timeout']));
    expect(seen[0]!.request.split(',')).toContain('_eventsCount');
    expect(seen[0]!.response.split(',')).toEqual(expect.arrayContaining(['statusCode', 'statusMessage']));
  });
});
