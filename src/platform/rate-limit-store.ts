import type { Cache } from './cache';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store on the context's cache counters: Redis when configured (every
 * instance shares the limits), in process otherwise, and in process while Redis is away (the
 * cache falls back by itself), so an outage never turns into 500s or an open door.
 */
export function cacheRateLimitStore(cache: Cache) {
  return class CacheRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = 'rate-limit:',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      cache.increment(`${this.prefix}${key}`, timeWindow).then(
        ({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }),
        (error: Error) => callback(error),
      );
    }

    read(key: string, callback: Callback): void {
      cache.peekCounter(`${this.prefix}${key}`).then(
        ({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }),
        (error: Error) => callback(error),
      );
    }

    // Typed as RouteOptions by the plugin; at run time it is the route's merged limit settings.
    child(routeOptions: object) {
      const { method, url } = (routeOptions as { routeInfo: { method: string; url: string } }).routeInfo;
      return new CacheRateLimitStore(undefined, `${this.prefix}${method}${url}-`);
    }
  };
}
