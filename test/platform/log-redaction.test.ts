import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/modules/users/tables';
import { createLogger } from '../../src/platform/context';
import { createTestApp, waitFor, type TestApp } from '../helpers/app';
import { createUser } from '../helpers/auth';

const lines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  const log = createLogger(
    { LOG_LEVEL: 'info', NODE_ENV: 'test' },
    { write: (line: string) => lines.push(line) },
  );
  t = await createTestApp({ log });
});
afterAll(async () => {
  await t?.close();
});

const logged = () => lines.join('');

describe('secrets stay out of the logs', () => {
  it('the verification code is not in the logged mail line', async () => {
    const email = `logs-${Date.now()}@example.com`;
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: 'quiet river stones 7', name: 'Lou' },
    });
    expect(registered.statusCode).toBe(201);
    await waitFor(async () => logged().includes('email sent'));
    const mailDir = path.join(t.dataDir, 'mail');
    const files = await readdir(mailDir);
    const mail = await readFile(path.join(mailDir, files[0]!), 'utf8');
    const code = /verification code is: (\d{6})/.exec(mail)![1]!;
    expect(logged()).not.toContain(code);
  });

  it('an OAuth code and state in the callback URL are not logged; other query strings are', async () => {
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/google/callback?code=SECRETCODE42&state=SECRETSTATE42',
    });
    await t.app.inject({ method: 'GET', url: '/api/v1/products?searchTerm=teapot42' });
    expect(logged()).toContain('/api/v1/auth/google/callback?[redacted]');
    expect(logged()).not.toContain('SECRETCODE42');
    expect(logged()).not.toContain('SECRETSTATE42');
    expect(logged()).toContain('searchTerm=teapot42');
  });

  it('database errors are logged with the statement and code, without bound parameters or the failing row', async () => {
    const existing = await createUser(t);
    const secretHash = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0c2FsdA$bm90LWEtcmVhbC1oYXNo';
    const error = await t.ctx.database.db
      .insert(users)
      .values({ email: existing.email, name: 'Dup', passwordHash: secretHash })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(error).toBeInstanceOf(Error);
    // Both the application logger and Fastify's request loggers.
    t.ctx.log.error({ err: error }, 'job failed');
    t.app.log.error({ err: error }, 'request failed');
    const errorLines = lines.filter((line) => /"msg":"(job|request) failed"/.test(line));
    expect(errorLines).toHaveLength(2);
    for (const line of errorLines) {
      expect(line).toContain('insert into \\"users\\"');
      expect(line).not.toContain('argon2id');
      expect(line).not.toContain(existing.email);
      expect(JSON.parse(line).err.params).toBeUndefined();
    }
  });
});
