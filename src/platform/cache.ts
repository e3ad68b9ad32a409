import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/**
 * A cache of values that can always be rebuilt from PostgreSQL. In-process (single instance) by
 * default; Redis when REDIS_URL is set, so every instance sees the same entries and invalidations.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /**
   * Namespace versions: keys built with the current version of a namespace are all invalidated at
   * once by `bump`, and a reader that loaded old data before the bump can only store it under the
   * old version, which nobody reads any more.
   */
  version(namespace: string): Promise<number>;
  bump(namespace: string): Promise<number>;
  /**
   * Atomic fixed-window counter (rate limits, login throttling): adds 1 and returns the new count
   * and the milliseconds until the window closes. The window starts with the first increment and
   * lasts `windowMs`; the counter then disappears.
   */
  increment(key: string, windowMs: number): Promise<Counter>;
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

export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
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
  async bump(namespace: string): Promise<number> {
    const next = (this.counters.get(namespace) ?? 0) + 1;
    this.counters.set(namespace, next);
    return next;
  }
  async increment(key: string, windowMs: number): Promise<Counter> {
    const now = Date.now();
    const current = this.windows.get(key);
    const entry =
      current && current.expiresAt > now
        ? { count: current.count + 1, expiresAt: current.expiresAt }
        : { count: 1, expiresAt: now + windowMs };
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

export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  readonly redis: Redis;

  constructor(url: string, keyPrefix = 'bazaar:') {
    this.redis = new Redis(url, {
      keyPrefix,
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      connectTimeout: 2_000,
    });
    // Connection errors surface through the commands (and /health/ready), not as crashes.
    this.redis.on('error', () => {});
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }
  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }
  async del(...keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys);
  }
  async version(namespace: string): Promise<number> {
    return Number((await this.redis.get(`version:${namespace}`)) ?? 0);
  }
  async bump(namespace: string): Promise<number> {
    return this.redis.incr(`version:${namespace}`);
  }
  async increment(key: string, windowMs: number): Promise<Counter> {
    // One round trip, atomic: the first increment of a window sets its expiry.
    const [count, ttl] = (await this.redis.eval(
      `local n = redis.call('INCR', KEYS[1])
       local t = redis.call('PTTL', KEYS[1])
       if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
       return {n, t}`,
      1,
      `counter:${key}`,
      Math.max(1, Math.ceil(windowMs)),
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
    const [[, raw], [, ttl]] = (await this.redis
      .multi()
      .get(`counter:${key}`)
      .pttl(`counter:${key}`)
      .exec()) as [[unknown, string | null], [unknown, number]];
    if (raw === null || ttl === -2) return { count: 0, resetInMs: 0 };
    return { count: Number(raw), resetInMs: Math.max(0, ttl) };
  }
  async ping(): Promise<void> {
    await this.redis.ping();
  }
  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

export function createCache(redisUrl: string | undefined, keyPrefix?: string): Cache {
  return redisUrl ? new RedisCache(redisUrl, keyPrefix) : new MemoryCache();
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
  try {
    const hit = await cache.get<T>(key);
    if (hit !== undefined) return hit;
  } catch {
    return load();
  }
  const value = await load();
  await cache.set(key, value, ttlSeconds).catch(() => {});
  return value;
}
