import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../../src/platform/security';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createUser, type TestUser } from '../../helpers/auth';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, ...(payload ? { payload } : {}), headers });
const me = (token: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(token) });
const db = (text: string, values: unknown[] = []) => t.ctx.database.pool.query(text, values);

async function login(user: TestUser) {
  const response = await post('/auth/login', { email: user.email, password: user.password });
  expect(response.statusCode).toBe(200);
  return response.json().data as { accessToken: string; refreshToken: string };
}

describe('refresh tokens', () => {
  it('are opaque, stored only hashed, and rotate: the old one is dead afterwards', async () => {
    const user = await createUser(t);
    expect(user.refreshToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const stored = await db('SELECT token_hash FROM refresh_tokens WHERE user_id = $1', [user.id]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].token_hash).not.toContain(user.refreshToken);

    const first = await post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(first.statusCode).toBe(200);
    const pair = first.json().data;
    expect(pair.refreshToken).not.toBe(user.refreshToken);
    expect(pair.user.id).toBe(user.id);
    expect(String(first.headers['set-cookie'])).toContain(`bazaar_refresh=${pair.refreshToken}`);
    expect((await me(pair.accessToken)).statusCode).toBe(200);

    // The new token works from the cookie too (browsers), and rotates again.
    const viaCookie = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      cookies: { bazaar_refresh: pair.refreshToken },
    });
    expect(viaCookie.statusCode).toBe(200);
    expect((await me(viaCookie.json().data.accessToken)).statusCode).toBe(200);
  });

  it('reusing a used refresh token revokes the whole session: thief and victim both lose it (401)', async () => {
    const victim = await createUser(t);
    const stolen = victim.refreshToken;
    const rotated = await post('/auth/refresh', { refreshToken: stolen });
    expect(rotated.statusCode).toBe(200);
    const { refreshToken: current, accessToken } = rotated.json().data;

    const reuse = await post('/auth/refresh', { refreshToken: stolen });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('UNAUTHENTICATED');

    const legit = await post('/auth/refresh', { refreshToken: current });
    expect(legit.statusCode).toBe(401);
    // Access tokens of that session stop too.
    expect((await me(accessToken)).statusCode).toBe(401);
    const { rows } = await db('SELECT revoked_reason FROM auth_sessions WHERE user_id = $1', [victim.id]);
    expect(rows.map((r) => r.revoked_reason)).toEqual(['REUSE_DETECTED']);

    // Other sessions of the same user are not affected.
    const other = await login(victim);
    expect((await post('/auth/refresh', { refreshToken: other.refreshToken })).statusCode).toBe(200);
  });

  it('of two concurrent refreshes with the same token exactly one succeeds', async () => {
    for (let round = 0; round < 3; round++) {
      const user = await createUser(t);
      const responses = await Promise.all(
        Array.from({ length: 4 }, () => post('/auth/refresh', { refreshToken: user.refreshToken })),
      );
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([200, 401, 401, 401]);
      const { rows } = await db(
        'SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND used_at IS NULL',
        [user.id],
      );
      expect(rows[0].n).toBe(1);
    }
  });

  it('refuses unknown, missing, malformed and expired refresh tokens with 401/400', async () => {
    expect((await post('/auth/refresh', { refreshToken: 'not-a-token' })).statusCode).toBe(401);
    expect((await post('/auth/refresh')).statusCode).toBe(401);
    expect((await post('/auth/refresh', {})).statusCode).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: 'x', userId: 'y' })).statusCode).toBe(400);
    const user = await createUser(t);
    await db("UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1", [
      user.id,
    ]);
    expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
  });

  it('a session ends REFRESH_SESSION_MAX_AGE (30 days) after sign-in, however actively refreshed', async () => {
    const user = await createUser(t);
    // Signed in 29 days ago and refreshed ever since: still fine, but the new token ends with the session.
    await db("UPDATE auth_sessions SET created_at = now() - interval '29 days' WHERE user_id = $1", [
      user.id,
    ]);
    const fresh = await post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(fresh.statusCode).toBe(200);
    const { rows } = await db(
      `SELECT extract(epoch FROM t.expires_at - s.created_at)::int AS lifetime
         FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id
        WHERE t.user_id = $1 AND t.used_at IS NULL`,
      [user.id],
    );
    expect(rows[0].lifetime).toBeLessThanOrEqual(30 * 24 * 3600);
    // A day later the session is over: 401, and the session is revoked.
    await db("UPDATE auth_sessions SET created_at = now() - interval '30 days' WHERE user_id = $1", [
      user.id,
    ]);
    await db("UPDATE refresh_tokens SET expires_at = now() + interval '1 day' WHERE user_id = $1", [user.id]);
    const over = await post('/auth/refresh', { refreshToken: fresh.json().data.refreshToken });
    expect(over.statusCode).toBe(401);
    const session = await db('SELECT revoked_reason FROM auth_sessions WHERE user_id = $1', [user.id]);
    expect(session.rows[0].revoked_reason).toBe('MAX_AGE');
    expect((await me(fresh.json().data.accessToken)).statusCode).toBe(401);
  });
});

