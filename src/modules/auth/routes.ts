import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { clientMeta, envelope, errorResponses, ok, type App } from '../../platform/http';
import { bearerSecurity, currentUser, requireAuth } from '../../platform/security';
import { unauthenticated } from '../../platform/errors';
import { mergeGuestCart } from '../cart/service';
import { userSchema } from '../users/schemas';
import { finishGoogleSignIn, startGoogleSignIn } from './google';
import {
  authResultSchema,
  emailOnlyBody,
  googleCallbackQuery,
  loginBody,
  refreshTokenBody,
  registerBody,
  resetPasswordBody,
  verifyEmailBody,
} from './schemas';
import {
  login,
  logout,
  logoutEverywhere,
  refreshSession,
  register,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  verifyEmail,
  type AuthResult,
} from './service';

export const REFRESH_COOKIE = 'bazaar_refresh';
const COOKIE_PATH = '/api/v1/auth';
const OIDC_COOKIE = 'bazaar_oidc_state';
const OIDC_COOKIE_PATH = '/api/v1/auth/google';

const tags = ['auth'];
const accepted = envelope(z.null()).describe('Accepted (always, whether or not the account exists)');
const done = envelope(z.null());
const verifiedSchema = z.object({ emailVerified: z.literal(true) });

/** Sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie scoped to /api/v1/auth. */
export function setRefreshCookie(ctx: AppContext, reply: FastifyReply, result: AuthResult): void {
  reply.setCookie(REFRESH_COOKIE, result.refreshToken, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: COOKIE_PATH,
    maxAge: Math.floor(ctx.config.REFRESH_TOKEN_TTL / 1000),
  });
}

function clearRefreshCookie(reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: COOKIE_PATH });
}

