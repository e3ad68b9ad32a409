import { randomBytes } from 'node:crypto';
import type { TestApp } from './app';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** A unique, valid email address for a test. */
export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(5).toString('hex')}@example.com`;

/**
 * Creates a verified account through the public API plus one database shortcut (marking the email
 * verified instead of reading the code from a mailbox), optionally promotes it, and signs it in.
 */
export async function createUser(
  t: TestApp,
  options: { role?: 'CUSTOMER' | 'ADMIN'; email?: string; password?: string; name?: string } = {},
): Promise<TestUser> {
  const email = options.email ?? uniqueEmail(options.role === 'ADMIN' ? 'admin' : 'customer');
  const password = options.password ?? 'correct horse battery staple';
  const registered = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email, password, name: options.name ?? 'Test User' },
  });
  if (registered.statusCode !== 201) throw new Error(`register failed: ${registered.body}`);
  const id = registered.json().data.id as string;
  await t.ctx.database.pool.query('UPDATE users SET email_verified_at = now(), role = $2 WHERE id = $1', [
    id,
    options.role ?? 'CUSTOMER',
  ]);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`,
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const data = login.json().data;
  return { id, email, password, accessToken: data.accessToken, refreshToken: data.refreshToken };
}
