import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createUser, uniqueEmail, type TestUser } from '../../helpers/auth';

const ADMIN_EMAIL = 'Root@Bazaar.example';
const ADMIN_PASSWORD = 'bootstrap admin secret 1';

let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestApp({ env: { ADMIN_EMAIL, ADMIN_PASSWORD } });
  admin = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
});
afterAll(async () => {
  await t?.close();
});

let ip = 0;
async function signIn(email: string, password: string, app = t): Promise<TestUser> {
  const response = await app.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: `10.4.0.${++ip % 250}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  const data = response.json().data;
  return {
    id: data.user.id,
    email,
    password,
    accessToken: data.accessToken,
    refreshToken: data.refreshToken,
  };
}

type Method = 'GET' | 'POST' | 'PATCH';
const call = (method: Method, url: string, user?: TestUser, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: user ? bearer(user.accessToken) : {},
    ...(payload ? { payload } : {}),
  });
const loginAttempt = (email: string, password: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: `10.4.1.${++ip % 250}`,
  });

describe('admin bootstrap (ADMIN_EMAIL / ADMIN_PASSWORD)', () => {
  it('creates a verified admin at start-up', async () => {
    const me = await call('GET', '/users/me', admin);
    expect(me.json().data).toMatchObject({
      email: 'root@bazaar.example',
      role: 'ADMIN',
      emailVerified: true,
    });
  });

  it('updates the password and promotes an existing account on the next start', async () => {
    const customer = await createUser(t);
    const second = await createTestApp({
      shareDatabaseWith: t,
      env: { ADMIN_EMAIL: customer.email, ADMIN_PASSWORD: 'promoted admin secret 2' },
    });
    const third = await createTestApp({
      shareDatabaseWith: t,
      env: { ADMIN_EMAIL, ADMIN_PASSWORD: 'rotated admin secret 3' },
    });
    try {
      expect((await loginAttempt(customer.email, 'promoted admin secret 2')).json().data.user.role).toBe(
        'ADMIN',
      );
      expect((await loginAttempt(ADMIN_EMAIL, ADMIN_PASSWORD)).statusCode).toBe(401);
      admin = await signIn(ADMIN_EMAIL, 'rotated admin secret 3');
    } finally {
      await second.close();
      await third.close();
    }
  });
});

describe('GET /admin/users', () => {
  it('searches by email or name, filters by role and status, paginates and sorts', async () => {
    const tag = randomUUID().slice(0, 8);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createUser(t, { name: `Zed ${tag} ${i}` }));
    const unverifiedEmail = uniqueEmail(`unv${tag}`);
    await call('POST', '/auth/register', undefined, {
      email: unverifiedEmail,
      password: 'unverified secret 9',
      name: `Zed ${tag} unverified`,
    });
    await call('POST', `/admin/users/${made[0]!.id}/block`, admin, { reason: 'spam' });

    const page1 = await call(
      'GET',
      `/admin/users?searchTerm=${tag}&limit=4&sortBy=name&sortOrder=asc`,
      admin,
    );
    expect(page1.statusCode).toBe(200);
    expect(page1.json().meta).toEqual({ page: 1, limit: 4, total: 6, totalPages: 2 });
    expect(page1.json().data.map((u: { name: string }) => u.name)).toEqual(
      [0, 1, 2, 3].map((i) => `Zed ${tag} ${i}`),
    );
    const page2 = await call(
      'GET',
      `/admin/users?searchTerm=${tag}&limit=4&page=2&sortBy=name&sortOrder=asc`,
      admin,
    );
    expect(page2.json().data.map((u: { name: string }) => u.name)).toEqual([
      `Zed ${tag} 4`,
      `Zed ${tag} unverified`,
    ]);
    expect(page1.body).not.toMatch(/argon2|password_?hash/i);

    const byEmail = await call('GET', `/admin/users?searchTerm=${made[2]!.email.toUpperCase()}`, admin);
    expect(byEmail.json().data.map((u: { id: string }) => u.id)).toEqual([made[2]!.id]);

    const statuses = async (status: string) =>
      (await call('GET', `/admin/users?searchTerm=${tag}&status=${status}`, admin)).json().data as Array<{
        id: string;
        email: string;
        status: string;
        blockedReason: string | null;
      }>;
    const blocked = await statuses('BLOCKED');
    expect(blocked.map((u) => [u.id, u.status, u.blockedReason])).toEqual([[made[0]!.id, 'BLOCKED', 'spam']]);
    expect((await statuses('UNVERIFIED')).map((u) => u.email)).toEqual([unverifiedEmail]);
    expect(await statuses('ACTIVE')).toHaveLength(4);

    const admins = await call('GET', '/admin/users?role=ADMIN', admin);
    expect(admins.json().data.every((u: { role: string }) => u.role === 'ADMIN')).toBe(true);
    expect(admins.json().data.map((u: { email: string }) => u.email)).toContain('root@bazaar.example');

    for (const query of ['limit=0', 'limit=101', 'page=0', 'role=ROOT', 'status=GONE', 'sortBy=password']) {
      expect((await call('GET', `/admin/users?${query}`, admin)).statusCode, query).toBe(400);
    }
    expect((await call('GET', `/admin/users/${made[1]!.id}`, admin)).json().data.email).toBe(made[1]!.email);
    expect((await call('GET', `/admin/users/${randomUUID()}`, admin)).statusCode).toBe(404);
  });
});

describe('PATCH /admin/users/:id (role)', () => {
  it("changes the role; the user's old access token stops at once and a refresh carries the new role", async () => {
    const user = await createUser(t);
    expect((await call('GET', '/admin/users', user)).statusCode).toBe(403);
    const promoted = await call('PATCH', `/admin/users/${user.id}`, admin, { role: 'ADMIN' });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json().data.role).toBe('ADMIN');
    expect((await call('GET', '/users/me', user)).statusCode).toBe(401);
    const refreshed = await call('POST', '/auth/refresh', undefined, { refreshToken: user.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    const token = refreshed.json().data.accessToken;
    expect(refreshed.json().data.user.role).toBe('ADMIN');
    expect((await call('GET', '/admin/users', { ...user, accessToken: token })).statusCode).toBe(200);

    const demoted = await call('PATCH', `/admin/users/${user.id}`, admin, { role: 'CUSTOMER' });
    expect(demoted.json().data.role).toBe('CUSTOMER');
    expect((await call('GET', '/admin/users', { ...user, accessToken: token })).statusCode).toBe(401);
  });

  it('refuses changing your own role (409), unknown users (404), unknown fields and roles (400)', async () => {
    const self = await call('PATCH', `/admin/users/${admin.id}`, admin, { role: 'CUSTOMER' });
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('CANNOT_MODIFY_SELF');
    expect((await call('PATCH', `/admin/users/${randomUUID()}`, admin, { role: 'ADMIN' })).statusCode).toBe(
      404,
    );
    const user = await createUser(t);
    expect((await call('PATCH', `/admin/users/${user.id}`, admin, { role: 'ROOT' })).statusCode).toBe(400);
    expect(
      (await call('PATCH', `/admin/users/${user.id}`, admin, { email: 'x@example.com' })).statusCode,
    ).toBe(400);
    expect((await call('PATCH', `/admin/users/not-a-uuid`, admin, { role: 'ADMIN' })).statusCode).toBe(400);
  });
});

describe('blocking', () => {
  it('blocks indefinitely: sessions revoked, access tokens answer 423 at once, login 423; unblock restores', async () => {
    const user = await createUser(t);
    expect((await call('GET', '/users/me', user)).statusCode).toBe(200); // the state is now cached
    const blocked = await call('POST', `/admin/users/${user.id}/block`, admin, { reason: 'chargebacks' });
    expect(blocked.statusCode).toBe(200);
    expect(blocked.json().data).toMatchObject({
      status: 'BLOCKED',
      blockedUntil: null,
      blockedReason: 'chargebacks',
    });

    const me = await call('GET', '/users/me', user);
    expect(me.statusCode).toBe(423);
    expect(me.json().error.code).toBe('ACCOUNT_BLOCKED');
    expect(
      (await call('POST', '/auth/refresh', undefined, { refreshToken: user.refreshToken })).statusCode,
    ).toBe(401);
    const login = await loginAttempt(user.email, user.password);
    expect(login.statusCode).toBe(423);
    expect(login.json().error).toEqual({
      code: 'ACCOUNT_BLOCKED',
      details: [{ path: 'until', message: 'indefinitely' }],
    });
    // A wrong password does not reveal the block.
    expect((await loginAttempt(user.email, 'wrong password here')).statusCode).toBe(401);

    const unblocked = await call('POST', `/admin/users/${user.id}/unblock`, admin);
    expect(unblocked.statusCode).toBe(200);
    expect(unblocked.json().data).toMatchObject({ status: 'ACTIVE', blockedReason: null });
    const again = await signIn(user.email, user.password);
    expect((await call('GET', '/users/me', again)).statusCode).toBe(200);
  });

  it('blocks until a time: login 423 with the until time and Retry-After, then unblocks by itself', async () => {
    const user = await createUser(t);
    const until = new Date(Date.now() + 2_500);
    const blocked = await call('POST', `/admin/users/${user.id}/block`, admin, {
      until: until.toISOString(),
      reason: 'cool down',
    });
    expect(blocked.statusCode).toBe(200);
    expect(blocked.json().data.blockedUntil).toBe(until.toISOString());
    const login = await loginAttempt(user.email, user.password);
    expect(login.statusCode).toBe(423);
    expect(login.json().message).toContain(until.toISOString());
    expect(login.json().error.details).toEqual([{ path: 'until', message: until.toISOString() }]);
    expect(Number(login.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(login.headers['retry-after'])).toBeLessThanOrEqual(3);
    const me = await call('GET', '/users/me', user);
    expect(me.statusCode).toBe(423);

    await new Promise((resolve) => setTimeout(resolve, until.getTime() - Date.now() + 200));
    const after = await signIn(user.email, user.password);
    expect((await call('GET', '/users/me', after)).statusCode).toBe(200);
    const listed = await call('GET', `/admin/users/${user.id}`, admin);
    expect(listed.json().data).toMatchObject({ status: 'ACTIVE', blockedUntil: null });
  });

  it('validates the block request', async () => {
    const user = await createUser(t);
    const cases: Array<[object, number]> = [
      [{}, 400],
      [{ reason: '' }, 400],
      [{ reason: 'x', until: 'tomorrow' }, 400],
      [{ reason: 'x', until: new Date(Date.now() - 60_000).toISOString() }, 400],
      [{ reason: 'x', role: 'ADMIN' }, 400],
    ];
    for (const [payload, status] of cases) {
      expect(
        (await call('POST', `/admin/users/${user.id}/block`, admin, payload)).statusCode,
        JSON.stringify(payload),
      ).toBe(status);
    }
    const self = await call('POST', `/admin/users/${admin.id}/block`, admin, { reason: 'oops' });
    expect(self.statusCode).toBe(409);
    expect(
      (await call('POST', `/admin/users/${randomUUID()}/block`, admin, { reason: 'x' })).statusCode,
    ).toBe(404);
    expect((await call('POST', `/admin/users/${randomUUID()}/unblock`, admin)).statusCode).toBe(404);
    expect((await call('GET', '/users/me', user)).statusCode).toBe(200);
  });

  it('customers get 403 and anonymous callers 401 on every user administration route', async () => {
    const user = await createUser(t);
    const target = await createUser(t);
    const routes: Array<[Method, string, object?]> = [
      ['GET', '/admin/users'],
      ['GET', `/admin/users/${target.id}`],
      ['PATCH', `/admin/users/${target.id}`, { role: 'ADMIN' }],
      ['POST', `/admin/users/${target.id}/block`, { reason: 'x' }],
      ['POST', `/admin/users/${target.id}/unblock`],
    ];
    for (const [method, url, payload] of routes) {
      expect((await call(method, url, user, payload)).statusCode).toBe(403);
      expect((await call(method, url, undefined, payload)).statusCode).toBe(401);
    }
    expect((await call('GET', '/users/me', target)).json().data.role).toBe('CUSTOMER');
  });
});

describe.skipIf(!process.env.REDIS_URL)('blocking across instances (needs REDIS_URL)', () => {
  it("a block stops the user's access token at once on its instance, within a second on another", async () => {
    const second = await createTestApp({ shareDatabaseWith: t });
    try {
      const user = await createUser(t);
      const me = (app: TestApp) =>
        app.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(user.accessToken) });
      // Cached as allowed on both instances (in process) and on the shared Redis.
      expect((await me(second)).statusCode).toBe(200);
      expect((await me(t)).statusCode).toBe(200);
      expect(
        (await call('POST', `/admin/users/${user.id}/block`, admin, { reason: 'fraud' })).statusCode,
      ).toBe(200);
      const blockedAt = Date.now();
      expect((await me(t)).statusCode).toBe(423);
      let status = (await me(second)).statusCode;
      while (status === 200 && Date.now() - blockedAt < 2_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = (await me(second)).statusCode;
      }
      expect(status).toBe(423);
      // Announced through Redis (well under the 1 s the in-process entry could otherwise live).
      expect(Date.now() - blockedAt).toBeLessThan(500);
      expect((await call('POST', `/admin/users/${user.id}/unblock`, admin)).statusCode).toBe(200);
      let after = (await me(second)).statusCode;
      for (let i = 0; after === 423 && i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = (await me(second)).statusCode;
      }
      expect(after).toBe(401); // unblocking does not revive revoked sessions
    } finally {
      await second.close();
    }
  });
});
