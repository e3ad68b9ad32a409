import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { AppContext } from './context';
import { isDraining } from './drain';
import type { App } from './http';

const checkTimeoutMs = 2_000;

async function check(probe: () => Promise<void>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), checkTimeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

const liveSchema = z.object({ status: z.literal('ok') });

const readySchema = z.object({
  /** 'draining': shutting down (SIGTERM); requests on open connections are still answered. */
  status: z.enum(['ok', 'unavailable', 'draining']),
  database: z.enum(['ok', 'down']),
  /** 'degraded': Redis is away and the API runs without it (cache misses, in-process counters). */
  redis: z.enum(['ok', 'degraded', 'off']),
  jobs: z.object({ worker: z.enum(['running', 'off']) }),
});

async function redisState(ctx: AppContext): Promise<'ok' | 'degraded' | 'off'> {
  if (ctx.cache.state !== 'ok') return ctx.cache.state;
  return (await check(() => ctx.cache.ping())) === 'up' ? 'ok' : 'degraded';
}

/** Liveness, readiness (database and Redis), and Prometheus metrics. Not rate limited. */
export async function opsRoutes(app: App, { ctx, registry }: { ctx: AppContext; registry: Registry }) {
  app.get(
    '/health/live',
    {
      config: { rateLimit: false },
      schema: { tags: ['ops'], summary: 'The process is running', response: { 200: liveSchema } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['ops'],
        summary:
          'Ready while the database answers; Redis away is "degraded", not unready; 503 "draining" after SIGTERM',
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      const [database, redis] = await Promise.all([check(() => ctx.database.ping()), redisState(ctx)]);
      const up = database === 'up';
      // A draining instance is not ready: the load balancer must send new work elsewhere.
      const draining = isDraining(app.server);
      const ready = up && !draining;
      return reply.status(ready ? 200 : 503).send({
        status: draining ? 'draining' : up ? 'ok' : 'unavailable',
        database: up ? 'ok' : 'down',
        redis,
        jobs: { worker: ctx.jobs.working ? 'running' : 'off' },
      });
    },
  );

  app.get(
    '/metrics',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['ops'],
        summary: 'Prometheus metrics (text exposition format)',
        produces: ['text/plain'],
        response: { 200: z.string() },
      },
    },
    async (_request, reply) => {
      const text = await registry.metrics();
      // Raw text: bypass the JSON serializer.
      return reply
        .type(registry.contentType)
        .serializer((payload: unknown) => String(payload))
        .send(text);
    },
  );
}
