import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { createRedisClient } from './redis';

/**
 * A cache of values that can always be rebuilt from PostgreSQL. In-process (single instance) by
 * default; Redis when REDIS_URL is set, so every instance sees the same entries and invalidations.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  /** Redis as /health/ready reports it: 'off' without REDIS_URL, 'degraded' while it is away. */
  readonly state: 'ok' | 'degraded' | 'off';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /**
   * Namespace versions: keys built with the current version of a namespace are all invalidated at
   * once by `bump`, and a reader that loaded old data before the bump can only store it under the
   * old version, which nobody reads any more.
   */
  version(namespace: string): Promise<number>;
  /** Bumps every namespace given (one round trip); returns the first one's new version. */
  bump(namespace: string, ...more: string[]): Promise<number>;
  /**
   * The entry `key` as stored under the current versions of `namespaces`, in ONE round trip
   * (versions and entry read together). `stamp` names those versions: store a miss with
   * `set(versionedKey(stamp, key), …)`, so a value loaded before a bump lands under the old stamp.
   */
  getVersioned<T>(namespaces: string[], key: string): Promise<{ stamp: string; value: T | undefined }>;
  /**
   * Atomic fixed-window counter (rate limits, login throttling): adds `amount` (default 1) and
   * returns the new count and the milliseconds until the window closes. The window starts with the
   * first increment and lasts `windowMs`; the counter then disappears.
   */
  increment(key: string, windowMs: number, amount?: number): Promise<Counter>;
  /** Takes back one increment (a reserved attempt that did not count); never below 0, window unchanged. */
  decrement(key: string): Promise<void>;
  /** The counter's current value (0 when absent or expired), without changing it. */
  peekCounter(key: string): Promise<Counter>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Counter {
  count: number;
  /** Milliseconds until the counter's window closes (0 when it does not exist). */
  resetInMs: number;
}

/** The key an entry read by `getVersioned` is stored under. */
export const versionedKey = (stamp: string, key: string): string => `v${stamp}:${key}`;

export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  readonly state = 'off' as const;
  private readonly lru = new LRUCache<string, { json: string }>({ max: 10_000 });
  private readonly counters = new Map<string, number>();
  private readonly windows = new LRUCache<string, { count: number; expiresAt: number }>({ max: 100_000 });

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.lru.get(key);
    // Stored as JSON so callers get a fresh copy, exactly as they would from Redis.
    return entry ? (JSON.parse(entry.json) as T) : undefined;
  }
  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    this.lru.set(key, { json: JSON.stringify(value) }, { ttl: ttlSeconds * 1000 });
  }
  async del(...keys: string[]): Promise<void> {
    for (const key of keys) this.lru.delete(key);
  }
  async version(namespace: string): Promise<number> {
    return this.counters.get(namespace) ?? 0;
  }
  async bump(namespace: string, ...more: string[]): Promise<number> {
    for (const other of more) this.counters.set(other, (this.counters.get(other) ?? 0) + 1);
    const next = (this.counters.get(namespace) ?? 0) + 1;
    this.counters.set(namespace, next);
    return next;
  }
  async getVersioned<T>(namespaces: string[], key: string): Promise<{ stamp: string; value: T | undefined }> {
    const stamp = namespaces.map((ns) => this.counters.get(ns) ?? 0).join('.');
    return { stamp, value: await this.get<T>(versionedKey(stamp, key)) };
  }
  async increment(key: string, windowMs: number, amount = 1): Promise<Counter> {
    const now = Date.now();
    const current = this.windows.get(key);
    const entry =
      current && current.expiresAt > now
        ? { count: current.count + amount, expiresAt: current.expiresAt }
        : { count: amount, expiresAt: now + windowMs };
    this.windows.set(key, entry, { ttl: entry.expiresAt - now });
    return { count: entry.count, resetInMs: entry.expiresAt - now };
  }
  async decrement(key: string): Promise<void> {
    const current = this.windows.get(key);
    if (!current || current.expiresAt <= Date.now()) return;
    current.count = Math.max(0, current.count - 1);
  }
  async peekCounter(key: string): Promise<Counter> {
    const now = Date.now();
    const current = this.windows.get(key);
    if (!current || current.expiresAt <= now) return { count: 0, resetInMs: 0 };
    return { count: current.count, resetInMs: current.expiresAt - now };
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {
    this.lru.clear();
    this.windows.clear();
  }
}

/** Thrown by RedisCache.version while Redis is away, so callers load from PostgreSQL directly. */
export class CacheUnavailableError extends Error {
  override name = 'CacheUnavailableError';
}

