import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpServer } from '../../src/app';
import { AppError, notFound } from '../../src/platform/errors';
import { envelope, ok, type App } from '../../src/platform/http';
import { paginationQuery } from '../../src/platform/pagination';

// The house rules of createHttpServer (the server every route runs on), exercised with fixture routes.
let app: App;

beforeAll(async () => {
  app = createHttpServer({ log: pino({ level: 'silent' }), bodyLimit: 1_048_576 });
  app.post(
    '/things',
    {
      schema: {
        body: z.strictObject({ name: z.string().min(2), quantity: z.number().int().min(1) }),
        response: { 201: envelope(z.object({ name: z.string(), quantity: z.number() })) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(ok({ ...request.body, secret: 'never leaves' }, 'Created')),
  );
  const size = z.object({ label: z.string(), grams: z.number().int().nullable() }).meta({ id: 'Size' });
  app.get(
    '/nullable/:which',
    {
      schema: {
        response: {
          200: envelope(z.object({ id: z.uuid().nullable(), size: size.nullable(), other: size.nullable() })),
        },
      },
    },
    async (request) =>
      ok(
        (request.params as { which: string }).which === 'null'
          ? { id: null, size: null, other: null, extra: 1 }
          : {
              id: '7d3c1a6e-8f0b-4b8e-9a51-2f6f1c9e0b11',
              size: { label: 'L', grams: null, secret: 'x' },
              other: { label: 'M', grams: 40 },
            },
      ),
  );
  app.get('/things', { schema: { querystring: paginationQuery } }, async (request) => ok(request.query));
  app.get('/missing', async () => {
    throw notFound('Thing');
  });
  app.get('/conflict', async () => {
    throw new AppError(409, 'OUT_OF_STOCK', 'Not enough stock', [
      { path: 'items.0', message: 'only 2 left' },
    ]);
  });
  app.get('/duplicate', async () => {
    // What Drizzle throws for a unique violation the service forgot to translate.
    throw Object.assign(new Error('Failed query: insert ...'), {
      cause: Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
        code: '23505',
        severity: 'ERROR',
      }),
    });
  });
  app.get('/nul-in-database', async () => {
    // What the driver throws when a NUL slips past validation into a text column.
    throw Object.assign(new Error('Failed query: select ...'), {
      cause: Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
        code: '22021',
        severity: 'ERROR',
      }),
    });
  });
  app.get('/boom', async () => {
    throw new Error('relation "users" does not exist at /src/secret.ts:12');
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

describe('success envelope', () => {
  it('wraps data and strips fields that the response schema does not list', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'Lamp', quantity: 2 } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ success: true, message: 'Created', data: { name: 'Lamp', quantity: 2 } });
  });
});

describe('nullable fields (X | null)', () => {
  it('serializes null and values alike, objects still limited to their listed fields', async () => {
    const empty = await app.inject({ url: '/nullable/null' });
    expect(empty.json().data).toEqual({ id: null, size: null, other: null });
    const full = await app.inject({ url: '/nullable/full' });
    expect(full.json().data).toEqual({
      id: '7d3c1a6e-8f0b-4b8e-9a51-2f6f1c9e0b11',
      size: { label: 'L', grams: null },
      other: { label: 'M', grams: 40 },
    });
  });
});

describe('validation errors', () => {
  it('lists each bad field', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'L', quantity: 0.5 } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.success).toBe(false);
    expect(body.error.code).toBe('VALIDATION_ERROR');
    expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['name', 'quantity']);
    expect(typeof body.requestId).toBe('string');
  });

  it('rejects unknown body fields by name', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'Lamp', quantity: 1, role: 'ADMIN', price: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: 'role', message: 'Unknown field' },
      { path: 'price', message: 'Unknown field' },
    ]);
  });

  it('rejects malformed JSON with INVALID_JSON', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Lamp",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_JSON');
  });

  it('rejects a wrong content type with 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/xml' },
      payload: '<thing/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a body over 1 MB with 413', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(1_100_000), quantity: 1 }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('rejects query values of the wrong type or out of range', async () => {
    for (const query of ['page=0', 'limit=1000', 'limit=abc', 'page=1.5']) {
      const res = await app.inject({ method: 'GET', url: `/things?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    const res = await app.inject({ method: 'GET', url: '/things?page=2&limit=100&utm_source=x' });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual({ page: 2, limit: 100 });
  });
});

describe('error envelope', () => {
  it('answers unknown routes with NOT_FOUND', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      success: false,
      message: 'Route GET /api/v1/nothing-here not found',
      error: { code: 'NOT_FOUND' },
    });
  });

  it('turns AppError into its status, code and details', async () => {
    expect((await app.inject({ method: 'GET', url: '/missing' })).json()).toMatchObject({
      message: 'Thing not found',
      error: { code: 'NOT_FOUND' },
    });
    const res = await app.inject({ method: 'GET', url: '/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({
      code: 'OUT_OF_STOCK',
      details: [{ path: 'items.0', message: 'only 2 left' }],
    });
  });

  it('turns an untranslated unique violation into 409 CONFLICT without SQL in the body', async () => {
    const res = await app.inject({ method: 'GET', url: '/duplicate' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONFLICT');
    expect(res.body).not.toMatch(/insert|constraint/);
  });

  it('turns a NUL the database refused (22021) into 400 VALIDATION_ERROR', async () => {
    const res = await app.inject({ method: 'GET', url: '/nul-in-database' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_ERROR');
    expect(res.body).not.toMatch(/select|0x00/);
  });

  it('never leaks internals in a 500', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      success: false,
      message: 'Internal server error',
      error: { code: 'INTERNAL_ERROR' },
      requestId: res.headers['x-request-id'],
    });
    expect(res.body).not.toMatch(/relation|secret\.ts|stack/);
  });
});

describe('request id', () => {
  it('echoes a client X-Request-Id in the header and error body', async () => {
    const res = await app.inject({ method: 'GET', url: '/missing', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.json().requestId).toBe('abc-123');
  });

  it('generates one when absent or unsafe', async () => {
    const plain = await app.inject({ method: 'GET', url: '/things' });
    expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await app.inject({
      method: 'GET',
      url: '/things',
      headers: { 'x-request-id': 'x'.repeat(500) },
    });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
