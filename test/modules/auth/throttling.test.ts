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
  it('after 5 failures for an account from one IP: 429 with Retry-After there, even with the right password; the owner elsewhere still signs in', async () => {
    const user = await createUser(t);
    const bystander = await createUser(t);
    for (let i = 0; i < 5; i++) {
      expect((await login(t, user.email, `wrong ${i}`, '10.3.0.1')).statusCode).toBe(401);
    }
    const blocked = await login(t, user.email.toUpperCase(), user.password, '10.3.0.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // A stranger's guesses do not lock the owner out from their own address.
    expect((await login(t, user.email, user.password, '10.3.0.2')).statusCode).toBe(200);
    // Another account from the same address is not affected.
    expect((await login(t, bystander.email, bystander.password, '10.3.0.1')).statusCode).toBe(200);
  });

  it('40 parallel wrong passwords: exactly 5 are evaluated (401), the rest 429', async () => {
    const user = await createUser(t);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(t, user.email, `parallel guess ${i}`, '10.3.4.1')),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    expect((await login(t, user.email, user.password, '10.3.4.1')).statusCode).toBe(429);
  });

  it('a successful sign-in does not count as a failure', async () => {
    const user = await createUser(t);
    for (let i = 0; i < 4; i++)
      expect((await login(t, user.email, `wrong ${i}`, '10.3.5.1')).statusCode).toBe(401);
    for (let i = 0; i < 3; i++)
      expect((await login(t, user.email, user.password, '10.3.5.1')).statusCode).toBe(200);
    expect((await login(t, user.email, 'wrong again', '10.3.5.1')).statusCode).toBe(401);
    expect((await login(t, user.email, user.password, '10.3.5.1')).statusCode).toBe(429);
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

describe('account ceiling (LOGIN_ACCOUNT_MAX_FAILURES)', () => {
  it('failures from many addresses together lock the account everywhere', async () => {
    const small = await createTestApp({ env: { LOGIN_MAX_FAILURES: '2', LOGIN_ACCOUNT_MAX_FAILURES: '4' } });
    try {
      const user = await createUser(small);
      for (const ip of ['10.3.6.1', '10.3.6.2'])
        for (let i = 0; i < 2; i++)
          expect((await login(small, user.email, 'nope nope', ip)).statusCode).toBe(401);
      const elsewhere = await login(small, user.email, user.password, '10.3.6.3');
      expect(elsewhere.statusCode).toBe(429);
      expect(Number(elsewhere.headers['retry-after'])).toBeGreaterThan(800);
    } finally {
      await small.close();
    }
  });
});

describe('mail budgets', () => {
  const forgot = (email: string, ip: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      payload: { email },
      remoteAddress: ip,
    });
  const resetTokens = async (userId: string) =>
    (
      await t.ctx.database.pool.query(
        'SELECT count(*)::int AS n FROM password_reset_tokens WHERE user_id = $1',
        [userId],
      )
    ).rows[0].n as number;

  it("a stranger's forgot-password calls spend at most 3 of the account's mails; the owner's still go out", async () => {
    const user = await createUser(t);
    const answers = await Promise.all(Array.from({ length: 8 }, () => forgot(user.email, '10.3.7.1')));
    expect(answers.every((a) => a.statusCode === 202)).toBe(true);
    expect(await resetTokens(user.id)).toBe(3);
    expect((await forgot(user.email, '10.3.7.2')).statusCode).toBe(202);
    expect(await resetTokens(user.id)).toBe(4);
  });

  it('one address is capped across accounts before any account is looked up', async () => {
    const users = await Promise.all(Array.from({ length: 2 }, () => createUser(t)));
    const ip = '10.3.8.1';
    await Promise.all(Array.from({ length: 30 }, () => forgot(uniqueEmail('ghost'), ip)));
    expect((await forgot(users[0]!.email, ip)).statusCode).toBe(202);
    expect(await resetTokens(users[0]!.id)).toBe(0);
    expect((await forgot(users[1]!.email, '10.3.8.2')).statusCode).toBe(202);
    expect(await resetTokens(users[1]!.id)).toBe(1);
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
        expect((await login(second, user.email, 'bad one', '10.3.3.1')).statusCode).toBe(401);
      expect((await login(second, user.email, user.password, '10.3.3.1')).statusCode).toBe(429);
      expect((await login(t, user.email, user.password, '10.3.3.1')).statusCode).toBe(429);
    } finally {
      await second.close();
    }
  });
});
