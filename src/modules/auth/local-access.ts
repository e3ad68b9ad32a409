import { LRUCache } from 'lru-cache';
import type { AppContext } from '../../platform/context';

/**
 * How long an instance trusts the access state it read (blocked? revoked? role?) without asking the
 * shared cache again. The instance that changes an account forgets it at once; the others forget it
 * when the change is announced through Redis, and at the latest after this long.
 */
export const LOCAL_ACCESS_TTL_MS = 1_000;

interface Entry<T> {
  userId: string | null;
  state: T;
}

const byContext = new WeakMap<AppContext, LRUCache<string, Entry<unknown>>>();

function entries(ctx: AppContext): LRUCache<string, Entry<unknown>> {
  let cache = byContext.get(ctx);
  if (!cache) {
    cache = new LRUCache({ max: 50_000, ttl: LOCAL_ACCESS_TTL_MS });
    byContext.set(ctx, cache);
    ctx.realtime.onAccessChange(({ userId, sessionId }) => {
      if (userId) forgetLocalUser(ctx, userId);
      if (sessionId) cache!.delete(sessionId);
    });
  }
  return cache;
}

/** The access state under `key` (a session id, or a user id for session-less tokens), read through. */
export async function locallyCached<T extends { userId: string | null }>(
  ctx: AppContext,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const cache = entries(ctx);
  const hit = cache.get(key);
  if (hit) return hit.state as T;
  const state = await load();
  cache.set(key, { userId: state.userId, state });
  return state;
}

/** Forgets every locally cached state of a user (their sessions and the session-less entry). */
export function forgetLocalUser(ctx: AppContext, userId: string): void {
  const cache = entries(ctx);
  for (const [key, entry] of cache.entries())
    if (entry.userId === userId || key === userId) cache.delete(key);
}

export function forgetLocalSession(ctx: AppContext, sessionId: string): void {
  entries(ctx).delete(sessionId);
}
