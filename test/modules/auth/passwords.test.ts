import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createUser, uniqueEmail } from '../../helpers/auth';
import { startMailCatcher, type MailCatcher, type ReceivedMail } from '../../helpers/mail';

let t: TestApp;
let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher();
  // The reset link points at the storefront, not at this API (APP_URL).
  t = await createTestApp({
    env: {
      SMTP_URL: mail.url,
      APP_URL: 'https://api.shop.example.com',
      STOREFRONT_URL: 'https://shop.example.com/',
    },
  });
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
});

let ip = 0;
const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    ...(payload ? { payload } : {}),
    headers,
    remoteAddress: `10.2.0.${++ip % 250}`,
  });
const me = (token: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(token) });
const db = (text: string, values: unknown[] = []) => t.ctx.database.pool.query(text, values);

function tokenIn(message: ReceivedMail): string {
  const link = /https:\/\/shop\.example\.com\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(message.text);
  expect(link, message.text).not.toBeNull();
  expect(message.text).toContain(`paste this token into the app: ${link![1]}\n`);
  return link![1]!;
}

async function forgot(email: string): Promise<string> {
  const response = await post('/auth/forgot-password', { email });
  expect(response.statusCode).toBe(202);
  return tokenIn(await mail.next(email, /Reset/));
}

describe('forgot-password', () => {
  it('answers 202 with the same body, in about the same time, whether or not the account exists', async () => {
    const user = await createUser(t);
    const timed = async (email: string) => {
      const started = performance.now();
      const response = await post('/auth/forgot-password', { email });
      return { response, ms: performance.now() - started };
    };
    const known = await timed(user.email);
    const unknown = await timed(uniqueEmail('nobody'));
    expect(known.response.statusCode).toBe(202);
    expect(unknown.response.statusCode).toBe(202);
    const strip = (body: { requestId?: string }) => ({ ...body, requestId: undefined });
    expect(strip(unknown.response.json())).toEqual(strip(known.response.json()));
    expect(Math.abs(known.ms - unknown.ms)).toBeLessThan(150);
    expect(unknown.ms).toBeGreaterThanOrEqual(290);
    await mail.next(user.email, /Reset/);
    expect(mail.messages.some((m) => m.subject.includes('Reset') && !m.to.includes(user.email))).toBe(false);
  });

  it('mails a single-use token, stored hashed; reset sets the password and revokes every session', async () => {
    const user = await createUser(t);
    const token = await forgot(user.email.toUpperCase());
    const { rows } = await db('SELECT token_hash, expires_at FROM password_reset_tokens WHERE user_id = $1', [
      user.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(token);
    const ttl = new Date(rows[0].expires_at).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);

    const newPassword = 'a brand new secret 77';
    const reset = await post('/auth/reset-password', { token, password: newPassword });
    expect(reset.statusCode).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
    expect((await me(user.accessToken)).statusCode).toBe(401);
    expect((await post('/auth/login', { email: user.email, password: user.password })).statusCode).toBe(401);
    expect((await post('/auth/login', { email: user.email, password: newPassword })).statusCode).toBe(200);

    const reused = await post('/auth/reset-password', { token, password: 'yet another secret 88' });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe('INVALID_TOKEN');
    expect((await post('/auth/login', { email: user.email, password: newPassword })).statusCode).toBe(200);
  });

  it('refuses an expired token, an unknown token and a weak password (token stays usable)', async () => {
    const user = await createUser(t);
    const token = await forgot(user.email);
    const weak = await post('/auth/reset-password', { token, password: 'password123' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('VALIDATION_ERROR');
    expect(
      (await post('/auth/reset-password', { token: 'nope', password: 'fine new secret 99' })).statusCode,
    ).toBe(400);
    await db("UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1", [
      user.id,
    ]);
    const expired = await post('/auth/reset-password', { token, password: 'fine new secret 99' });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('INVALID_TOKEN');
    expect((await post('/auth/login', { email: user.email, password: user.password })).statusCode).toBe(200);
  });

  it('using one token kills the other outstanding ones; an unverified account becomes verified', async () => {
    const email = uniqueEmail('unverified');
    expect(
      (await post('/auth/register', { email, password: 'first secret words 1', name: 'U' })).statusCode,
    ).toBe(201);
    await mail.next(email, /verification code/);
    const first = await forgot(email);
    const second = await forgot(email);
    expect(
      (await post('/auth/reset-password', { token: second, password: 'second secret words 2' })).statusCode,
    ).toBe(200);
    expect(
      (await post('/auth/reset-password', { token: first, password: 'third secret words 3' })).statusCode,
    ).toBe(400);
    const login = await post('/auth/login', { email, password: 'second secret words 2' });
    expect(login.statusCode).toBe(200);
    expect(login.json().data.user.emailVerified).toBe(true);
  });

  it('rejects unknown fields and bad emails with 400', async () => {
    expect((await post('/auth/forgot-password', { email: 'x' })).statusCode).toBe(400);
    expect((await post('/auth/forgot-password', { email: uniqueEmail(), extra: 1 })).statusCode).toBe(400);
    expect(
      (await post('/auth/reset-password', { token: 'a', password: 'long enough secret', userId: 'x' }))
        .statusCode,
    ).toBe(400);
  });
});

describe('POST /users/me/password', () => {
  it('changes the password with the current one, revokes every session and mails a notice', async () => {
    const user = await createUser(t);
    const other = await post('/auth/login', { email: user.email, password: user.password });
    const newPassword = 'completely different 55';
    const changed = await post(
      '/users/me/password',
      { currentPassword: user.password, newPassword },
      bearer(user.accessToken),
    );
    expect(changed.statusCode).toBe(200);
    for (const refreshToken of [user.refreshToken, other.json().data.refreshToken]) {
      expect((await post('/auth/refresh', { refreshToken })).statusCode).toBe(401);
    }
    expect((await me(user.accessToken)).statusCode).toBe(401);
    expect((await post('/auth/login', { email: user.email, password: user.password })).statusCode).toBe(401);
    expect((await post('/auth/login', { email: user.email, password: newPassword })).statusCode).toBe(200);
    expect((await mail.next(user.email, /password was changed/)).to).toEqual([user.email]);
  });

  it('refuses a wrong current password (400), a weak or unchanged new one (400), anonymous (401)', async () => {
    const user = await createUser(t);
    const wrong = await post(
      '/users/me/password',
      { currentPassword: 'not my password', newPassword: 'some new secret 12' },
      bearer(user.accessToken),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('INVALID_CURRENT_PASSWORD');
    const weak = await post(
      '/users/me/password',
      { currentPassword: user.password, newPassword: 'qwertyuiop' },
      bearer(user.accessToken),
    );
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].path).toBe('newPassword');
    const same = await post(
      '/users/me/password',
      { currentPassword: user.password, newPassword: user.password },
      bearer(user.accessToken),
    );
    expect(same.statusCode).toBe(400);
    expect(
      (
        await post('/users/me/password', {
          currentPassword: user.password,
          newPassword: 'some new secret 12',
        })
      ).statusCode,
    ).toBe(401);
    expect((await me(user.accessToken)).statusCode).toBe(200);
  });
});
