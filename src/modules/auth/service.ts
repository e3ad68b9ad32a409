import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { cached } from '../../platform/cache';
import type { AppContext } from '../../platform/context';
import type { Database, Tx } from '../../platform/db';
import { badRequest, forbidden, unauthenticated, validationError } from '../../platform/errors';
import { signAccessToken, type AuthUser, type Role } from '../../platform/security';
import { queueEmail } from '../notifications/service';
import { passwordChangedEmail, passwordResetEmail, verificationCodeEmail } from '../notifications/templates';
import type { UserView } from '../users/schemas';
import {
  accountBlocked,
  createUser,
  findUserByEmail,
  findUserById,
  isBlocked,
  normalizeEmail,
  toUserView,
  updateUserRow,
  type UserRow,
} from '../users/service';
import { announceCustomer } from '../users/events';
import { users } from '../users/tables';
import { hashPassword, needsRehash, verifyPassword, weakPasswordReason } from './password';
import { randomCode, randomToken, sameHash, secretHash } from './secrets';
import { authSessions, emailVerificationCodes, passwordResetTokens, refreshTokens } from './tables';
import { mailAllowed, mailRequestAllowed, reserveLoginAttempt } from './throttle';
import { forgetLocalSession, forgetLocalUser, locallyCached } from './local-access';

export { hashPassword, verifyPassword } from './password';
export { IP_MAX_LOGIN_FAILURES } from './throttle';

const VERIFICATION_CODE_TTL_MS = 10 * 60_000;
const VERIFICATION_MAX_TRIES = 5;
const RESET_TOKEN_TTL_MS = 15 * 60_000;
/** How long the per-request access check may serve a cached session/account state. */
const ACCESS_STATE_TTL_SECONDS = 30;
/** forgot-password and resend-verification always take at least this long, account or not. */
const UNIFORM_RESPONSE_MS = 300;

import type { ClientMeta } from '../../platform/http';

export type { ClientMeta };

export interface AuthResult {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Access token lifetime in seconds. */
  expiresIn: number;
  refreshExpiresIn: number;
  user: UserView;
}

const hashOf = (ctx: AppContext, purpose: string, value: string) =>
  secretHash(ctx.config.JWT_REFRESH_SECRET, purpose, value);

async function atLeast<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    const left = ms - (Date.now() - started);
    if (left > 0) await sleep(left);
  }
}

// ---------------------------------------------------------------- sessions and tokens

/** A refresh token lives REFRESH_TOKEN_TTL (sliding), never past its session's REFRESH_SESSION_MAX_AGE. */
async function storeRefreshToken(
  ctx: AppContext,
  db: Database,
  session: { id: string; createdAt: Date },
  userId: string,
): Promise<string> {
  const token = randomToken();
  const sessionEnd = session.createdAt.getTime() + ctx.config.REFRESH_SESSION_MAX_AGE;
  await db.insert(refreshTokens).values({
    sessionId: session.id,
    userId,
    tokenHash: hashOf(ctx, 'refresh', token),
    expiresAt: new Date(Math.min(Date.now() + ctx.config.REFRESH_TOKEN_TTL, sessionEnd)),
  });
  return token;
}

async function tokensFor(
  ctx: AppContext,
  user: UserRow,
  sessionId: string,
  refreshToken: string,
): Promise<AuthResult> {
  const accessToken = await signAccessToken(ctx.config, { id: user.id, role: user.role, sessionId });
  return {
    accessToken,
    refreshToken,
    tokenType: 'Bearer',
    expiresIn: Math.floor(ctx.config.ACCESS_TOKEN_TTL / 1000),
    refreshExpiresIn: Math.floor(ctx.config.REFRESH_TOKEN_TTL / 1000),
    user: toUserView(user),
  };
}

/** Opens a new session (refresh-token family) for a user who just proved who they are. */
export async function startSession(
  ctx: AppContext,
  user: UserRow,
  method: 'PASSWORD' | 'GOOGLE',
  meta: ClientMeta,
  extra: Partial<typeof users.$inferInsert> = {},
): Promise<AuthResult> {
  const { row, sessionId, refreshToken } = await ctx.database.transaction(async ({ db }) => {
    const [session] = await db
      .insert(authSessions)
      .values({
        userId: user.id,
        method,
        userAgent: meta.userAgent?.slice(0, 500) ?? null,
        ip: meta.ip.slice(0, 64),
      })
      .returning({ id: authSessions.id, createdAt: authSessions.createdAt });
    const refreshToken = await storeRefreshToken(ctx, db, session!, user.id);
    const row = await updateUserRow(db, user.id, { ...extra, lastLoginAt: new Date() });
    return { row: row ?? user, sessionId: session!.id, refreshToken };
  });
  return tokensFor(ctx, row, sessionId, refreshToken);
}

