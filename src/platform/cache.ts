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
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  private readonly lru = new LRUCache<string, { json: string }>({ max: 10_000 });
  private readonly counters = new Map<string, number>();

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
  async ping(): Promise<void> {}
  async close(): Promise<void> {
    this.lru.clear();
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