describe('logout', () => {
  it('revokes the refresh token given in the body, and only that session', async () => {
    const user = await createUser(t);
    const second = await login(user);
    const out = await post('/auth/logout', { refreshToken: user.refreshToken }, bearer(second.accessToken));
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/bazaar_refresh=;/);
    expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
    expect((await me(user.accessToken)).statusCode).toBe(401);
    expect((await me(second.accessToken)).statusCode).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: second.refreshToken })).statusCode).toBe(200);
  });

  it('revokes the cookie token, else the session of the access token', async () => {
    const user = await createUser(t);
    const viaCookie = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(user.accessToken),
      cookies: { bazaar_refresh: user.refreshToken },
    });
    expect(viaCookie.statusCode).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);

    const session = await login(user);
    expect((await post('/auth/logout', undefined, bearer(session.accessToken))).statusCode).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);
    expect((await me(session.accessToken)).statusCode).toBe(401);
  });

  it("cannot revoke another user's session, and needs a signed-in caller", async () => {
    const alice = await createUser(t);
    const bob = await createUser(t);
    expect(
      (await post('/auth/logout', { refreshToken: bob.refreshToken }, bearer(alice.accessToken))).statusCode,
    ).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: bob.refreshToken })).statusCode).toBe(200);
    expect((await post('/auth/logout', { refreshToken: alice.refreshToken })).statusCode).toBe(401);
    expect((await post('/auth/logout-all')).statusCode).toBe(401);
  });

  it('logout-all revokes every session of the caller', async () => {
    const user = await createUser(t);
    const other = await createUser(t);
    const sessions = [await login(user), await login(user)];
    const out = await post('/auth/logout-all', undefined, bearer(user.accessToken));
    expect(out.statusCode).toBe(200);
    expect(out.json().data.revokedSessions).toBe(3);
    for (const s of [{ refreshToken: user.refreshToken, accessToken: user.accessToken }, ...sessions]) {
      expect((await post('/auth/refresh', { refreshToken: s.refreshToken })).statusCode).toBe(401);
      expect((await me(s.accessToken)).statusCode).toBe(401);
    }
    expect((await me(other.accessToken)).statusCode).toBe(200);
    expect((await login(user)).accessToken).toBeTruthy();
  });
});

describe('access tokens', () => {
  const secret = new TextEncoder().encode('test-access-secret-test-access-secret-0123456789');
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('carry the user id, role and session, expire after ACCESS_TOKEN_TTL', async () => {
    const user = await createUser(t);
    const [, payload] = user.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: user.id, role: 'CUSTOMER', iss: 'bazaar', aud: 'bazaar-api' });
    expect(claims.exp - claims.iat).toBe(900);
    expect(typeof claims.sid).toBe('string');
  });

  it('reject tampering, alg none, another key, another algorithm, expiry and a bad scheme (401)', async () => {
    const user = await createUser(t);
    const [header, payload, signature] = user.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());

    const elevated = `${header}.${b64({ ...claims, role: 'ADMIN' })}.${signature}`;
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, role: 'ADMIN' })}.`;
    const otherKey = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    const hs512 = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS512' }).sign(secret);
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);
    const hmacOnly = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, role: 'ADMIN' })}`;
    const forged = `${hmacOnly}.${createHmac('sha256', 'guess').update(hmacOnly).digest('base64url')}`;

    for (const token of [
      elevated,
      none,
      otherKey,
      hs512,
      expired,
      forged,
      'garbage',
      `${user.accessToken}x`,
    ]) {
      const response = await me(token);
      expect(response.statusCode, token).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
    }
    const basic = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    });
    expect(basic.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users/me' })).statusCode).toBe(401);
    expect((await me(user.accessToken)).statusCode).toBe(200);
  });

  it('a token accepted before still expires on time (the verified-token memo checks exp)', async () => {
    const user = await createUser(t);
    const claims = JSON.parse(Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString());
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const shortLived = await new SignJWT({ ...claims, exp: expiresAt })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);
    expect((await me(shortLived)).statusCode).toBe(200);
    expect((await me(shortLived)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
    const late = await me(shortLived);
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('UNAUTHENTICATED');
    expect(late.body).toContain('Access token expired');
  });

  it('a validly signed token for a session that does not exist is refused', async () => {
    const user = await createUser(t);
    const token = await signAccessToken(t.config, {
      id: user.id,
      role: 'CUSTOMER',
      sessionId: '00000000-0000-4000-8000-000000000000',
    });
    expect((await me(token)).statusCode).toBe(401);
  });
});

describe('Google sign-in without GOOGLE_CLIENT_ID', () => {
  it('answers 503 GOOGLE_NOT_CONFIGURED', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/auth/google' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('GOOGLE_NOT_CONFIGURED');
  });
});
