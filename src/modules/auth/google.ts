import * as oidc from 'openid-client';
import type { AppContext } from '../../platform/context';
import { AppError, badRequest, conflict, forbidden } from '../../platform/errors';
import {
  accountBlocked,
  createUser,
  findUserByEmail,
  findUserByGoogleSubject,
  isBlocked,
  updateUserRow,
  type UserRow,
} from '../users/service';
import { announceCustomer } from '../users/events';
import { revokeUserSessions, startSession, type AuthResult, type ClientMeta } from './sessions';

/** How long a started Google sign-in may take before its state expires. */
const FLOW_TTL_SECONDS = 600;

interface PendingFlow {
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
}

const flowKey = (state: string) => `auth:oidc:${state}`;

const discovered = new WeakMap<AppContext, Promise<oidc.Configuration>>();

/** OpenID Connect discovery of GOOGLE_ISSUER_URL, once per process (retried after a failure). */
function providerConfig(ctx: AppContext): Promise<oidc.Configuration> {
  const { GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_ISSUER_URL } = ctx.config;
  if (!GOOGLE_CLIENT_ID) throw new AppError(503, 'GOOGLE_NOT_CONFIGURED', 'Google sign-in is not configured');
  let pending = discovered.get(ctx);
  if (!pending) {
    const issuer = new URL(GOOGLE_ISSUER_URL);
    pending = oidc.discovery(
      issuer,
      GOOGLE_CLIENT_ID,
      GOOGLE_CLIENT_SECRET,
      undefined,
      // Plain http only for a local provider (tests, development).
      issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
    );
    pending.catch(() => discovered.delete(ctx));
    discovered.set(ctx, pending);
  }
  return pending.catch((err: unknown) => {
    ctx.log.error({ err }, 'OpenID Connect discovery failed');
    throw new AppError(503, 'GOOGLE_UNAVAILABLE', 'Google sign-in is unavailable right now');
  });
}

/**
 * Starts the authorization code flow with PKCE (S256), state and nonce. The verifier and nonce stay
 * server-side (ctx.cache, so any instance can finish the flow); `state` goes to the browser in an
 * HttpOnly cookie as well, binding the callback to the browser that started it.
 */
export async function startGoogleSignIn(
  ctx: AppContext,
  redirectUri: string,
): Promise<{ url: string; state: string; ttlSeconds: number }> {
  const config = await providerConfig(ctx);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  await ctx.cache.set(
    flowKey(state),
    { codeVerifier, nonce, redirectUri } satisfies PendingFlow,
    FLOW_TTL_SECONDS,
  );
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state, ttlSeconds: FLOW_TTL_SECONDS };
}

/**
 * Finishes the flow: checks state (query = cookie = a pending flow, used once), exchanges the code
 * with the PKCE verifier, validates the ID token (signature, issuer, audience, expiry, nonce), then
 * signs in the linked account, links an account with the same (Google-verified) email, or creates a
 * verified customer.
 */
export async function finishGoogleSignIn(
  ctx: AppContext,
  input: { query: Record<string, string | undefined>; rawQuery: string; cookieState: string | undefined },
  meta: ClientMeta,
): Promise<AuthResult> {
  const { state, error } = input.query;
  if (error) throw badRequest('GOOGLE_SIGN_IN_FAILED', `Google sign-in was not completed (${error})`);
  if (!state || !input.cookieState || state !== input.cookieState)
    throw badRequest('INVALID_STATE', 'This sign-in was not started from this browser; start again');
  const flow = await ctx.cache.get<PendingFlow>(flowKey(state));
  await ctx.cache.del(flowKey(state));
  if (!flow) throw badRequest('INVALID_STATE', 'This sign-in has expired or was already used; start again');
  const config = await providerConfig(ctx);
  const callbackUrl = new URL(flow.redirectUri);
  callbackUrl.search = input.rawQuery;
  let claims: oidc.IDToken | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (err) {
    ctx.log.warn({ err }, 'Google sign-in: code exchange or ID token validation failed');
    throw badRequest('GOOGLE_SIGN_IN_FAILED', 'Google sign-in could not be verified; start again');
  }
  if (!claims?.sub)
    throw badRequest('GOOGLE_SIGN_IN_FAILED', 'Google sign-in could not be verified; start again');
  const user = await linkOrCreate(ctx, claims);
  if (isBlocked(user)) throw accountBlocked(user.blockedUntil);
  return startSession(ctx, user, 'GOOGLE', meta);
}

async function linkOrCreate(ctx: AppContext, claims: oidc.IDToken): Promise<UserRow> {
  const subject = claims.sub;
  const linked = await findUserByGoogleSubject(ctx, subject);
  if (linked) return linked;
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  if (!email || !verified)
    throw forbidden('Your Google account has no verified email address', 'GOOGLE_EMAIL_NOT_VERIFIED');
  const name = (typeof claims.name === 'string' && claims.name.trim()) || email.split('@')[0]!;
  const picture =
    typeof claims.picture === 'string' && /^https?:\/\//.test(claims.picture) && claims.picture.length <= 2048
      ? claims.picture
      : null;

  return ctx.database.transaction(async (tx) => {
    const { db } = tx;
    const existing = await findUserByEmail(ctx, email, db);
    if (!existing) {
      const created = await createUser(db, {
        email,
        name: name.slice(0, 100),
        passwordHash: null,
        emailVerifiedAt: new Date(),
        googleSubject: subject,
        avatar: picture,
      });
      await announceCustomer(ctx, tx, created);
      return created;
    }
    if (existing.googleSubject && existing.googleSubject !== subject)
      throw conflict('GOOGLE_ACCOUNT_MISMATCH', 'This account is linked to another Google account');
    // An admin account is worth more than a mailbox: it is never linked on an email match alone.
    if (existing.role === 'ADMIN')
      throw conflict(
        'GOOGLE_LINK_REFUSED',
        'This is an admin account; it cannot be linked to Google by email. Sign in with the password.',
      );
    if (existing.emailVerifiedAt) {
      return (await updateUserRow(db, existing.id, { googleSubject: subject }))!;
    }
    // Someone registered this address without proving it. Google just proved who owns it, so the
    // unproven password (possibly set by an attacker in advance) is dropped and its sessions end.
    await revokeUserSessions(db, existing.id, 'ACCOUNT_LINKED');
    return (await updateUserRow(db, existing.id, {
      googleSubject: subject,
      emailVerifiedAt: new Date(),
      passwordHash: null,
    }))!;
  });
}
