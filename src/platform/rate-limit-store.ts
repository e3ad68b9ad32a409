import { isIPv6 } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Cache, Counter } from './cache';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** How often an instance adds the reads it counted to the shared counters. */
export const RATE_LIMIT_SYNC_MS = 250;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const READ = 'read|';
const WRITE = 'write|';

/** An IPv6 client is its /64 (one customer's allocation), as the plugin's own key generator does. */
export function clientNetwork(ip: string): string {
  if (!isIPv6(ip)) return ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The rate-limit key of a request: the client's network, marked read or write so the store knows
 * whether it may count in process (reads) or must count in the shared counter at once (writes).
 * Both kinds share one budget per client.
 */
export function rateLimitKey(request: FastifyRequest): string {
  return `${READ_METHODS.has(request.method) ? READ : WRITE}${clientNetwork(request.ip)}`;
}

interface Window {
  windowMs: number;
  resetAt: number;
  /** The shared count as last seen (this instance's synced counts included). */
  shared: number;
  /** Counted here, not yet added to the shared counter. */
  pending: number;
}

/**
 * Fixed-window counts kept in process and added to the shared counter (Redis when configured) in
 * the background, every RATE_LIMIT_SYNC_MS: a read costs no round trip. A write adds this
 * instance's pending reads and itself in one atomic round trip, so writes see every count synced
 * so far. Across instances reads can overshoot the limit by what the others counted in the last
 * sync interval; within one instance counting is exact.
 */
export class SyncedCounters {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly cache: Cache,
    private readonly syncMs = RATE_LIMIT_SYNC_MS,
  ) {}

  countLocally(key: string, windowMs: number): Counter {
    const window = this.current(key, windowMs);
    window.pending += 1;
    this.scheduleSync();
    return { count: window.shared + window.pending, resetInMs: window.resetAt - Date.now() };
  }

  async countShared(key: string, windowMs: number): Promise<Counter> {
    const window = this.current(key, windowMs);
    const amount = window.pending + 1;
    window.pending = 0;
    try {
      return this.learn(window, await this.cache.increment(key, windowMs, amount));
    } catch (error) {
      window.pending += amount;
      throw error;
    }
  }

  peek(key: string): Counter {
    const window = this.windows.get(key);
    const now = Date.now();
    if (!window || window.resetAt <= now) return { count: 0, resetInMs: 0 };
    return { count: window.shared + window.pending, resetInMs: window.resetAt - now };
  }

  /** Adds every pending count to the shared counters and learns what the other instances counted. */
  async sync(): Promise<void> {
    this.timer = undefined;
    const now = Date.now();
    const syncs: Promise<void>[] = [];
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
      else if (window.pending > 0) syncs.push(this.syncOne(key, window));
    }
    await Promise.all(syncs);
  }

  private async syncOne(key: string, window: Window): Promise<void> {
    const amount = window.pending;
    window.pending = 0;
    try {
      this.learn(window, await this.cache.increment(key, window.windowMs, amount));
    } catch {
      window.pending += amount; // tried again at the next sync
      this.scheduleSync();
    }
  }

  private current(key: string, windowMs: number): Window {
    const existing = this.windows.get(key);
    if (existing && existing.resetAt > Date.now()) return existing;
    const fresh = { windowMs, resetAt: Date.now() + windowMs, shared: 0, pending: 0 };
    this.windows.set(key, fresh);
    return fresh;
  }

  private learn(window: Window, shared: Counter): Counter {
    window.shared = shared.count;
    window.resetAt = Date.now() + shared.resetInMs;
    return { count: shared.count + window.pending, resetInMs: shared.resetInMs };
  }

  private scheduleSync(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.sync(), this.syncMs);
    this.timer.unref();
  }
}

/**
 * A @fastify/rate-limit store on SyncedCounters over the context's cache: Redis when configured
 * (every instance shares the limits), in process otherwise, and in process while Redis is away (the
 * cache falls back by itself), so an outage never turns into 500s or an open door.
 */
export function cacheRateLimitStore(cache: Cache) {
  const counters = new SyncedCounters(cache);
  return class CacheRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = 'rate-limit:',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      const reply = ({ count, resetInMs }: Counter) => callback(null, { current: count, ttl: resetInMs });
      if (key.startsWith(READ)) return reply(counters.countLocally(this.shared(key), timeWindow));
      counters.countShared(this.shared(key), timeWindow).then(reply, (error: Error) => callback(error));
    }

    read(key: string, callback: Callback): void {
      const { count, resetInMs } = counters.peek(this.shared(key));
      callback(null, { current: count, ttl: resetInMs });
    }

    // Typed as RouteOptions by the plugin; at run time it is the route's merged limit settings.
    child(routeOptions: object) {
      const { method, url } = (routeOptions as { routeInfo: { method: string; url: string } }).routeInfo;
      return new CacheRateLimitStore(undefined, `${this.prefix}${method}${url}-`);
    }

    private shared(key: string): string {
      return `${this.prefix}${key.slice(key.indexOf('|') + 1)}`;
    }
  };
}
