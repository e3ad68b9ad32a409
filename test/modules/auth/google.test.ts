import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createUser, uniqueEmail } from '../../helpers/auth';

/** A local OpenID Connect provider (no network): discovery, authorize, token, JWKS. */
let provider: OAuth2Server;
let t: TestApp;
/** Claims the provider puts into the next tokens it signs. */
let claims: Record<string, unknown> = {};

beforeAll(async () => {
  provider = new OAuth2Server();
  await provider.issuer.keys.generate('RS256');
  await provider.start(0, '127.0.0.1');
  provider.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => {
    Object.assign(token.payload, claims);
  });
  t = await createTestApp({
    env: {
      GOOGLE_CLIENT_ID: 'bazaar-test-client',
      GOOGLE_CLIENT_SECRET: 'bazaar-test-secret',
      GOOGLE_ISSUER_URL: provider.issuer.url!,
    },
  });
});
afterAll(async () => {
  await t?.close();
  await provider?.stop();
});
beforeEach(() => {
  claims = {};
});

const cookieValue = (setCookie: unknown, name: string) => {
  const all = Array.isArray(setCookie) ? setCookie : [String(setCookie)];
  const found = all.find((c: string) => c.startsWith(`${name}=`));
  return found?.split(';')[0]!.slice(name.length + 1);
};