const RETRY_MS = 1_000;
const EPOCH_REFRESH_MS = 2_000;
/** getVersioned in one round trip: the namespaces' versions, then the entry stored under them. */
const VERSIONED_GET = `local versions = {}
for i, name in ipairs(KEYS) do versions[i] = redis.call('GET', name) or '0' end
local stamp = table.concat(versions, '.')
return {stamp, redis.call('GET', ARGV[1] .. 'v' .. stamp .. ':' .. ARGV[2])}`;

/**
 * Redis-backed cache that degrades instead of failing. While Redis is away (or a command fails)
 * reads miss, writes are skipped, and counters (rate limits, login throttling) are kept in
 * process. Every entry key carries the cache epoch (`e<epoch>:`): after any outage the first
 * successful command increments the epoch, so entries that an invalidation missed during the
 * outage are never read again (a product changed meanwhile is loaded fresh). Instances that did
 * not see the outage pick the new epoch up within EPOCH_REFRESH_MS.
 */
export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  readonly redis: Redis;
  private usable = false;
  private epoch = 0;
  /** An invalidation may have been missed: bump the epoch before trusting entries again. */
  private mustFlush = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly refreshTimer: NodeJS.Timeout;
  private readonly localCounters = new MemoryCache();
  private warnedCounters = false;
  private readonly firstReady: Promise<void>;
  private settleFirst: () => void = () => {};

  constructor(
    url: string,
    keyPrefix = 'bazaar:',
    private readonly log?: Logger,
  ) {
    this.firstReady = new Promise<void>((resolve) => (this.settleFirst = resolve));
    setTimeout(() => this.settleFirst(), 2_000).unref();
    this.redis = createRedisClient(url, {
      role: 'cache',
      log,
      keyPrefix,
      onStateChange: (state) => (state === 'ok' ? void this.recover() : this.degrade()),
    });
    this.refreshTimer = setInterval(() => void this.refreshEpoch(), EPOCH_REFRESH_MS).unref();
  }

  /** 'ok' while entries and counters live in Redis; 'degraded' while they don't. */
  get state(): 'ok' | 'degraded' {
    return this.usable ? 'ok' : 'degraded';
  }

  private async whenUsable(): Promise<boolean> {
    if (!this.usable) await this.firstReady;
    return this.usable;
  }

  private degrade(): void {
    if (this.usable) this.mustFlush = true;
    this.usable = false;
    this.settleFirst();
    this.scheduleRecovery();
  }

  private failed(): void {
    // A command that failed may have been an invalidation: flush once Redis answers again.
    this.mustFlush = true;
    this.degrade();
  }

  private scheduleRecovery(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.redis.status === 'ready') void this.recover();
    }, RETRY_MS);
    this.retryTimer.unref();
  }

  private async recover(): Promise<void> {
    if (this.closed || this.usable) return;
    try {
      this.epoch = this.mustFlush
        ? await this.redis.incr('cache-epoch')
        : Number((await this.redis.get('cache-epoch')) ?? 0);
      this.mustFlush = false;
      this.usable = true;
      this.warnedCounters = false;
      this.settleFirst();
    } catch {
      this.scheduleRecovery();
    }
  }

  private async refreshEpoch(): Promise<void> {
    if (!this.usable) return;
    try {
      this.epoch = Math.max(this.epoch, Number((await this.redis.get('cache-epoch')) ?? 0));
    } catch {
      this.failed();
    }
  }

  private entry(key: string): string {
    return `e${this.epoch}:${key}`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (!(await this.whenUsable())) return undefined;
    try {
      const raw = await this.redis.get(this.entry(key));
      return raw === null ? undefined : (JSON.parse(raw) as T);
    } catch {
      this.failed();
      return undefined;
    }
  }
  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (!(await this.whenUsable())) return;
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    await this.redis.set(this.entry(key), JSON.stringify(value), 'EX', ttl).catch(() => this.failed());
  }
  async del(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    if (!(await this.whenUsable())) return void (this.mustFlush = true);
    await this.redis.del(...keys.map((key) => this.entry(key))).catch(() => this.failed());
  }
  async version(namespace: string): Promise<number> {
    if (!(await this.whenUsable())) throw new CacheUnavailableError('redis is unavailable');
    try {
      return Number((await this.redis.get(this.entry(`version:${namespace}`))) ?? 0);
    } catch (error) {
      this.failed();
      throw error;
    }
  }
  async bump(namespace: string, ...more: string[]): Promise<number> {
    // While Redis is away the entries are out of reach; the epoch bump on its return drops them.
    if (!(await this.whenUsable())) {
      this.mustFlush = true;
      return 0;
    }
    try {
      if (more.length === 0) return await this.redis.incr(this.entry(`version:${namespace}`));
      const batch = this.redis.multi();
      for (const ns of [namespace, ...more]) batch.incr(this.entry(`version:${ns}`));
      const results = (await batch.exec()) ?? [];
      if (results.some(([error]) => error)) throw new Error('cache bump failed');
      return Number(results[0]?.[1] ?? 0);
    } catch {
      this.failed();
      return 0;
    }
  }
  async getVersioned<T>(namespaces: string[], key: string): Promise<{ stamp: string; value: T | undefined }> {
    if (!(await this.whenUsable())) throw new CacheUnavailableError('redis is unavailable');
    try {
      // ioredis prefixes KEYS; the entry's key is built in the script, so it gets the prefix here.
      const [stamp, raw] = (await this.redis.eval(
        VERSIONED_GET,
        namespaces.length,
        ...namespaces.map((ns) => this.entry(`version:${ns}`)),
        `${this.redis.options.keyPrefix ?? ''}${this.entry('')}`,
        key,
      )) as [string, string | null];
      return { stamp, value: raw === null ? undefined : (JSON.parse(raw) as T) };
    } catch (error) {
      this.failed();
      throw error;
    }
  }
  async increment(key: string, windowMs: number, amount = 1): Promise<Counter> {
    if (await this.whenUsable()) {
      try {
        return await this.redisIncrement(key, windowMs, amount);
      } catch {
        this.failed();
      }
    }
    this.warnLocalCounters();
    return this.localCounters.increment(key, windowMs, amount);
  }
  private async redisIncrement(key: string, windowMs: number, amount: number): Promise<Counter> {
    // One round trip, atomic: the first increment of a window sets its expiry.
    const [count, ttl] = (await this.redis.eval(
      `local n = redis.call('INCRBY', KEYS[1], ARGV[2])
       local t = redis.call('PTTL', KEYS[1])
       if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
       return {n, t}`,
      1,
      `counter:${key}`,
      Math.max(1, Math.ceil(windowMs)),
      amount,
    )) as [number, number];
    return { count, resetInMs: ttl };
  }
  async decrement(key: string): Promise<void> {
    await this.redis.eval(
      `if redis.call('GET', KEYS[1]) and tonumber(redis.call('GET', KEYS[1])) > 0 then
         redis.call('DECR', KEYS[1])
       end
       return 0`,
      1,
      `counter:${key}`,
    );
  }
  async peekCounter(key: string): Promise<Counter> {
    if (await this.whenUsable()) {
      try {
        const [[, raw], [, ttl]] = (await this.redis
          .multi()
          .get(`counter:${key}`)
          .pttl(`counter:${key}`)
          .exec()) as [[unknown, string | null], [unknown, number]];
        if (raw === null || ttl === -2) return { count: 0, resetInMs: 0 };
        return { count: Number(raw), resetInMs: Math.max(0, ttl) };
      } catch {
        this.failed();
      }
    }
    this.warnLocalCounters();
    return this.localCounters.peekCounter(key);
  }
  private warnLocalCounters(): void {
    if (this.warnedCounters) return;
    this.warnedCounters = true;
    this.log?.warn(
      'redis unavailable: rate limits and login throttling count in this process until it is back',
    );
  }
  async ping(): Promise<void> {
    await this.redis.ping();
  }
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.refreshTimer);
    clearTimeout(this.retryTimer);
    this.settleFirst();
    this.redis.disconnect();
    await this.localCounters.close();
  }
}

export function createCache(redisUrl: string | undefined, keyPrefix?: string, log?: Logger): Cache {
  return redisUrl ? new RedisCache(redisUrl, keyPrefix, log) : new MemoryCache();
}

/** Read-through lookups per cache (for bazaar_cache_hits_total / misses_total). */
const lookups = new WeakMap<Cache, { hits: number; misses: number }>();

export function cacheStats(cache: Cache): { hits: number; misses: number } {
  let stats = lookups.get(cache);
  if (!stats) lookups.set(cache, (stats = { hits: 0, misses: 0 }));
  return stats;
}

/**
 * Read-through: returns the cached value, or loads, stores and returns it. A cache failure
 * degrades to a direct load; it never fails the request, since PostgreSQL is the truth.
 */
export async function cached<T>(
  cache: Cache,
  key: string,
  ttlSeconds: number,
  load: () => Promise<T>,
): Promise<T> {
  const stats = cacheStats(cache);
  try {
    const hit = await cache.get<T>(key);
    if (hit !== undefined) {
      stats.hits++;
      return hit;
    }
  } catch {
    stats.misses++;
    return load();
  }
  stats.misses++;
  const value = await load();
  await cache.set(key, value, ttlSeconds).catch(() => {});
  return value;
}