/** Revokes every live session of a user (in the caller's transaction). Returns how many. */
export async function revokeUserSessions(db: Database, userId: string, reason: string): Promise<number> {
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  return rows.length;
}

async function revokeSession(db: Database, sessionId: string, reason: string): Promise<void> {
  await db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
}

// ---------------------------------------------------------------- per-request access check

interface AccessState {
  userId: string | null;
  revoked: boolean;
  role: Role | null;
  blockedAt: string | null;
  blockedUntil: string | null;
}

const sessionStateKey = (sessionId: string) => `auth:access:session:${sessionId}`;
const userStateKey = (userId: string) => `auth:access:user:${userId}`;

async function loadAccessState(ctx: AppContext, user: AuthUser): Promise<AccessState> {
  const db = ctx.database.db;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  if (user.sessionId) {
    const [row] = await db
      .select({
        userId: authSessions.userId,
        revokedAt: authSessions.revokedAt,
        role: users.role,
        blockedAt: users.blockedAt,
        blockedUntil: users.blockedUntil,
      })
      .from(authSessions)
      .innerJoin(users, eq(users.id, authSessions.userId))
      .where(eq(authSessions.id, user.sessionId));
    if (!row) return { userId: null, revoked: true, role: null, blockedAt: null, blockedUntil: null };
    return {
      userId: row.userId,
      revoked: row.revokedAt !== null,
      role: row.role,
      blockedAt: iso(row.blockedAt),
      blockedUntil: iso(row.blockedUntil),
    };
  }
  const row = await findUserById(ctx, user.id);
  if (!row) return { userId: null, revoked: false, role: null, blockedAt: null, blockedUntil: null };
  return {
    userId: row.id,
    revoked: false,
    role: row.role,
    blockedAt: iso(row.blockedAt),
    blockedUntil: iso(row.blockedUntil),
  };
}

/**
 * Runs on every authenticated request (registered with addAccessCheck). The state of the token's
 * session and account comes from ctx.cache (Redis when configured, so every instance agrees) for
 * at most 30 s and is dropped as soon as it changes; each instance keeps it in process for at most
 * LOCAL_ACCESS_TTL_MS (1 s), forgotten at once on the instance that made the change and, through
 * Redis, on the others (local-access.ts). A blocked account answers 423, a revoked
 * session 401, a token carrying a role the account no longer has 401 (refresh to get the new one).
 */
export async function checkAccess(ctx: AppContext, user: AuthUser): Promise<void> {
  const key = user.sessionId ? sessionStateKey(user.sessionId) : userStateKey(user.id);
  const state = await locallyCached(ctx, user.sessionId ?? user.id, () =>
    cached(ctx.cache, key, ACCESS_STATE_TTL_SECONDS, () => loadAccessState(ctx, user)),
  );
  if (!state.userId) {
    // Tokens minted without a session (internal tools, tests) for an id that has no account.
    if (user.sessionId) throw unauthenticated('This session has ended; sign in again');
    return;
  }
  if (state.userId !== user.id) throw unauthenticated('Invalid access token');
  if (isBlocked(state)) throw accountBlocked(state.blockedUntil);
  if (state.revoked) throw unauthenticated('This session has ended; sign in again');
  if (state.role !== user.role) throw unauthenticated('Your role changed; refresh your access token');
}

/**
 * Drops the cached access state of a user's recent sessions after a change (block, role,
 * revocation), so their access tokens are re-checked against the database on the next request,
 * and drops their sockets, which must then pass the check again to reconnect.
 */
export async function forgetAccessState(ctx: AppContext, userId: string): Promise<void> {
  const horizon = new Date(Date.now() - ctx.config.ACCESS_TOKEN_TTL - 60_000);
  const sessions = await ctx.database.db
    .select({ id: authSessions.id })
    .from(authSessions)
    .where(and(eq(authSessions.userId, userId), gt(authSessions.lastUsedAt, horizon)));
  await ctx.cache
    .del(userStateKey(userId), ...sessions.map((s) => sessionStateKey(s.id)))
    .catch((err: unknown) => ctx.log.warn({ err, userId }, 'could not drop cached access state'));
  forgetLocalUser(ctx, userId);
  ctx.realtime.disconnectUser(userId);
}

