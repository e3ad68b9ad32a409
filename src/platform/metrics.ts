import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { cacheStats, type Cache } from './cache';
import { RequestDurations } from './request-durations';

/**
 * The process's metrics registry, one per context (tests build many apps in one process), with
 * Node's default metrics. Modules register their own metrics on it (`ctx.metrics`).
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Request durations, by method, route and status, on the context's registry. */
export function registerMetrics(app: FastifyInstance, registry: Registry): Registry {
  const durations = new RequestDurations(registry);
  const ordersCreated = new Counter({
    name: 'bazaar_orders_created_total',
    help: 'Orders placed (POST /api/v1/orders answered 201)',
    registers: [registry],
  });
  const checkoutDuration = new Histogram({
    name: 'bazaar_checkout_duration_seconds',
    help: 'Time to answer POST /api/v1/orders, by outcome (placed, refused, error)',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Synchronous (done callback): no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    const seconds = reply.elapsedTime / 1000;
    // The route pattern, never the raw URL, so ids don't explode the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    if (request.method === 'POST' && route === '/api/v1/orders') {
      const outcome = status === 201 ? 'placed' : status < 500 ? 'refused' : 'error';
      if (outcome === 'placed') ordersCreated.inc();
      checkoutDuration.observe({ outcome }, seconds);
    }
    durations.observe(request.method, route, status, seconds);
    done();
  });
  return registry;
}

/** bazaar_db_pool_*, bazaar_cache_*, bazaar_redis_state: read from the live objects when scraped. */
export function registerRuntimeMetrics(registry: Registry, sources: { pool: pg.Pool; cache: Cache }): void {
  const { pool, cache } = sources;
  new Gauge({
    name: 'bazaar_db_pool_in_use',
    help: 'Database connections of this process checked out of the pool',
    registers: [registry],
    collect() {
      this.set(pool.totalCount - pool.idleCount);
    },
  });
  new Gauge({
    name: 'bazaar_db_pool_waiting',
    help: 'Queries of this process waiting for a free database connection',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
  for (const kind of ['hits', 'misses'] as const) {
    new Counter({
      name: `bazaar_cache_${kind}_total`,
      help: `Read-through cache lookups that ${kind === 'hits' ? 'found an entry' : 'went to PostgreSQL'}`,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(cacheStats(cache)[kind]);
      },
    });
  }
  new Gauge({
    name: 'bazaar_redis_state',
    help: 'Redis as this process sees it: 1 for the current state (ok, degraded, off)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      for (const state of ['ok', 'degraded', 'off'] as const)
        this.set({ state }, cache.state === state ? 1 : 0);
    },
  });
}