export async function authRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  /** A guest cart sent along with sign-in (X-Cart-Token) merges into the user's cart. */
  const mergeGuestCartOnSignIn = async (request: FastifyRequest, userId: string) => {
    const token = request.headers['x-cart-token'];
    if (typeof token === 'string' && token.length > 0) await mergeGuestCart(ctx, userId, token);
  };

  await app.register(cookie);

  app.post(
    '/auth/register',
    {
      schema: {
        tags,
        summary: 'Create an account',
        description:
          'Creates a CUSTOMER account and emails a 6-digit verification code (valid 10 minutes, 5 tries). ' +
          'Sign-in is refused (403 EMAIL_NOT_VERIFIED) until the email is verified. Unknown fields (e.g. `role`) → 400.',
        body: registerBody,
        response: { 201: envelope(userSchema), ...errorResponses(400, 409, 429) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(ok(await register(ctx, request.body), 'Account created; check your email for the code')),
  );

  app.post(
    '/auth/verify-email',
    {
      schema: {
        tags,
        summary: 'Verify the email address with the mailed code',
        description:
          'Right code → 200 `{ emailVerified: true }` (never the profile: sign in for it). Every other case (wrong ' +
          'code, expired code, the 5th wrong try, unknown or already verified address) → the same 400 INVALID_CODE.',
        body: verifyEmailBody,
        response: { 200: envelope(verifiedSchema), ...errorResponses(400, 429) },
      },
    },
    async (request) => {
      await verifyEmail(ctx, request.body);
      return ok({ emailVerified: true as const }, 'Email verified');
    },
  );

  app.post(
    '/auth/resend-verification',
    {
      schema: {
        tags,
        summary: 'Mail a new verification code',
        description: 'Always 202, whether or not the account exists or is already verified.',
        body: emailOnlyBody,
        response: { 202: accepted, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await resendVerification(ctx, request.body.email, clientMeta(request));
      return reply
        .status(202)
        .send(ok(null, 'If the account exists and is not verified yet, a new code has been sent'));
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password',
        description:
          'Returns an access token and a refresh token (also set as an HttpOnly cookie). Unknown email and wrong ' +
          'password both answer 401. 403 EMAIL_NOT_VERIFIED before verification; 423 ACCOUNT_BLOCKED while ' +
          'blocked (the until time is in the message, `error.details[0].message` and Retry-After); 429 RATE_LIMITED ' +
          'with Retry-After within LOGIN_WINDOW after LOGIN_MAX_FAILURES failures for the account from one IP address, ' +
          'LOGIN_ACCOUNT_MAX_FAILURES for the account from anywhere, or 100 from the IP address. Attempts are counted ' +
          'before the password is checked, so concurrent guesses cannot exceed the limits.',
        body: loginBody,
        response: { 200: envelope(authResultSchema), ...errorResponses(400, 401, 403, 423, 429) },
      },
    },
    async (request, reply) => {
      const result = await login(ctx, request.body, clientMeta(request));
      await mergeGuestCartOnSignIn(request, result.user.id);
      setRefreshCookie(ctx, reply, result);
      return ok(result, 'Signed in');
    },
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Rotate the refresh token',
        description:
          'Takes `refreshToken` from the body, else from the cookie, and returns a new pair; the old refresh token ' +
          'is dead. Presenting a dead (already used) refresh token revokes that whole session and answers 401, so ' +
          'clients must not refresh concurrently with the same token: exactly one of concurrent refreshes succeeds.',
        body: refreshTokenBody,
        response: { 200: envelope(authResultSchema), ...errorResponses(400, 401, 423, 429) },
      },
    },
    async (request, reply) => {
      const token = request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE];
      if (!token) throw unauthenticated('No refresh token: send refreshToken in the body or the cookie');
      try {
        const result = await refreshSession(ctx, token, clientMeta(request));
        setRefreshCookie(ctx, reply, result);
        return ok(result, 'Tokens refreshed');
      } catch (error) {
        clearRefreshCookie(reply);
        throw error;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      onRequest: requireAuth(),
      schema: {
        tags,
        summary: 'Sign out of one session',
        description:
          'Revokes the session of the refresh token given in the body or cookie, else the session of the access token.',
        security: bearerSecurity,
        body: refreshTokenBody,
        response: { 200: done, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const token = request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE];
      await logout(ctx, currentUser(request), token);
      clearRefreshCookie(reply);
      return ok(null, 'Signed out');
    },
  );

  app.post(
    '/auth/logout-all',
    {
      onRequest: requireAuth(),
      schema: {
        tags,
        summary: 'Sign out of every session',
        description: 'Revokes every session (refresh token family) of the caller, including this one.',
        security: bearerSecurity,
        response: {
          200: envelope(z.object({ revokedSessions: z.number().int() })),
          ...errorResponses(401),
        },
      },
    },
    async (request, reply) => {
      const revokedSessions = await logoutEverywhere(ctx, currentUser(request).id);
      clearRefreshCookie(reply);
      return ok({ revokedSessions }, 'Signed out everywhere');
    },
  );

  app.post(
    '/auth/forgot-password',
    {
      schema: {
        tags,
        summary: 'Mail a password reset token',
        description:
          'Always 202 with the same body, in about the same time, whether or not the account exists. The mail ' +
          'contains `${STOREFRONT_URL}/reset-password?token=<token>` and the raw token (single use, 15 minutes).',
        body: emailOnlyBody,
        response: { 202: accepted, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.body.email, clientMeta(request));
      return reply
        .status(202)
        .send(ok(null, 'If an account exists for this email, a reset link has been sent'));
    },
  );

  app.post(
    '/auth/reset-password',
    {
      schema: {
        tags,
        summary: 'Set a new password with a reset token',
        description:
          'Consumes the token (single use, 15 minutes; otherwise 400 INVALID_TOKEN), sets the password, verifies the ' +
          'email if needed and revokes every session.',
        body: resetPasswordBody,
        response: { 200: done, ...errorResponses(400, 429) },
      },
    },
    async (request) => {
      await resetPassword(ctx, request.body);
      return ok(null, 'Password changed; sign in with the new password');
    },
  );

  app.get(
    '/auth/google',
    {
      schema: {
        tags,
        summary: 'Sign in with Google (OpenID Connect)',
        description:
          'Redirects (302) to the provider at GOOGLE_ISSUER_URL with an authorization code request (PKCE S256, state, ' +
          'nonce). The state is also set as an HttpOnly cookie; the provider sends the browser back to ' +
          '/auth/google/callback on this host. 503 when Google sign-in is not configured.',
        response: {
          302: z.null().describe('Redirect to the provider (Location header)'),
          ...errorResponses(429, 503),
        },
      },
    },
    async (request, reply) => {
      const redirectUri = `${request.protocol}://${request.host}/api/v1/auth/google/callback`;
      const { url, state, ttlSeconds } = await startGoogleSignIn(ctx, redirectUri);
      reply.setCookie(OIDC_COOKIE, state, {
        httpOnly: true,
        secure: true,
        // Lax: the cookie must come back on the provider's top-level redirect to the callback.
        sameSite: 'lax',
        path: OIDC_COOKIE_PATH,
        maxAge: ttlSeconds,
      });
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/auth/google/callback',
    {
      schema: {
        tags,
        summary: 'Finish signing in with Google',
        description:
          'Checks state (query, cookie and a pending sign-in must agree; each is used once), exchanges the code with ' +
          'the PKCE verifier and validates the ID token (signature, issuer, audience, nonce). Signs in the account ' +
          'linked to this Google account, else links the account with the same email (Google must report it ' +
          'verified; never an ADMIN account: 409 GOOGLE_LINK_REFUSED), else creates a verified CUSTOMER. Returns tokens like /auth/login (and sets the refresh ' +
          'cookie). 400 INVALID_STATE / GOOGLE_SIGN_IN_FAILED, 403 GOOGLE_EMAIL_NOT_VERIFIED, 423 ACCOUNT_BLOCKED.',
        querystring: googleCallbackQuery,
        response: { 200: envelope(authResultSchema), ...errorResponses(400, 403, 409, 423, 429, 503) },
      },
    },
    async (request, reply) => {
      const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const cookieState = request.cookies[OIDC_COOKIE];
      reply.clearCookie(OIDC_COOKIE, {
        httpOnly: true,
        secure: true,
        sameSite: 'lax',
        path: OIDC_COOKIE_PATH,
      });
      const result = await finishGoogleSignIn(
        ctx,
        { query: request.query as Record<string, string | undefined>, rawQuery, cookieState },
        clientMeta(request),
      );
      await mergeGuestCartOnSignIn(request, result.user.id);
      setRefreshCookie(ctx, reply, result);
      return ok(result, 'Signed in with Google');
    },
  );
}
