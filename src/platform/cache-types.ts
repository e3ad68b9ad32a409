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
   * Like getVersioned, for text stored as bytes with `setVersionedText` (a response's JSON: no
   * wrapper to parse, handed to the socket as it is). Hits are served from an in-process copy
   * while no namespace version changed anywhere since this read began (RedisCache: one small
   * shared read per batch of lookups instead of fetching the entry per hit).
   */
  getVersionedText(namespaces: string[], key: string): Promise<{ stamp: string; value: Buffer | undefined }>;
  /** Stores `text` for `getVersionedText` under `stamp` (the one it returned). */
  setVersionedText(stamp: string, key: string, text: Buffer, ttlSeconds: number): Promise<void>;
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
