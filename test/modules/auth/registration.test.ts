import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { uniqueEmail } from '../../helpers/auth';
import { codeIn, startMailCatcher, type MailCatcher } from '../../helpers/mail';

let t: TestApp;
let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({ env: { SMTP_URL: mail.url } });
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });

const password = 'plum tree at dawn 42';

describe('register → verify → login', () => {
  it('registers, mails a 6-digit code, refuses login until verified, then signs in', async () => {
    const email = uniqueEmail('flow');
    const registered = await post('/auth/register', { email: email.toUpperCase(), password, name: 'Asha' });
    expect(registered.statusCode).toBe(201);
    const user = registered.json().data;
    expect(user).toMatchObject({ email, name: 'Asha', role: 'CUSTOMER', emailVerified: false });
    expect(JSON.stringify(registered.json())).not.toMatch(/argon2|passwordHash/);

    const { rows } = await t.ctx.database.pool.query('SELECT password_hash FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const message = await mail.next(email);
    const code = codeIn(message);
    const stored = await t.ctx.database.pool.query(
      'SELECT code_hash, expires_at FROM email_verification_codes WHERE user_id = $1',
      [user.id],
    );
    expect(stored.rows[0].code_hash).not.toContain(code);

    const early = await post('/auth/login', { email, password });
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('EMAIL_NOT_VERIFIED');

    const verified = await post('/auth/verify-email', { email, code });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().data.emailVerified).toBe(true);

    const login = await post('/auth/login', { email, password });
    expect(login.statusCode).toBe(200);
    const data = login.json().data;
    expect(data).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: user.id, emailVerified: true },
    });
    expect(typeof data.accessToken).toBe('string');
    expect(typeof data.refreshToken).toBe('string');
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toContain(`bazaar_refresh=${data.refreshToken}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${data.accessToken}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().data.email).toBe(email);
  });
});
