import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Database } from '../../platform/db';
import { forbidden, unauthenticated } from '../../platform/errors';
import type { ClientMeta } from '../../platform/http';
import { signAccessToken, type AuthUser } from '../../platform/security';
import type { UserView } from '../users/schemas';
import {
  accountBlocked,
  findUserByEmail,
  findUserById,
  isBlocked,
  normalizeEmail,
  toUserView,
  updateUserRow,
  type UserChanges,
  type UserRow,
} from '../users/service';
import { forgetAccessState, forgetSessionState } from './access';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { hashOf, randomToken } from './secrets';
import { authSessions, refreshTokens } from './tables';
import { reserveLoginAttempt } from './throttle';

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
  extra: UserChanges = {},
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
