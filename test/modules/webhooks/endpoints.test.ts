import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../../src/modules/webhooks/service';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { bearer, createUser, type TestUser } from '../../helpers/auth';
import { startReceiver } from './receiver';

// WEBHOOK_ALLOW_PRIVATE is off (the default): private targets are refused. Public endpoints are
// written as IP literals (93.184.215.14 is a public address) so no test depends on DNS. Nothing may
// ever be sent there: no event is recorded while they exist (users are created in beforeAll, before
// any endpoint) and each test's endpoints are deleted after it.
const PUBLIC_URL = 'https://93.184.215.14/hooks/bazaar';

let t: TestApp;
let admin: TestUser;
let customer: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createUser(t, { role: 'ADMIN' });
  customer = await createUser(t);
});
afterEach(async () => {
  await t.ctx.database.pool.query('DELETE FROM webhook_endpoints');
});
afterAll(async () => {
  await t?.close();
});

const asAdmin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(admin.accessToken), ...(payload ? { payload } : {}) });

describe('webhook endpoints (admin)', () => {
  it('creates an endpoint and shows its signing secret in that answer only', async () => {
    const created = await asAdmin('POST', '/api/v1/admin/webhooks', {
      url: PUBLIC_URL,
      events: ['order.created', 'order.cancelled', 'order.created'],
      description: 'ERP',
    });
    expect(created.statusCode).toBe(201);
    const endpoint = created.json().data;
    expect(endpoint).toMatchObject({
      url: PUBLIC_URL,
      events: ['order.created', 'order.cancelled'],
      description: 'ERP',
      active: true,
      failingSince: null,
      disabledAt: null,
    });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    const { rows } = await t.ctx.database.pool.query('SELECT secret FROM webhook_endpoints WHERE id = $1', [
      endpoint.id,
    ]);
    expect(rows[0].secret).toBe(endpoint.secret);

    const read = await asAdmin('GET', `/api/v1/admin/webhooks/${endpoint.id}`);
    const list = await asAdmin('GET', '/api/v1/admin/webhooks?limit=100');
    const updated = await asAdmin('PATCH', `/api/v1/admin/webhooks/${endpoint.id}`, {
      description: 'ERP v2',
    });
    expect([read.statusCode, list.statusCode, updated.statusCode]).toEqual([200, 200, 200]);
    for (const body of [read.body, list.body, updated.body]) expect(body).not.toContain(endpoint.secret);
    expect(read.json().data).not.toHaveProperty('secret');
    expect(updated.json().data).toMatchObject({
      description: 'ERP v2',
      events: ['order.created', 'order.cancelled'],
    });

    const second = await asAdmin('POST', '/api/v1/admin/webhooks', { url: PUBLIC_URL, events: ['*'] });
    expect(second.json().data.secret).not.toBe(endpoint.secret);
    expect(list.json().meta).toMatchObject({ page: 1, limit: 100, total: 1, totalPages: 1 });
  });

  it('updates and deletes; unknown ids answer 404', async () => {
    const created = (
      await asAdmin('POST', '/api/v1/admin/webhooks', { url: PUBLIC_URL, events: ['*'] })
    ).json().data;
    const patched = await asAdmin('PATCH', `/api/v1/admin/webhooks/${created.id}`, {
      events: ['product.created', 'product.updated'],
      active: false,
      description: null,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().data).toMatchObject({
      events: ['product.created', 'product.updated'],
      active: false,
    });
    const { rows } = await t.ctx.database.pool.query(
      'SELECT events, active FROM webhook_endpoints WHERE id = $1',
      [created.id],
    );
    expect(rows[0]).toEqual({ events: ['product.created', 'product.updated'], active: false });

    const inactive = await asAdmin('GET', '/api/v1/admin/webhooks?active=false');
    expect(inactive.json().data.map((e: { id: string }) => e.id)).toContain(created.id);
    expect(inactive.json().data.every((e: { active: boolean }) => !e.active)).toBe(true);

    expect((await asAdmin('DELETE', `/api/v1/admin/webhooks/${created.id}`)).statusCode).toBe(200);
    const missing = randomUUID();
    for (const [method, url] of [
      ['GET', `/api/v1/admin/webhooks/${created.id}`],
      ['PATCH', `/api/v1/admin/webhooks/${missing}`],
      ['DELETE', `/api/v1/admin/webhooks/${created.id}`],
      ['GET', `/api/v1/admin/webhooks/${missing}/deliveries`],
      ['POST', `/api/v1/admin/webhooks/${missing}/test`],
      ['POST', `/api/v1/admin/webhooks/${missing}/deliveries/${randomUUID()}/retry`],
    ] as const) {
      const response = await asAdmin(method, url, method === 'PATCH' ? { active: true } : undefined);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('validates the body: event names from the list, "*" alone, http(s) URLs, no unknown fields', async () => {
    const cases: Array<[object, string]> = [
      [{ url: PUBLIC_URL, events: ['order.shipped'] }, 'events.0'],
      [{ url: PUBLIC_URL, events: ['webhook.test'] }, 'events.0'],
      [{ url: PUBLIC_URL, events: [] }, 'events'],
      [{ url: PUBLIC_URL, events: ['*', 'order.created'] }, 'events'],
      [{ url: PUBLIC_URL }, 'events'],
      [{ events: ['*'] }, 'url'],
      [{ url: PUBLIC_URL, events: ['*'], secret: 'whsec_mine' }, 'secret'],
      [{ url: PUBLIC_URL, events: ['*'], active: 'yes' }, 'active'],
    ];
    for (const [payload, path] of cases) {
      const response = await asAdmin('POST', '/api/v1/admin/webhooks', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
      expect(response.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    for (const url of ['ftp://93.184.215.14/x', 'not a url', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const response = await asAdmin('POST', '/api/v1/admin/webhooks', { url, events: ['*'] });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'WEBHOOK_URL_NOT_ALLOWED',
        details: [{ path: 'url' }],
      });
    }
    const created = (
      await asAdmin('POST', '/api/v1/admin/webhooks', { url: PUBLIC_URL, events: ['*'] })
    ).json().data;
    const empty = await asAdmin('PATCH', `/api/v1/admin/webhooks/${created.id}`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('VALIDATION_ERROR');
    const badId = await asAdmin('GET', '/api/v1/admin/webhooks/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    const badQuery = await asAdmin('GET', `/api/v1/admin/webhooks/${created.id}/deliveries?status=LOST`);
    expect(badQuery.statusCode).toBe(400);
    // Every name in the list is accepted.
    const all = await asAdmin('POST', '/api/v1/admin/webhooks', {
      url: PUBLIC_URL,
      events: [...WEBHOOK_EVENT_TYPES],
    });
    expect(all.statusCode).toBe(201);
  });

  it('refuses loopback, private and link-local targets, at create and at update', async () => {
    const refused = [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://10.1.2.3/hook',
      'http://172.16.0.5/hook',
      'http://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/hook',
      'http://0.0.0.0/hook',
      'http://[::1]/hook',
      'http://[fd00::1]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://2130706433/hook',
    ];
    for (const url of refused) {
      const response = await asAdmin('POST', '/api/v1/admin/webhooks', { url, events: ['*'] });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
    }
    const created = (
      await asAdmin('POST', '/api/v1/admin/webhooks', { url: PUBLIC_URL, events: ['*'] })
    ).json().data;
    const moved = await asAdmin('PATCH', `/api/v1/admin/webhooks/${created.id}`, {
      url: 'http://127.0.0.1/x',
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
    const { rows } = await t.ctx.database.pool.query('SELECT url FROM webhook_endpoints WHERE id = $1', [
      created.id,
    ]);
    expect(rows[0].url).toBe(PUBLIC_URL);
  });

  it('refuses at delivery time too: a host that now resolves to loopback (DNS rebinding) is never called', async () => {
    const receiver = await startReceiver();
    try {
      const created = (
        await asAdmin('POST', '/api/v1/admin/webhooks', { url: PUBLIC_URL, events: ['*'] })
      ).json().data;
      // As if the endpoint's name had resolved to a public address when saved and to loopback now.
      const port = new URL(receiver.url).port;
      await t.ctx.database.pool.query('UPDATE webhook_endpoints SET url = $2 WHERE id = $1', [
        created.id,
        `http://localhost:${port}/hook`,
      ]);
      const queued = await asAdmin('POST', `/api/v1/admin/webhooks/${created.id}/test`);
      expect(queued.statusCode).toBe(202);
      const attempted = await waitFor(async () => {
        const [delivery] = (await asAdmin('GET', `/api/v1/admin/webhooks/${created.id}/deliveries`)).json()
          .data;
        return delivery?.attempt === 1 && delivery.error ? delivery : undefined;
      });
      expect(attempted).toMatchObject({ status: 'PENDING', responseStatus: null });
      expect(attempted.error).toContain('refused');
      expect(receiver.received).toEqual([]);
      await asAdmin('DELETE', `/api/v1/admin/webhooks/${created.id}`);
    } finally {
      await receiver.close();
    }
  });

  it('is for admins only: anonymous 401, customer 403, before the body is read', async () => {
    const id = randomUUID();
    const routes = [
      ['GET', '/api/v1/admin/webhooks'],
      ['POST', '/api/v1/admin/webhooks'],
      ['GET', `/api/v1/admin/webhooks/${id}`],
      ['PATCH', `/api/v1/admin/webhooks/${id}`],
      ['DELETE', `/api/v1/admin/webhooks/${id}`],
      ['GET', `/api/v1/admin/webhooks/${id}/deliveries`],
      ['POST', `/api/v1/admin/webhooks/${id}/deliveries/${randomUUID()}/retry`],
      ['POST', `/api/v1/admin/webhooks/${id}/test`],
    ] as const;
    for (const [method, url] of routes) {
      const anonymous = await t.app.inject({ method, url, payload: { bogus: true } });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
      const asCustomer = await t.app.inject({
        method,
        url,
        headers: bearer(customer.accessToken),
        payload: {},
      });
      expect(asCustomer.statusCode, `${method} ${url}`).toBe(403);
    }
    const { rows } = await t.ctx.database.pool.query('SELECT count(*)::int AS n FROM webhook_endpoints');
    const before = rows[0].n;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/webhooks',
      headers: bearer(customer.accessToken),
      payload: { url: PUBLIC_URL, events: ['*'] },
    });
    const after = await t.ctx.database.pool.query('SELECT count(*)::int AS n FROM webhook_endpoints');
    expect(after.rows[0].n).toBe(before);
  });
});