async function forgetSessionState(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.cache
    .del(sessionStateKey(sessionId))
    .catch((err: unknown) => ctx.log.warn({ err, sessionId }, 'could not drop cached access state'));
  forgetLocalSession(ctx, sessionId);
  ctx.realtime.disconnectSession(sessionId);
}

// ---------------------------------------------------------------- registration and verification

function assertStrongPassword(password: string, context: { email?: string; name?: string }, path: string) {
  const reason = weakPasswordReason(password, context);
  if (reason) throw validationError('Invalid body', [{ path, message: reason }]);
}

async function issueVerificationCode(ctx: AppContext, tx: Tx, user: UserRow): Promise<void> {
  // Only the newest code is valid.
  await tx.db.delete(emailVerificationCodes).where(eq(emailVerificationCodes.userId, user.id));
  const code = randomCode();
  await tx.db.insert(emailVerificationCodes).values({
    userId: user.id,
    codeHash: hashOf(ctx, 'email-code', `${user.id}:${code}`),
    expiresAt: new Date(Date.now() + VERIFICATION_CODE_TTL_MS),
  });
  // The address is not proven yet: the registrant's chosen name stays out of the mail (phishing).
  await queueEmail(ctx, tx, { to: user.email, ...verificationCodeEmail({ code }) });
}

export async function register(
  ctx: AppContext,
  input: { email: string; password: string; name: string },
): Promise<UserView> {
  const email = normalizeEmail(input.email);
  assertStrongPassword(input.password, { email, name: input.name }, 'password');
  const passwordHash = await hashPassword(input.password);
  return ctx.database.transaction(async (tx) => {
    const user = await createUser(tx.db, { email, name: input.name, passwordHash });
    await announceCustomer(ctx, tx, user);
    await issueVerificationCode(ctx, tx, user);
    return toUserView(user);
  });
}

const invalidCode = () =>
  badRequest('INVALID_CODE', 'The code is wrong or has expired; request a new one if needed');

/**
 * Verifies an address with its mailed code. Every failure (unknown address, already verified, wrong,
 * expired or dead code) is the same 400 INVALID_CODE, and nothing about the account is returned, so
 * the route tells a caller nothing about who is registered.
 */
export async function verifyEmail(ctx: AppContext, input: { email: string; code: string }): Promise<void> {
  const user = await findUserByEmail(ctx, input.email);
  if (!user || user.emailVerifiedAt) throw invalidCode();
  const verified = await ctx.database.transaction(async ({ db }) => {
    // Every try is counted first, atomically: the 5th wrong try kills the code even under concurrency.
    const [attempt] = await db
      .update(emailVerificationCodes)
      .set({ attempts: sql`${emailVerificationCodes.attempts} + 1` })
      .where(
        and(
          eq(emailVerificationCodes.userId, user.id),
          isNull(emailVerificationCodes.usedAt),
          gt(emailVerificationCodes.expiresAt, sql`now()`),
          lt(emailVerificationCodes.attempts, VERIFICATION_MAX_TRIES),
        ),
      )
      .returning();
    if (!attempt) return false;
    if (!sameHash(attempt.codeHash, hashOf(ctx, 'email-code', `${user.id}:${input.code}`))) return false;
    await db
      .update(emailVerificationCodes)
      .set({ usedAt: sql`now()` })
      .where(eq(emailVerificationCodes.id, attempt.id));
    await updateUserRow(db, user.id, { emailVerifiedAt: new Date() });
    return true;
  });
  if (!verified) throw invalidCode();
}

/** Always resolves (the route answers 202 whatever happened) and takes about as long either way. */
export async function resendVerification(ctx: AppContext, email: string, meta: ClientMeta): Promise<void> {
  await atLeast(UNIFORM_RESPONSE_MS, async () => {
    if (!(await mailRequestAllowed(ctx, meta.ip))) return;
    const user = await findUserByEmail(ctx, email);
    if (!user || user.emailVerifiedAt) return;
    if (!(await mailAllowed(ctx, 'verify', user.id, meta.ip))) return;
    await ctx.database.transaction(async (tx) => {
      // Serialise with a concurrent resend so exactly one code stays valid.
      const [locked] = await tx.db.select().from(users).where(eq(users.id, user.id)).for('update');
      if (locked && !locked.emailVerifiedAt) await issueVerificationCode(ctx, tx, locked);
    });
  });
}

