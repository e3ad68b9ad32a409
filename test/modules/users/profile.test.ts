import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createUser, type TestUser } from '../../helpers/auth';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  alice = await createUser(t, { name: 'Alice' });
  bob = await createUser(t, { name: 'Bob' });
});
afterAll(async () => {
  await t?.close();
});

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, user?: TestUser, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: user ? bearer(user.accessToken) : {},
    ...(payload ? { payload } : {}),
  });

describe('/users/me', () => {
  it('returns my profile, never the password hash', async () => {
    const response = await call('GET', '/users/me', alice);
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      id: alice.id,
      email: alice.email,
      name: 'Alice',
      role: 'CUSTOMER',
    });
    expect(response.body).not.toMatch(/argon2|password_?hash/i);
    expect((await call('GET', '/users/me')).statusCode).toBe(401);
  });

  it('updates name, phone and avatar; null clears phone and avatar', async () => {
    const updated = await call('PATCH', '/users/me', alice, {
      name: '  Alice Liddell ',
      phone: '+91 98765 43210',
      avatar: 'https://cdn.example.com/a.png',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().data).toMatchObject({
      name: 'Alice Liddell',
      phone: '+91 98765 43210',
      avatar: 'https://cdn.example.com/a.png',
    });
    const cleared = await call('PATCH', '/users/me', alice, { phone: null, avatar: null });
    expect(cleared.json().data).toMatchObject({ name: 'Alice Liddell', phone: null, avatar: null });
    expect((await call('GET', '/users/me', alice)).json().data.name).toBe('Alice Liddell');
  });

  it('rejects role, email, emailVerified and other unknown fields (400, nothing changes)', async () => {
    for (const extra of [
      { role: 'ADMIN' },
      { emailVerified: true },
      { email: 'new@example.com' },
      { passwordHash: 'x' },
      { id: randomUUID() },
    ]) {
      const response = await call('PATCH', '/users/me', bob, { name: 'Mallory', ...extra });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toEqual([
        { path: Object.keys(extra)[0], message: 'Unknown field' },
      ]);
    }
    const { rows } = await t.ctx.database.pool.query('SELECT name, role, email FROM users WHERE id = $1', [
      bob.id,
    ]);
    expect(rows[0]).toEqual({ name: 'Bob', role: 'CUSTOMER', email: bob.email });
  });

  it('validates values', async () => {
    for (const payload of [
      { name: '' },
      { name: 'x'.repeat(101) },
      { phone: 'call me maybe' },
      { avatar: 'javascript:alert(1)' },
      { avatar: 'not a url' },
    ]) {
      const response = await call('PATCH', '/users/me', bob, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.details[0].path).toBe(Object.keys(payload)[0]);
    }
  });
});

const address = (overrides: object = {}) => ({
  fullName: 'Alice Liddell',
  line1: '12 Rabbit Hole Lane',
  city: 'Oxford',
  postalCode: 'OX1 1AA',
  country: 'gb',
  ...overrides,
});

describe('/users/me/addresses', () => {
  it('creates addresses; the first is the default, and there is only ever one default', async () => {
    const user = await createUser(t);
    const first = await call('POST', '/users/me/addresses', user, address());
    expect(first.statusCode).toBe(201);
    expect(first.json().data).toMatchObject({
      country: 'GB',
      isDefault: true,
      line2: null,
      state: null,
      phone: null,
    });
    const second = await call(
      'POST',
      '/users/me/addresses',
      user,
      address({ line1: 'Second', country: 'IN' }),
    );
    expect(second.json().data.isDefault).toBe(false);
    const third = await call(
      'POST',
      '/users/me/addresses',
      user,
      address({ line1: 'Third', isDefault: true }),
    );
    expect(third.json().data.isDefault).toBe(true);

    const list = await call('GET', '/users/me/addresses', user);
    expect(list.statusCode).toBe(200);
    const items = list.json().data as Array<{ id: string; isDefault: boolean; line1: string }>;
    expect(items.map((a) => a.line1)).toEqual(['Third', 'Second', '12 Rabbit Hole Lane']);
    expect(items.filter((a) => a.isDefault)).toHaveLength(1);

    const moved = await call('PATCH', `/users/me/addresses/${second.json().data.id}`, user, {
      isDefault: true,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data.isDefault).toBe(true);
    const after = (await call('GET', '/users/me/addresses', user)).json().data as Array<{
      isDefault: boolean;
    }>;
    expect(after.filter((a) => a.isDefault)).toHaveLength(1);

    // Deleting the default promotes the newest remaining address.
    expect((await call('DELETE', `/users/me/addresses/${second.json().data.id}`, user)).statusCode).toBe(200);
    const remaining = (await call('GET', '/users/me/addresses', user)).json().data as Array<{
      line1: string;
      isDefault: boolean;
    }>;
    expect(remaining.map((a) => [a.line1, a.isDefault])).toEqual([
      ['Third', true],
      ['12 Rabbit Hole Lane', false],
    ]);
  });

  it('keeps one default under concurrent creates', async () => {
    const user = await createUser(t);
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call('POST', '/users/me/addresses', user, address({ line1: `Line ${i}`, isDefault: true })),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    const items = (await call('GET', '/users/me/addresses', user)).json().data as Array<{
      isDefault: boolean;
    }>;
    expect(items).toHaveLength(6);
    expect(items.filter((a) => a.isDefault)).toHaveLength(1);
  });

  it('updates fields and validates them', async () => {
    const user = await createUser(t);
    const created = (await call('POST', '/users/me/addresses', user, address())).json().data;
    const updated = await call('PATCH', `/users/me/addresses/${created.id}`, user, {
      line2: 'Flat 2',
      state: 'Oxfordshire',
      phone: '+44 1865 000000',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().data).toMatchObject({ line2: 'Flat 2', state: 'Oxfordshire', country: 'GB' });
    for (const payload of [
      { country: 'XX' },
      { country: 'GBR' },
      { country: 'United Kingdom' },
      { postalCode: '' },
      { fullName: '' },
      { userId: randomUUID() },
      { isDefault: 'yes' },
    ]) {
      const response = await call('PATCH', `/users/me/addresses/${created.id}`, user, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.details[0].path).toBe(Object.keys(payload)[0]);
    }
    const missing = await call('POST', '/users/me/addresses', user, { fullName: 'Only a name' });
    expect(missing.statusCode).toBe(400);
    const paths = missing.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['line1', 'city', 'postalCode', 'country']));
  });

  it("another user's address id answers 404 and is left alone; a malformed id 400", async () => {
    const owner = await createUser(t);
    const intruder = await createUser(t);
    const created = (await call('POST', '/users/me/addresses', owner, address())).json().data;
    const url = `/users/me/addresses/${created.id}`;
    for (const response of [
      await call('GET', url, intruder),
      await call('PATCH', url, intruder, { line1: 'Hijacked' }),
      await call('DELETE', url, intruder),
      await call('GET', `/users/me/addresses/${randomUUID()}`, owner),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect((await call('GET', '/users/me/addresses', intruder)).json().data).toEqual([]);
    const own = await call('GET', url, owner);
    expect(own.json().data.line1).toBe('12 Rabbit Hole Lane');
    expect((await call('GET', '/users/me/addresses/not-a-uuid', owner)).statusCode).toBe(400);
    expect((await call('GET', '/users/me/addresses')).statusCode).toBe(401);
  });
});
