import { createHash } from 'node:crypto';
import { cached } from '../../platform/cache';
import type { AppContext } from '../../platform/context';
import { STOCK_NAMESPACE } from '../inventory/cache';

/** Every cached catalog response (lists, details, category tree) lives under this namespace. */
export const CATALOG_NAMESPACE = 'catalog';
const TTL_SECONDS = 300;

/**
 * Invalidates every cached catalog response, on this instance and (with Redis) on all others.
 * Call it AFTER the transaction that changed the catalog commits: a reader that loads between the
 * commit and the bump stores under the old version, which nobody reads any more.
 * Reviews call it when a product's rating changes; checkout after stock moves. Stock moves alone
 * may instead bump inventory's namespace (`invalidateStock`): cached entries carry both versions.
 */
export async function invalidateCatalog(ctx: AppContext): Promise<void> {
  try {
    await ctx.cache.bump(CATALOG_NAMESPACE);
  } catch (err) {
    ctx.log.error({ err }, 'catalog cache invalidation failed');
  }
}

/** Loads in flight on this instance, so N concurrent misses of one key cost one query (no stampede). */
const inFlightByCache = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Read-through cache keyed by the catalog's and inventory's namespace versions (responses show
 * stock), so one bump of either invalidates everything.
 */
export async function cachedCatalog<T>(
  ctx: AppContext,
  kind: string,
  params: unknown,
  load: () => Promise<T>,
): Promise<T> {
  let version: string;
  try {
    const [catalog, stock] = await Promise.all([
      ctx.cache.version(CATALOG_NAMESPACE),
      ctx.cache.version(STOCK_NAMESPACE),
    ]);
    version = `${catalog}.${stock}`;
  } catch {
    return load();
  }
  const digest = createHash('sha1').update(JSON.stringify(params)).digest('base64url');
  const key = `${CATALOG_NAMESPACE}:v${version}:${kind}:${digest}`;
  let inFlight = inFlightByCache.get(ctx.cache);
  if (!inFlight) inFlightByCache.set(ctx.cache, (inFlight = new Map()));
  const pending = inFlight.get(key);
  if (pending) return pending as Promise<T>;
  const promise = cached(ctx.cache, key, TTL_SECONDS, load).finally(() => inFlight.delete(key));
  inFlight.set(key, promise);
  return promise;
}