// ---------------------------------------------------------------- login, refresh, logout

export async function login(
  ctx: AppContext,
  input: { email: string; password: string },
  meta: ClientMeta,
): Promise<AuthResult> {
  const email = normalizeEmail(input.email);
  const attempt = await reserveLoginAttempt(ctx, email, meta.ip);
  const user = await findUserByEmail(ctx, email);
  // Unknown email and wrong password: same answer, same work (a dummy hash is verified).
  const valid = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !valid) throw unauthenticated('Invalid email or password');
  await attempt.succeeded();
  if (isBlocked(user)) throw accountBlocked(user.blockedUntil);
  if (!user.emailVerifiedAt) throw forbidden('Verify your email before signing in', 'EMAIL_NOT_VERIFIED');
  const extra = needsRehash(user.passwordHash!) ? { passwordHash: await hashPassword(input.password) } : {};
  return startSession(ctx, user, 'PASSWORD', meta, extra);
}

const invalidRefresh = () =>
  unauthenticated('The refresh token is invalid, expired or revoked; sign in again');

/**
 * Rotates a refresh token. Each token is consumed by one atomic UPDATE ... WHERE used_at IS NULL,
 * so of two concurrent refreshes exactly one wins. Presenting a token that was already used
 * revokes its whole session (the thief's copy and the victim's alike) and answers 401.
 */
export async function refreshSession(ctx: AppContext, token: string, meta: ClientMeta): Promise<AuthResult> {
  const tokenHash = hashOf(ctx, 'refresh', token);
  const outcome = await ctx.database.transaction(async ({ db }) => {
    const [consumed] = await db
      .update(refreshTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt)))
      .returning();
    if (!consumed) {
      const [known] = await db
        .select({ sessionId: refreshTokens.sessionId, userId: refreshTokens.userId })
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash));
      if (known) {
        await revokeSession(db, known.sessionId, 'REUSE_DETECTED');
        return { reused: known };
      }
      return { invalid: true as const };
    }
    if (consumed.expiresAt.getTime() <= Date.now()) return { invalid: true as const };
    const [session] = await db
      .update(authSessions)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(authSessions.id, consumed.sessionId), isNull(authSessions.revokedAt)))
      .returning({ id: authSessions.id, createdAt: authSessions.createdAt });
    if (!session) return { invalid: true as const };
    // The absolute lifetime: however actively used, a session ends REFRESH_SESSION_MAX_AGE after sign-in.
    if (session.createdAt.getTime() + ctx.config.REFRESH_SESSION_MAX_AGE <= Date.now()) {
      await revokeSession(db, session.id, 'MAX_AGE');
      return { invalid: true as const };
    }
    const user = await findUserById(ctx, consumed.userId, db);
    if (!user) return { invalid: true as const };
    if (isBlocked(user)) {
      await revokeSession(db, session.id, 'BLOCKED');
      return { blocked: user };
    }
    const refreshToken = await storeRefreshToken(ctx, db, session, user.id);
    return { user, sessionId: session.id, refreshToken };
  });
  if ('reused' in outcome && outcome.reused) {
    ctx.log.warn(
      { userId: outcome.reused.userId, sessionId: outcome.reused.sessionId, ip: meta.ip },
      'refresh token reuse detected; session revoked',
    );
    await forgetSessionState(ctx, outcome.reused.sessionId);
    throw invalidRefresh();
  }
  if ('blocked' in outcome && outcome.blocked) throw accountBlocked(outcome.blocked.blockedUntil);
  if ('user' in outcome && outcome.user)
    return tokensFor(ctx, outcome.user, outcome.sessionId, outcome.refreshToken);
  throw invalidRefresh();
}

/**
 * Ends one session: the one the given refresh token belongs to (when it is the caller's), else
 * the one the access token was issued for.
 */
