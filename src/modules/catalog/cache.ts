import { hash } from 'node:crypto';
import { cacheStats, versionedKey } from '../../platform/cache';
import type { AppContext } from '../../platform/context';
import { isUuid } from '../../platform/ids';
import { STOCK_NAMESPACE } from '../inventory/cache';

/**
 * What a cached catalog response depends on (docs/caching.md has the rule in prose). Every entry
 * depends on CATALOG (any admin write, review, synonym change, restock) and on inventory's STOCK
 * namespace (admin stock adjustments). Beyond that:
 * - a product page depends on its own namespace (`catalog-product:<id or slug>`), bumped when an
 *   order sells from it: an order leaves every other product's page cached;
 * - lists, suggestions and the name lists depend on AVAILABILITY: a list shows `inStock` and
 *   filters by it, and an order changes that only when it sells a variant's last unit (a variant
 *   with stock left keeps its product in stock). Prices, names and ratings change only through
 *   writes that bump CATALOG;
 * - lists sorted by popularity also depend on SALES (units sold), bumped by every order.
 */
export const CATALOG_NAMESPACE = 'catalog';
const AVAILABILITY_NAMESPACE = 'catalog-availability';
const SALES_NAMESPACE = 'catalog-sales';
const TTL_SECONDS = 300;

const productNamespace = (idOrSlug: string) =>
  `catalog-product:${isUuid(idOrSlug) ? idOrSlug.toLowerCase() : idOrSlug}`;

/** The namespaces of a product page. */
export const productDependencies = (idOrSlug: string): string[] => [
  CATALOG_NAMESPACE,
  STOCK_NAMESPACE,
  productNamespace(idOrSlug),
];

/** The namespaces of a list (or suggestions, categories, brands, tags). */
export const listDependencies = (options: { bySales?: boolean } = {}): string[] => [
  CATALOG_NAMESPACE,
  STOCK_NAMESPACE,
  AVAILABILITY_NAMESPACE,
  ...(options.bySales ? [SALES_NAMESPACE] : []),
];

/**
 * Invalidates every cached catalog response, on this instance and (with Redis) on all others.
 * Call it AFTER the transaction that changed the catalog commits: a reader that loads between the
 * commit and the bump stores under the old version, which nobody reads any more.
 * Reviews call it when a product's rating changes. Stock moves alone may instead bump inventory's
 * namespace (`invalidateStock`), and an order calls `invalidateOrderedProducts`.
 */
export async function invalidateCatalog(ctx: AppContext): Promise<void> {
  try {
    await ctx.cache.bump(CATALOG_NAMESPACE);
  } catch (err) {
    ctx.log.error({ err }, 'catalog cache invalidation failed');
  }
}

/** Units sold changed outside an order (e.g. an aggregation job): popularity lists only. */
export async function invalidateSales(ctx: AppContext): Promise<void> {
  try {
    await ctx.cache.bump(SALES_NAMESPACE);
  } catch (err) {
    ctx.log.error({ err }, 'catalog cache invalidation failed');
  }
}

/**
 * After an order commits: the pages of the products it sold from (by id and by slug), and all
 * lists only if a line sold its variant's last unit. What to bump comes from what the checkout's
 * statements returned (the lines' products and slugs, each variant's stock after the order): no
 * read, one cache round trip. Popularity lists follow the sales roll-up (sales-rollup.ts), not
 * the order itself.
 */
export async function invalidateOrderedProducts(
  ctx: AppContext,
  lines: ReadonlyArray<{ productId: string; productSlug: string; stockAfter: number }>,
): Promise<void> {
  if (lines.length === 0) return;
  const namespaces = new Set<string>();
  for (const line of lines) {
    namespaces.add(productNamespace(line.productId)).add(productNamespace(line.productSlug));
    // It had at least the ordered units before, so at 0 now it is this order that sold it out.
    if (line.stockAfter <= 0) namespaces.add(AVAILABILITY_NAMESPACE);
  }
  const [first, ...more] = namespaces;
  try {
    await ctx.cache.bump(first!, ...more);
  } catch (err) {
    ctx.log.warn({ err }, 'per-product invalidation failed: invalidating the whole catalog');
    await invalidateCatalog(ctx);
  }
}

/** Loads in flight on this instance, so N concurrent misses of one key cost one query (no stampede). */
const inFlightByCache = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Read-through cache keyed by the versions of the namespaces the response depends on (see
 * above): one cache round trip per hit, which reads the versions and the entry together.
 */
export async function cachedCatalog<T>(
  ctx: AppContext,
  kind: string,
  params: unknown,
  load: () => Promise<T>,
  dependsOn: string[] = listDependencies(),
): Promise<T> {
  const digest = digestOf(params);
  const stats = cacheStats(ctx.cache);
  let key: string;
  try {
    const found = await ctx.cache.getVersioned<T>(dependsOn, `${CATALOG_NAMESPACE}:${kind}:${digest}`);
    if (found.value !== undefined) {
      stats.hits++;
      return found.value;
    }
    key = versionedKey(found.stamp, `${CATALOG_NAMESPACE}:${kind}:${digest}`);
  } catch {
    stats.misses++;
    return load();
  }
  stats.misses++;
  return loadOnce(ctx, key, async () => {
    const value = await load();
    await ctx.cache.set(key, value, TTL_SECONDS).catch(() => {});
    return value;
  });
}

