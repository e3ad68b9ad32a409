import { isIPv6 } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Cache, Counter } from './cache';
import { AppError } from './errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: the route is never rate limited (health checks, metrics, payment webhooks). */
    rateLimit?: false;
  }
}

/** How often an instance adds the reads it counted to the shared counters. */
export const RATE_LIMIT_SYNC_MS = 250;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const KEY_PREFIX = 'rate-limit:';

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

interface Window {
  windowMs: number;
  resetAt: number;
  /** The shared count as last seen (this instance's synced counts included). */
  shared: number;
  /** Counted here, not yet added to the shared counter. */
  pending: number;
  /**
   * Counted here and on its way to the shared counter (a sync's or a write's increment in flight):
   * still counted by this instance's reads until the answer's shared count includes it.
   */
  sending: number;
  /** A write's increment is on its way to the shared counter. */
  inFlight?: boolean;
  /** Writes waiting for the next increment. */
  waiting?: Array<{ resolve: (counter: Counter) => void; reject: (error: unknown) => void }> | undefined;
}

/** What this instance knows of a window's count: the shared counter's, plus its own in flight and not yet sent. */
const counted = (window: Window) => window.shared + window.sending + window.pending;

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
    return { count: counted(window), resetInMs: window.resetAt - Date.now() };
  }

  /**
   * A write: counted in the shared counter at once. Writes of one key that arrive while its
   * increment is in flight go together in the next one (one round trip for the batch, each write
   * told its own count, as if sent one by one), so a burst costs a round trip per batch, not per
   * request, and stays exact across instances.
   */
  countShared(key: string, windowMs: number): Promise<Counter> {
    const window = this.current(key, windowMs);
    return new Promise<Counter>((resolve, reject) => {
      (window.waiting ??= []).push({ resolve, reject });
      if (!window.inFlight) this.sendShared(key, window);
    });
  }

  private sendShared(key: string, window: Window): void {
    const batch = window.waiting ?? [];
    window.waiting = undefined;
    const reads = window.pending;
    const amount = reads + batch.length;
    window.pending = 0;
    window.sending += reads;
    window.inFlight = true;
    const settle = () => {
      window.inFlight = false;
      if (window.waiting?.length) this.sendShared(key, window);
    };
    this.cache.increment(key, window.windowMs, amount).then(
      (shared) => {
        window.sending -= reads;
        const { count, resetInMs } = this.learn(window, shared);
        // The batch's writes are the last `batch.length` of the count, in arrival order.
        batch.forEach((write, i) => write.resolve({ count: count - (batch.length - 1 - i), resetInMs }));
        settle();
      },
      (error: unknown) => {
        window.sending -= reads;
        window.pending += amount; // tried again at the next sync, as counts of this instance
        for (const write of batch) write.reject(error);
        settle();
      },
    );
  }

  peek(key: string): Counter {
    const window = this.windows.get(key);
    const now = Date.now();
    if (!window || window.resetAt <= now) return { count: 0, resetInMs: 0 };
    return { count: counted(window), resetInMs: window.resetAt - now };
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
    window.sending += amount;
    try {
      const shared = await this.cache.increment(key, window.windowMs, amount);
      window.sending -= amount;
      this.learn(window, shared);
    } catch {
      window.sending -= amount;
      window.pending += amount; // tried again at the next sync
      this.scheduleSync();
    }
  }

  private current(key: string, windowMs: number): Window {
    const existing = this.windows.get(key);
    if (existing && existing.resetAt > Date.now()) return existing;
    const fresh = { windowMs, resetAt: Date.now() + windowMs, shared: 0, sending: 0, pending: 0 };
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
 * The general rate limit: RATE_LIMIT_MAX requests per client network (reads and writes on one
 * budget) per fixed window, on SyncedCounters over the context's cache (Redis when configured: every
 * instance shares the limits; in process otherwise, and while Redis is away, as the cache falls back
 * by itself; a failed count never fails a request). Over the limit: 429 RATE_LIMITED with
 * Retry-After and X-RateLimit-* (API.md). A route opts out with `config: { rateLimit: false }`.
 *
 * Added to each route's onRequest hooks as it is registered. A read is counted in process and
 * answered synchronously: no promise, no key generator or options object per request (as
 * @fastify/rate-limit's async hook did, 4% of a cached product page's CPU).
 */
/** The limit hooks registerRateLimit made: route guards added later go after them (guardRoutesUnder). */
const limitHooks = new WeakSet<object>();
export const isRateLimitHook = (hook: object): boolean => limitHooks.has(hook);

export function registerRateLimit(
  app: FastifyInstance,
  options: { cache: Cache; max: number; windowMs: number },
): void {
  const { max, windowMs } = options;
  const counters = new SyncedCounters(options.cache);
  const verdict = (reply: FastifyReply, { count, resetInMs }: Counter): AppError | undefined => {
    if (count <= max) return undefined;
    const seconds = Math.max(1, Math.ceil(resetInMs / 1000));
    reply.headers({
      'x-ratelimit-limit': max,
      'x-ratelimit-remaining': 0,
      'x-ratelimit-reset': seconds,
      'retry-after': seconds,
    });
    return new AppError(429, 'RATE_LIMITED', `Too many requests; retry in ${seconds} s`);
  };
  const limit = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    const key = `${KEY_PREFIX}${clientNetwork(request.ip)}`;
    if (READ_METHODS.has(request.method)) return done(verdict(reply, counters.countLocally(key, windowMs)));
    counters.countShared(key, windowMs).then(
      (counter) => done(verdict(reply, counter)),
      () => done(),
    );
  };
  limitHooks.add(limit);
  app.addHook('onRoute', (route) => {
    if (route.config?.rateLimit === false) return;
    const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
    // Ahead of the route's own hooks (authentication): a refused request counts too.
    if (!own.includes(limit)) route.onRequest = [limit, ...own];
  });
}
