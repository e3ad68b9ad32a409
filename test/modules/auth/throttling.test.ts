import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createUser, uniqueEmail } from '../../helpers/auth';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const login = (app: TestApp, email: string, password: string, ip: string) =>
  app.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });

describe('login throttling', () => {
  it('after 5 failures for an account: 429 with Retry-After, even with the right password or from another IP', async () => {
    const user = await createUser(t);
    const bystander = await createUser(t);
    for (let i = 0; i < 5; i++) {
      expect((await login(t, user.email, `wrong ${i}`, '10.3.0.1')).statusCode).toBe(401);
    }
    for (const ip of ['10.3.0.1', '10.3.0.2']) {
      const blocked = await login(t, user.email.toUpperCase(), user.password, ip);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('RATE_LIMITED');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);
    }
    // Another account from the same address is not affected.
    expect((await login(t, bystander.email, bystander.password, '10.3.0.1')).statusCode).toBe(200);
  });

  it('after 100 failures from one IP: 429 for every account from that IP, others unaffected', async () => {
    const user = await createUser(t);
    const ip = '10.3.1.1';
    for (let batch = 0; batch < 10; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => login(t, uniqueEmail('spray'), 'guess guess', ip)),
      );
      expect(responses.every((r) => r.statusCode === 401)).toBe(true);
    }
    const throttled = await login(t, user.email, user.password, ip);
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(t, user.email, user.password, '10.3.1.2')).statusCode).toBe(200);
  });

  it('does not depend on RATE_LIMIT_MAX, and the window (LOGIN_WINDOW) expires', async () => {
    const small = await createTestApp({ env: { LOGIN_MAX_FAILURES: '2', LOGIN_WINDOW: '1500ms' } });
    try {
      const user = await createUser(small);
      expect((await login(small, user.email, 'nope nope', '10.3.2.1')).statusCode).toBe(401);
      expect((await login(small, user.email, 'nope nope', '10.3.2.1')).statusCode).toBe(401);
      const throttled = await login(small, user.email, user.password, '10.3.2.1');
      expect(throttled.statusCode).toBe(429);
      expect(throttled.headers['retry-after']).toBe('2');
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      expect((await login(small, user.email, user.password, '10.3.2.1')).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe.skipIf(!process.env.REDIS_URL)('login throttling across instances (needs REDIS_URL)', () => {
  it('failures counted on one instance throttle the account on another', async () => {
    const second = await createTestApp({ shareDatabaseWith: t });
    try {
      const user = await createUser(t);
      for (let i = 0; i < 3; i++)
        expect((await login(t, user.email, 'bad one', '10.3.3.1')).statusCode).toBe(401);
      for (let i = 0; i < 2; i++)
        expect((await login(second, user.email, 'bad one', '10.3.3.2')).statusCode).toBe(401);
      expect((await login(second, user.email, user.password, '10.3.3.3')).statusCode).toBe(429);
      expect((await login(t, user.email, user.password, '10.3.3.3')).statusCode).toBe(429);
    } finally {
      await second.close();
    }
  });
});
