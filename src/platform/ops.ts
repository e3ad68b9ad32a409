import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { AppContext } from './context';
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

const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.enum(['up', 'down'])).optional(),
});

/** Liveness, readiness (database and Redis), and Prometheus metrics. Not rate limited. */
export async function opsRoutes(app: App, { ctx, registry }: { ctx: AppContext; registry: Registry }) {
  app.get(
    '/health/live',
    {
      config: { rateLimit: false },
      schema: { tags: ['ops'], summary: 'The process is running', response: { 200: healthSchema } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['ops'],
        summary: 'The database (and Redis, when configured) answer',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, 'up' | 'down'> = { database: await check(() => ctx.database.ping()) };
      if (ctx.cache.kind === 'redis') checks.redis = await check(() => ctx.cache.ping());
      const ready = Object.values(checks).every((state) => state === 'up');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
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
