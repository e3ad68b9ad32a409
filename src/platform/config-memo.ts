import type { AppContext } from './context';
import type { Database } from './db';
import { SharedRead } from './shared-read';

/**
 * Store settings that almost never change but are read on hot paths (shipping zones and methods,
 * tax rates, which webhook events anyone subscribes to), kept in process so a checkout does not
 * read them from PostgreSQL every time. Each value is stored under the version of the
 * STORE_CONFIG namespace of the shared cache (in process, or Redis with REDIS_URL, so a write on
 * one instance invalidates every instance): a write calls `invalidateStoreConfig` after its
 * transaction commits, and the next read on any instance loads fresh. A value loaded before a
 * bump is stored under the old version, which is never read again. Checking the version costs
 * nothing without Redis and one small GET with it (no SQL), shared: every lookup waits for a read
 * of the version SENT AFTER the lookup began (so a bump that completed before is always seen), and
 * lookups that arrive while a read is in flight share the next one; inside a transaction the
 * version read first serves all of its lookups. While Redis is away values are loaded from
 * PostgreSQL every time.
 */
export const STORE_CONFIG_NAMESPACE = 'store-config';

const memos = new WeakMap<object, Map<string, { version: number; value: unknown; loadedAt: number }>>();
/**
 * A backstop only: after a Redis outage the cache starts a new epoch whose versions count from 0
 * again, so a version seen before could in theory come back naming other data.
 */
const MAX_AGE_MS = 60_000;

const versionReads = new WeakMap<object, SharedRead<number>>();
/** The version a transaction read first (keyed by its Database handle, which lives as long as it). */
const transactionVersions = new WeakMap<object, Promise<number>>();

function readVersion(ctx: AppContext, db: Database | undefined): Promise<number> {
  let shared = versionReads.get(ctx.cache);
  if (!shared)
    versionReads.set(ctx.cache, (shared = new SharedRead(() => ctx.cache.version(STORE_CONFIG_NAMESPACE))));
  // The pool's handles live as long as the process: only a transaction's handle scopes a version.
  if (!db || db === ctx.database.db || db === ctx.database.reads) return shared.next();
  let version = transactionVersions.get(db);
  if (!version) {
    transactionVersions.set(db, (version = shared.next()));
    version.catch(() => transactionVersions.delete(db));
  }
  return version;
}

/**
 * The store setting `key`, from the in-process copy when it is current, else from `load`. Pass the
 * transaction's Database handle as `db` when there is one: its lookups then share one version read.
 */
export async function memoStoreConfig<T>(
  ctx: AppContext,
  key: string,
  load: () => Promise<T>,
  db?: Database,
): Promise<T> {
  let version: number;
  try {
    version = await readVersion(ctx, db);
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
