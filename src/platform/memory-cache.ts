import { LRUCache } from 'lru-cache';
import { versionedKey, type Cache, type Counter } from './cache-types';

/**
 * Bytes of text entries kept in process (per cache): bounded, least recently used first out.
 * Entries under stamps a bump made old are never read again and wait here for eviction, so the
 * bound is what they can add to the RSS (issue 13's 200 MB budget). Measured on the seeded
 * catalog: 3.8 KB a product page (all 500: 1.9 MB), 12.6 KB a list page of 20.
 */
const LOCAL_TEXT_BYTES = 16 * 1024 * 1024;

export const localTexts = () =>
  new LRUCache<string, Buffer>({
    maxSize: LOCAL_TEXT_BYTES,
    // An empty text (e.g. "nothing to show") still takes a slot.
    sizeCalculation: (text) => text.length + 1,
  });

export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  readonly state = 'off' as const;
  private readonly lru = new LRUCache<string, { json: string }>({ max: 10_000 });
  private readonly counters = new Map<string, number>();
  private readonly windows = new LRUCache<string, { count: number; expiresAt: number }>({ max: 100_000 });
  private readonly texts = localTexts();

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
  async getVersionedText(
    namespaces: string[],
    key: string,
  ): Promise<{ stamp: string; value: Buffer | undefined }> {
    const stamp = namespaces.map((ns) => this.counters.get(ns) ?? 0).join('.');
    return { stamp, value: this.texts.get(versionedKey(stamp, key)) };
  }
  async setVersionedText(stamp: string, key: string, text: Buffer, ttlSeconds: number): Promise<void> {
    this.texts.set(versionedKey(stamp, key), text, { ttl: ttlSeconds * 1000 });
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
    this.texts.clear();
  }
}