/** Starts the flow, lets the provider "log the user in", and returns the callback request to make. */
async function startFlow() {
  const start = await t.app.inject({ method: 'GET', url: '/api/v1/auth/google' });
  expect(start.statusCode).toBe(302);
  const authorize = new URL(String(start.headers.location));
  const state = cookieValue(start.headers['set-cookie'], 'bazaar_oidc_state');
  expect(state).toBeTruthy();
  const atProvider = await fetch(authorize, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  const callback = new URL(atProvider.headers.get('location')!);
  return { authorize, state: state!, callbackPath: `${callback.pathname}${callback.search}` };
}

async function completeFlow(
  flow: Awaited<ReturnType<typeof startFlow>>,
  cookie: string | undefined = flow.state,
) {
  return t.app.inject({
    method: 'GET',
    url: flow.callbackPath,
    ...(cookie ? { cookies: { bazaar_oidc_state: cookie } } : {}),
  });
}

const signIn = async () => completeFlow(await startFlow());

describe('Google sign-in (OpenID Connect against a local provider)', () => {
  it('redirects with an authorization code request, PKCE S256, state and nonce', async () => {
    const { authorize, state } = await startFlow();
    expect(authorize.origin).toBe(new URL(provider.issuer.url!).origin);
    const p = authorize.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe('bazaar-test-client');
    expect(p.get('scope')).toBe('openid email profile');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('state')).toBe(state);
    expect(p.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(p.get('redirect_uri')).toMatch(/\/api\/v1\/auth\/google\/callback$/);
  });

  it('creates a verified customer for a new Google account, then signs the same account in again', async () => {
    const email = uniqueEmail('google');
    claims = { sub: `google-${email}`, email, email_verified: true, name: 'Grace Hopper' };
    const first = await signIn();
    expect(first.statusCode, first.body).toBe(200);
    const data = first.json().data;
    expect(data.user).toMatchObject({
      email,
      name: 'Grace Hopper',
      role: 'CUSTOMER',
      emailVerified: true,
      hasPassword: false,
      googleLinked: true,
    });
    expect(String(first.headers['set-cookie'])).toContain(`bazaar_refresh=${data.refreshToken}`);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(data.accessToken) }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/refresh',
          payload: { refreshToken: data.refreshToken },
        })
      ).statusCode,
    ).toBe(200);

    // Same Google subject, even with another email claim: the same account.
    claims = { ...claims, email: uniqueEmail('renamed') };
    const again = await signIn();
    expect(again.statusCode).toBe(200);
    expect(again.json().data.user.id).toBe(data.user.id);
    // No password: password login answers like any wrong password.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'anything at all' },
    });
    expect(login.statusCode).toBe(401);
  });

  it('links an existing verified account with the same email (password keeps working)', async () => {
    const user = await createUser(t);
    claims = {
      sub: `google-${user.id}`,
      email: user.email.toUpperCase(),
      email_verified: true,
      name: 'Ignored',
    };
    const response = await signIn();
    expect(response.statusCode).toBe(200);
    expect(response.json().data.user).toMatchObject({
      id: user.id,
      googleLinked: true,
      hasPassword: true,
      name: 'Test User',
    });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(login.statusCode).toBe(200);
  });

  it('never links an existing ADMIN account by email (409), and changes nothing', async () => {
    const admin = await createUser(t, { role: 'ADMIN' });
    claims = { sub: `google-${admin.id}`, email: admin.email, email_verified: true, name: 'Mallory' };
    const response = await signIn();
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('GOOGLE_LINK_REFUSED');
    expect(response.body).not.toContain('accessToken');
    const { rows } = await t.ctx.database.pool.query('SELECT google_subject, role FROM users WHERE id = $1', [
      admin.id,
    ]);
    expect(rows[0]).toEqual({ google_subject: null, role: 'ADMIN' });
    const sessions = await t.ctx.database.pool.query(
      "SELECT 1 FROM auth_sessions WHERE user_id = $1 AND method = 'GOOGLE'",
      [admin.id],
    );
    expect(sessions.rows).toHaveLength(0);
  });

  it('takes over an unverified account with that email: its unproven password is dropped', async () => {
    const email = uniqueEmail('squatted');
    const squatter = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: 'attacker chose this 1', name: 'Squatter' },
    });
    expect(squatter.statusCode).toBe(201);
    claims = { sub: `google-${email}`, email, email_verified: true, name: 'Owner' };
    const response = await signIn();
    expect(response.statusCode).toBe(200);
    expect(response.json().data.user).toMatchObject({
      id: squatter.json().data.id,
      emailVerified: true,
      hasPassword: false,
    });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'attacker chose this 1' },
    });
    expect(login.statusCode).toBe(401);
  });

  it('refuses a Google account whose email is not verified (403) and creates nothing', async () => {
    const email = uniqueEmail('unverified-google');
    claims = { sub: `google-${email}`, email, email_verified: false };
    const response = await signIn();
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('GOOGLE_EMAIL_NOT_VERIFIED');
    const { rows } = await t.ctx.database.pool.query(
      'SELECT count(*)::int AS n FROM users WHERE email = $1',
      [email],
    );
    expect(rows[0].n).toBe(0);
  });

  it('refuses a missing or different state cookie, a replayed callback and a wrong nonce (400)', async () => {
    claims = { sub: 'google-state-test', email: uniqueEmail('state'), email_verified: true };
    const noCookie = await completeFlow(await startFlow(), '');
    expect(noCookie.statusCode).toBe(400);
    expect(noCookie.json().error.code).toBe('INVALID_STATE');
    const otherBrowser = await completeFlow(await startFlow(), (await startFlow()).state);
    expect(otherBrowser.json().error.code).toBe('INVALID_STATE');

    const flow = await startFlow();
    expect((await completeFlow(flow)).statusCode).toBe(200);
    const replay = await completeFlow(flow);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('INVALID_STATE');

    claims = { ...claims, nonce: 'not-the-nonce-we-sent' };
    const badNonce = await signIn();
    expect(badNonce.statusCode).toBe(400);
    expect(badNonce.json().error.code).toBe('GOOGLE_SIGN_IN_FAILED');

    claims = { ...claims, nonce: undefined, aud: 'someone-else' };
    delete claims.nonce;
    const otherAudience = await signIn();
    expect(otherAudience.statusCode).toBe(400);

    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/google/callback?error=access_denied&state=x',
    });
    expect(denied.statusCode).toBe(400);
  });

  it('a blocked account cannot sign in with Google (423)', async () => {
    const user = await createUser(t);
    await t.ctx.database.pool.query(
      "UPDATE users SET blocked_at = now(), blocked_reason = 'x' WHERE id = $1",
      [user.id],
    );
    claims = { sub: `google-blocked-${user.id}`, email: user.email, email_verified: true };
    const response = await signIn();
    expect(response.statusCode).toBe(423);
    expect(response.json().error.code).toBe('ACCOUNT_BLOCKED');
  });
});