export async function logout(ctx: AppContext, user: AuthUser, refreshToken?: string): Promise<void> {
  let sessionId = user.sessionId;
  if (refreshToken) {
    const [row] = await ctx.database.db
      .select({ sessionId: refreshTokens.sessionId, userId: refreshTokens.userId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashOf(ctx, 'refresh', refreshToken)));
    if (row && row.userId === user.id) sessionId = row.sessionId;
  }
  if (!sessionId) return;
  await ctx.database.db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, revokedReason: 'LOGOUT' })
    .where(
      and(eq(authSessions.id, sessionId), eq(authSessions.userId, user.id), isNull(authSessions.revokedAt)),
    );
  await forgetSessionState(ctx, sessionId);
}

export async function logoutEverywhere(ctx: AppContext, userId: string): Promise<number> {
  const revoked = await revokeUserSessions(ctx.database.db, userId, 'LOGOUT_ALL');
  await forgetAccessState(ctx, userId);
  return revoked;
}

// ---------------------------------------------------------------- passwords

export async function changePassword(
  ctx: AppContext,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  meta: ClientMeta,
): Promise<void> {
  const user = await findUserById(ctx, userId);
  if (!user) throw unauthenticated();
  if (!user.passwordHash)
    throw badRequest(
      'PASSWORD_NOT_SET',
      'This account signs in with Google and has no password; use forgot-password to set one',
    );
  const attempt = await reserveLoginAttempt(ctx, user.email, meta.ip);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw badRequest('INVALID_CURRENT_PASSWORD', 'The current password is wrong');
  await attempt.succeeded();
  if (input.newPassword === input.currentPassword)
    throw validationError('Invalid body', [
      { path: 'newPassword', message: 'Must differ from the current password' },
    ]);
  assertStrongPassword(input.newPassword, { email: user.email, name: user.name }, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.database.transaction(async (tx) => {
    await updateUserRow(tx.db, user.id, { passwordHash });
    await revokeUserSessions(tx.db, user.id, 'PASSWORD_CHANGED');
    await queueEmail(ctx, tx, {
      to: user.email,
      ...passwordChangedEmail({ name: user.name, resetUrl: `${ctx.config.STOREFRONT_URL}/forgot-password` }),
    });
  });
  await forgetAccessState(ctx, user.id);
}

/** Always resolves (the route answers 202 whatever happened) and takes about as long either way. */
export async function requestPasswordReset(ctx: AppContext, email: string, meta: ClientMeta): Promise<void> {
  await atLeast(UNIFORM_RESPONSE_MS, async () => {
    if (!(await mailRequestAllowed(ctx, meta.ip))) return;
    const user = await findUserByEmail(ctx, email);
    if (!user) return;
    if (!(await mailAllowed(ctx, 'reset', user.id, meta.ip))) return;
    const token = randomToken();
    const link = `${ctx.config.STOREFRONT_URL}/reset-password?token=${encodeURIComponent(token)}`;
    await ctx.database.transaction(async (tx) => {
      await tx.db.insert(passwordResetTokens).values({
        userId: user.id,
        tokenHash: hashOf(ctx, 'reset', token),
        expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
      });
      // A stranger chose the name of an unverified account: it is not printed in mail to that address.
      const name = user.emailVerifiedAt ? user.name : undefined;
      await queueEmail(ctx, tx, { to: user.email, ...passwordResetEmail({ name, link, token }) });
    });
  });
}

/** Consumes a reset token (once, within 15 minutes), sets the password and revokes every session. */
export async function resetPassword(
  ctx: AppContext,
  input: { token: string; password: string },
): Promise<void> {
  const tokenHash = hashOf(ctx, 'reset', input.token);
  const passwordHash = await hashPassword(input.password);
  const userId = await ctx.database.transaction(async ({ db }) => {
    const [consumed] = await db
      .update(passwordResetTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, tokenHash),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, sql`now()`),
        ),
      )
      .returning();
    if (!consumed)
      throw badRequest('INVALID_TOKEN', 'This reset token is invalid, used or expired; request a new one');
    const user = await findUserById(ctx, consumed.userId, db);
    if (!user)
      throw badRequest('INVALID_TOKEN', 'This reset token is invalid, used or expired; request a new one');
    assertStrongPassword(input.password, { email: user.email, name: user.name }, 'password');
    // The mailed token proves the address, so an unverified account becomes verified.
    await updateUserRow(db, user.id, {
      passwordHash,
      ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: new Date() }),
    });
    // Every other outstanding reset token of the account dies too.
    await db
      .update(passwordResetTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
    await revokeUserSessions(db, user.id, 'PASSWORD_RESET');
    return user.id;
  });
  await forgetAccessState(ctx, userId);
}
