import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRedisClient } from './redis';
import { versionedKey, type Cache, type Counter } from './cache-types';
import { localTexts, MemoryCache } from './memory-cache';
import { BumpFeed, bumpChannel, bumpMessage } from './bump-feed';
import { VersionWatch } from './version-watch';

export { versionedKey, type Cache, type Counter } from './cache-types';
export { MemoryCache } from './memory-cache';

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
/** Incremented with every namespace bump (same transaction): "did any version change?" in one read. */
const VERSION_SEQUENCE = 'version-seq';

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
  /** Text entries kept in process, by epoch and versioned key (see getVersionedText). */
  private readonly texts = localTexts();
  private readonly watch = new VersionWatch(async () => {
    const epoch = this.epoch;
    return `${epoch}:${(await this.redis.get(this.entry(VERSION_SEQUENCE))) ?? 0}`;
  });
  /** Tells `watch` of every bump, on any instance, through Redis pub/sub (see BumpFeed). */
  private readonly feed: BumpFeed;
  private readonly channel: string;

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
    this.channel = bumpChannel(keyPrefix);
    this.feed = new BumpFeed(url, this.channel, this.watch, (epoch) => this.epochRead(epoch), log);
  }

  /** An epoch read or announced: a higher one drops what this instance knows of the versions. */
  private epochRead(epoch: number): void {
    if (epoch <= this.epoch) return;
    this.epoch = epoch;
    this.watch.moved();
  }

  /** 'ok' while entries and counters live in Redis; 'degraded' while they don't. */
  get state(): 'ok' | 'degraded' {
    return this.usable ? 'ok' : 'degraded';
  }

  /** Whether hits are served without a Redis read: the bump feed is confirmed (VersionWatch). */
  get feedConfirmed(): boolean {
    return this.watch.confirmed();
  }

  /** Resolves once every bump completed before the call is known to this instance (≤ TRUST_MS). */
  caughtUp(): Promise<void> {
    return this.watch.caughtUp();
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
      const flushed = this.mustFlush;
      const epoch = flushed
        ? await this.redis.incr('cache-epoch')
        : Number((await this.redis.get('cache-epoch')) ?? 0);
      this.epoch = epoch;
      this.watch.moved();
      // The other instances drop what they know at once rather than at their next epoch read.
      if (flushed) await this.redis.publish(this.channel, `epoch:${epoch}`);
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
      this.epochRead(Number((await this.redis.get('cache-epoch')) ?? 0));
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
      const batch = this.redis.multi();
      const namespaces = [namespace, ...more];
      for (const ns of namespaces) batch.incr(this.entry(`version:${ns}`));
      // In the same transaction: an instance that reads the sequence after this bump sees it moved,
      // and every instance's feed gets the message before the answer to a later PING.
      batch.incr(this.entry(VERSION_SEQUENCE));
      batch.publish(this.channel, bumpMessage(namespaces));
      const results = (await batch.exec()) ?? [];
      // Before the caller acknowledges its write: this instance's own reads see it at once.
      this.watch.moved(namespaces);
      if (results.some(([error]) => error)) throw new Error('cache bump failed');
      return Number(results[0]?.[1] ?? 0);
    } catch {
      this.failed();
      return 0;
    }
  }
  /** VERSIONED_GET's EVAL arguments. ioredis prefixes KEYS; the entry's key is built in the script, so it gets the prefix here. */
  private versionedGetArgs(namespaces: string[], key: string): [string, number, ...string[]] {
    return [
      VERSIONED_GET,
      namespaces.length,
      ...namespaces.map((ns) => this.entry(`version:${ns}`)),
      `${this.redis.options.keyPrefix ?? ''}${this.entry('')}`,
      key,
    ];
  }
  async getVersioned<T>(namespaces: string[], key: string): Promise<{ stamp: string; value: T | undefined }> {
    if (!(await this.whenUsable())) throw new CacheUnavailableError('redis is unavailable');
    try {
      const [stamp, raw] = (await this.redis.eval(...this.versionedGetArgs(namespaces, key))) as [
        string,
        string | null,
      ];
      return { stamp, value: raw === null ? undefined : (JSON.parse(raw) as T) };
    } catch (error) {
      this.failed();
      throw error;
    }
  }
  /**
   * Served from the in-process copy when this instance knows the namespaces' current stamp and holds
   * the entry under it; otherwise versions and entry are read from Redis in one round trip (as
   * getVersioned, as bytes). The stamps known in process are dropped at every bump, on any
   * instance: the bump feed (pub/sub, confirmed by a PING every 100 ms) reports them, and a hit
   * costs no Redis command. While the feed is not confirmed (connecting, Redis slow or away), each
   * call waits instead for a read of the version sequence SENT AFTER the call began, shared by the
   * calls that arrive meanwhile (VersionWatch; docs/caching.md has the guarantees).
   */
  async getVersionedText(
    namespaces: string[],
    key: string,
  ): Promise<{ stamp: string; value: Buffer | undefined }> {
    // The usual case (Redis up) without awaiting whenUsable's promise.
    if (!this.usable && !(await this.whenUsable())) throw new CacheUnavailableError('redis is unavailable');
    try {
      const token = await this.watch.current();
      const known = this.watch.stamp(namespaces.join(' '));
      const local = known === undefined ? undefined : this.texts.get(this.localKey(known, key));
      if (local) return { stamp: known!, value: local };
      // As getVersioned, with the reply as bytes.
      const [stampBytes, raw] = (await this.redis.callBuffer(
        'EVAL',
        ...this.versionedGetArgs(namespaces, key),
      )) as [Buffer, Buffer | null];
      const stamp = stampBytes.toString();
      this.watch.remember(token, namespaces, stamp);
      if (raw !== null) this.texts.set(this.localKey(stamp, key), raw);
      return { stamp, value: raw ?? undefined };
    } catch (error) {
      this.failed();
      throw error;
    }
  }
  async setVersionedText(stamp: string, key: string, text: Buffer, ttlSeconds: number): Promise<void> {
    if (!(await this.whenUsable())) return;
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    this.texts.set(this.localKey(stamp, key), text, { ttl: ttl * 1000 });
    await this.redis.set(this.entry(versionedKey(stamp, key)), text, 'EX', ttl).catch(() => this.failed());
  }
  private localKey(stamp: string, key: string): string {
    return this.entry(versionedKey(stamp, key));
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
    this.feed.close();
    this.settleFirst();
    this.redis.disconnect();
    this.texts.clear();
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
