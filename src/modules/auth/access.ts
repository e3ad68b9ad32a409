import { and, eq, gt } from 'drizzle-orm';
import { cached } from '../../platform/cache';
import type { AppContext } from '../../platform/context';
import { unauthenticated } from '../../platform/errors';
import type { AuthUser, Role } from '../../platform/security';
import { accountBlocked, findUserById, isBlocked } from '../users/service';
import { forgetLocalSession, forgetLocalUser, locallyCached } from './local-access';
import { authSessions } from './tables';

/** How long the per-request access check may serve a cached session/account state. */
const ACCESS_STATE_TTL_SECONDS = 30;

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
  let revoked = false;
  let userId = user.id;
  if (user.sessionId) {
    const [session] = await db
      .select({ userId: authSessions.userId, revokedAt: authSessions.revokedAt })
      .from(authSessions)
      .where(eq(authSessions.id, user.sessionId));
    if (!session) return { userId: null, revoked: true, role: null, blockedAt: null, blockedUntil: null };
    revoked = session.revokedAt !== null;
    userId = session.userId;
  }
  const row = await findUserById(ctx, userId, db);
  // A session's account always exists (foreign key, cascade); a session-less token's may not.
  if (!row) return { userId: null, revoked, role: null, blockedAt: null, blockedUntil: null };
  return {
    userId: row.id,
    revoked,
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

export async function forgetSessionState(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.cache
    .del(sessionStateKey(sessionId))
    .catch((err: unknown) => ctx.log.warn({ err, sessionId }, 'could not drop cached access state'));
  forgetLocalSession(ctx, sessionId);
  ctx.realtime.disconnectSession(sessionId);
}
