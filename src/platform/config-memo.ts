import type { AppContext } from './context';

/**
 * Store settings that almost never change but are read on hot paths (shipping zones and methods,
 * tax rates, which webhook events anyone subscribes to), kept in process so a checkout does not
 * read them from PostgreSQL every time. Each value is stored under the version of the
 * STORE_CONFIG namespace of the shared cache (in process, or Redis with REDIS_URL, so a write on
 * one instance invalidates every instance): a write calls `invalidateStoreConfig` after its
 * transaction commits, and the next read on any instance loads fresh. A value loaded before a
 * bump is stored under the old version, which is never read again. Checking the version costs
 * nothing without Redis and one small GET with it (no SQL); while Redis is away values are loaded
 * from PostgreSQL every time.
 */
export const STORE_CONFIG_NAMESPACE = 'store-config';

const memos = new WeakMap<object, Map<string, { version: number; value: unknown; loadedAt: number }>>();
/**
 * A backstop only: after a Redis outage the cache starts a new epoch whose versions count from 0
 * again, so a version seen before could in theory come back naming other data.
 */
const MAX_AGE_MS = 60_000;

export async function memoStoreConfig<T>(ctx: AppContext, key: string, load: () => Promise<T>): Promise<T> {
  let version: number;
  try {
    version = await ctx.cache.version(STORE_CONFIG_NAMESPACE);
  } catch {
    return load();
  }
  let byKey = memos.get(ctx.cache);
  if (!byKey) memos.set(ctx.cache, (byKey = new Map()));
  const found = byKey.get(key);
  if (found && found.version === version && Date.now() - found.loadedAt < MAX_AGE_MS) return found.value as T;
  // Each miss loads with its own connection (a transaction's or the pool's): waiting for another
  // request's load could wait for a transaction that waits for us (the embedded database runs
  // one connection at a time). Stored under the version read BEFORE the load.
  const value = await load();
  byKey.set(key, { version, value, loadedAt: Date.now() });
  return value;
}

/** Call AFTER the transaction that changed a store setting commits (see memoStoreConfig). */
export async function invalidateStoreConfig(ctx: AppContext): Promise<void> {
  try {
    await ctx.cache.bump(STORE_CONFIG_NAMESPACE);
  } catch (err) {
    ctx.log.error({ err }, 'store config invalidation failed');
  }
}
