import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpServer } from '../../src/app';
import { conflict } from '../../src/platform/errors';
import type { App } from '../../src/platform/http';
import { idempotencyHeaders, runIdempotent, sendIdempotent } from '../../src/platform/idempotency';
import { createTestApp, type TestApp } from '../helpers/app';

// runIdempotent on the real database, behind a fixture route so requests really race.
let t: TestApp;
let server: App;

beforeAll(async () => {
  t = await createTestApp({ work: false });
  await t.ctx.database.pool.query('CREATE TABLE idem_probe (id serial PRIMARY KEY, scope text, note text)');
  server = createHttpServer({
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    bodyLimit: 1_048_576,
  });
  server.post(
    '/probe',
    {
      schema: {
        headers: idempotencyHeaders.extend({ 'x-user': z.string() }),
        body: z.strictObject({ note: z.string(), fail: z.boolean().optional() }),
      },
    },
    async (request, reply) => {
      const scope = request.headers['x-user'];
      const result = await runIdempotent(
        t.ctx,
        { scope, key: request.headers['idempotency-key'], fingerprint: request.body },
        async (tx) => {
          const { rows } = await tx.client.query(
            'INSERT INTO idem_probe (scope, note) VALUES ($1, $2) RETURNING id',
            [scope, request.body.note],
          );
          await new Promise((resolve) => setTimeout(resolve, 150));
          if (request.body.fail) throw conflict('OUT_OF_STOCK', 'not now');
          return { status: 201, body: { id: rows[0].id as number, note: request.body.note } };
        },
      );
      return sendIdempotent(reply, result);
    },
  );
  await server.ready();
});

afterAll(async () => {
  await server.close();
  await t.close();
});

const probe = (key: string | undefined, body: object, user = 'user-a') =>
  server.inject({
    method: 'POST',
    url: '/probe',
    headers: { 'x-user': user, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });
const rows = async (note: string) =>
  (await t.ctx.database.pool.query('SELECT * FROM idem_probe WHERE note = $1', [note])).rows;

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body', async () => {
    const first = await probe('k-replay', { note: 'replay' });
    const second = await probe('k-replay', { note: 'replay' });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await rows('replay')).toHaveLength(1);
  });

  it('answers 422 when the same key comes with a different body', async () => {
    await probe('k-diff', { note: 'diff-1' });
    const res = await probe('k-diff', { note: 'diff-2' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await rows('diff-2')).toHaveLength(0);
  });

  it('runs the work exactly once under 10 concurrent requests with one key', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => probe('k-race', { note: 'race' })));
    expect(await rows('race')).toHaveLength(1);
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(
      statuses.filter((s) => s !== 201 && s !== 409),
      JSON.stringify(responses.map((r) => r.body)),
    ).toEqual([]);
    const busy = responses.find((r) => r.statusCode === 409);
    if (busy) expect(busy.json().error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    const ids = new Set(responses.filter((r) => r.statusCode === 201).map((r) => r.json().id));
    expect(ids.size).toBe(1);
  });

  it('stores nothing when the work fails, so a corrected retry with the same key runs', async () => {
    const failed = await probe('k-fail', { note: 'fail', fail: true });
    expect(failed.statusCode).toBe(409);
    expect(await rows('fail')).toHaveLength(0);
    const retried = await probe('k-fail', { note: 'fail' });
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await rows('fail')).toHaveLength(1);
  });

  it('is namespaced per caller: another user with the same key gets their own result', async () => {
    const mine = await probe('k-shared', { note: 'scoped' }, 'user-a');
    const theirs = await probe('k-shared', { note: 'scoped' }, 'user-b');
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('lets a retry take over a claim left by a request that died', async () => {
    await t.ctx.database.pool.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state, locked_at, expires_at)
       VALUES ('user-a', 'k-dead', 'whatever', 'IN_PROGRESS', now() - interval '5 minutes', now() + interval '1 day')`,
    );
    const res = await probe('k-dead', { note: 'dead' });
    expect(res.statusCode).toBe(201);
    expect(await rows('dead')).toHaveLength(1);
  });

  it('rejects keys longer than 255 characters', async () => {
    const res = await probe('k'.repeat(256), { note: 'long' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('idempotency-key');
  });

  it('runs every time without a key', async () => {
    await probe(undefined, { note: 'nokey' });
    await probe(undefined, { note: 'nokey' });
    expect(await rows('nokey')).toHaveLength(2);
  });
});
