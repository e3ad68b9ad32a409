import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../../src/app';
import { guardRoutesUnder, requireAuth } from '../../../src/platform/security';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createUser } from '../../helpers/auth';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

describe('every /api/v1/admin operation in the OpenAPI document', () => {
  it('answers 401 to anonymous callers and 403 to customers, before looking at the body', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operations: Array<{ method: (typeof METHODS)[number]; path: string }> = [];
    for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, unknown>>)) {
      if (!path.startsWith('/api/v1/admin/')) continue;
      for (const method of METHODS) if (item[method]) operations.push({ method, path });
    }
    // At least the user administration routes; later modules add theirs and are covered automatically.
    for (const expected of [
      'get /api/v1/admin/users',
      'patch /api/v1/admin/users/{id}',
      'post /api/v1/admin/users/{id}/block',
      'post /api/v1/admin/users/{id}/unblock',
    ])
      expect(operations.map((o) => `${o.method} ${o.path}`)).toContain(expected);

    const customer = await createUser(t);
    const problems: string[] = [];
    for (const { method, path } of operations) {
      const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
      const declared = hasBearerSecurity(path, method);
      if (!declared) problems.push(`${method} ${path}: no bearerAuth security in the document`);
      const anonymous = await t.app.inject({ method: method.toUpperCase() as 'GET', url, payload: {} });
      if (anonymous.statusCode !== 401)
        problems.push(`${method} ${path}: anonymous got ${anonymous.statusCode}`);
      else expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
      const asCustomer = await t.app.inject({
        method: method.toUpperCase() as 'GET',
        url,
        payload: {},
        headers: bearer(customer.accessToken),
      });
      if (asCustomer.statusCode !== 403)
        problems.push(`${method} ${path}: customer got ${asCustomer.statusCode}`);
      else expect(asCustomer.json().error.code).toBe('FORBIDDEN');
    }
    expect(problems).toEqual([]);

    function hasBearerSecurity(path: string, method: string): boolean {
      const operation = spec.paths[path][method] as { security?: Array<Record<string, unknown>> };
      return (operation.security ?? []).some((requirement) => 'bearerAuth' in requirement);
    }
  });
});

describe('guardRoutesUnder', () => {
  it('guards every route registered under the prefix, in any plugin, even one that declares no guard', async () => {
    const app = createHttpServer({ log: t.ctx.log, bodyLimit: 1024 });
    app.decorate('ctx', t.ctx);
    await app.register(
      async (api) => {
        guardRoutesUnder(api, '/api/v1/admin/', requireAuth('ADMIN'));
        await api.register(async (module) => {
          module.get('/admin/probe', async () => ({ ok: true }));
          module.post('/admin/probe', async () => ({ ok: true }));
          module.get('/public', async () => ({ ok: true }));
        });
      },
      { prefix: '/api/v1' },
    );
    try {
      const customer = await createUser(t);
      const admin = await createUser(t, { role: 'ADMIN' });
      const status = async (method: 'GET' | 'HEAD' | 'POST', url: string, token?: string) =>
        (
          await app.inject({
            method,
            url,
            ...(method === 'POST' ? { payload: { any: 'thing' } } : {}),
            ...(token ? { headers: bearer(token) } : {}),
          })
        ).statusCode;
      for (const method of ['GET', 'HEAD', 'POST'] as const) {
        expect(await status(method, '/api/v1/admin/probe'), method).toBe(401);
        expect(await status(method, '/api/v1/admin/probe', customer.accessToken), method).toBe(403);
        expect(await status(method, '/api/v1/admin/probe', admin.accessToken), method).toBe(200);
      }
      expect(await status('GET', '/api/v1/public')).toBe(200);
      expect(await status('GET', '/api/v1/public', customer.accessToken)).toBe(200);
    } finally {
      await app.close();
    }
  });
});