/** Longest parameter JSON used in a key as it is (a slug, a usual list query); longer is digested. */
const KEY_JSON_MAX = 160;

/**
 * The parameters' part of a cache key: their JSON itself when short, which costs nothing more to
 * make (a SHA-1 object per cached read was 5% of a cached product page's CPU), else its one-shot
 * SHA-1 marked with `#`, which no JSON text starts with, so the two forms never collide.
 */
function digestOf(params: unknown): string {
  const json = JSON.stringify(params);
  return json.length <= KEY_JSON_MAX ? json : `#${hash('sha1', json, 'base64url')}`;
}

/** `load` for `key`, shared with the same key's load already in flight on this instance. */
function loadOnce<T>(ctx: AppContext, key: string, load: () => Promise<T>): Promise<T> {
  let inFlight = inFlightByCache.get(ctx.cache);
  if (!inFlight) inFlightByCache.set(ctx.cache, (inFlight = new Map()));
  const pending = inFlight.get(key);
  if (pending) return pending as Promise<T>;
  const promise = load().finally(() => inFlight.delete(key));
  inFlight.set(key, promise);
  return promise;
}

/**
 * Which asks a cached response is looked up and stored on: `always`, or `asked-thrice` for
 * responses whose keys are mostly asked once or twice (a list with the price floor one shopper
 * typed): the first two times this instance is asked for such a key it renders it from the
 * database without touching the cache (no lookup round trip, no page-sized write); from the third
 * ask on, under any version, it is looked up and stored on a miss. A page asked once or twice
 * then costs no cache round trip at all, and a page asked more is stored on its third ask and on
 * its first miss after an invalidation. Skipping the lookup is never stale: the database is what
 * the cache copies. (Stored from the second ask, the uncached-list bench stored 20 pages per hit:
 * 3,372 page writes to Redis for 170 hits in 34,553 requests.)
 */
export type Admission = 'always' | 'asked-thrice';

/**
 * Keys (without versions) this instance has been asked for, with how many times, in two
 * generations: when the newer one is full the older is dropped, so asks among the last
 * 10,000–20,000 distinct keys are remembered and a popular key never drops out all at once.
 */
class AskedKeys {
  private recent = new Map<string, number>();
  private older = new Map<string, number>();
  static readonly GENERATION = 10_000;

  /** How many times `key` was asked before (as far as remembered); remembers this ask. */
  asksBefore(key: string): number {
    const recent = this.recent.get(key);
    const before = (recent ?? 0) + (this.older.get(key) ?? 0);
    if (recent === undefined && this.recent.size >= AskedKeys.GENERATION) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(key, (recent ?? 0) + 1);
    return before;
  }
}

const askedByCache = new WeakMap<object, AskedKeys>();

function asksBefore(cache: object, key: string): number {
  let asked = askedByCache.get(cache);
  if (!asked) askedByCache.set(cache, (asked = new AskedKeys()));
  return asked.asksBefore(key);
}

/** The bytes that stand for "nothing to show" (a 404) in the cache: no page's JSON is empty. */
const NOTHING = Buffer.alloc(0);

/**
 * A customer's catalog response, cached as the JSON bytes the route sends: a hit is a Buffer handed
 * to the socket, with no object rebuilt from the entry, nothing serialized or encoded again, and
 * (while no catalog version moved) no entry fetched from Redis: see Cache.getVersionedText.
 * `render` makes the text on a miss with the route's own serializer, so a hit is byte for byte what
 * the miss sent; null means "nothing to show" (a 404), cached like a page.
 */
export async function cachedCatalogResponse<T extends string | null>(
  ctx: AppContext,
  kind: string,
  params: unknown,
  render: () => Promise<T>,
  dependsOn: string[],
  admission: Admission = 'always',
): Promise<Buffer | Extract<T, null>> {
  // Its own kind: the entries hold bytes, never the objects other readers cache under `kind`.
  const key = `${CATALOG_NAMESPACE}:${kind}-text:${digestOf(params)}`;
  const stats = cacheStats(ctx.cache);
  // Only a render that can answer null ever stores the empty text, so null is one of T's values.
  const fromText = (text: Buffer) => (text.length === 0 ? null : text) as Buffer | Extract<T, null>;
  if (admission === 'asked-thrice' && asksBefore(ctx.cache, key) < 2) {
    stats.misses++;
    const text = await render();
    return fromText(text === null ? NOTHING : Buffer.from(text));
  }
  let stamp: string;
  try {
    const found = await ctx.cache.getVersionedText(dependsOn, key);
    if (found.value !== undefined) {
      stats.hits++;
      return fromText(found.value);
    }
    stamp = found.stamp;
  } catch {
    stats.misses++;
    const text = await render();
    return fromText(text === null ? NOTHING : Buffer.from(text));
  }
  stats.misses++;
  const text = await loadOnce(ctx, versionedKey(stamp, key), async () => {
    const rendered = await render();
    const bytes = rendered === null ? NOTHING : Buffer.from(rendered);
    await ctx.cache.setVersionedText(stamp, key, bytes, TTL_SECONDS).catch(() => {});
    return bytes;
  });
  return fromText(text);
}
