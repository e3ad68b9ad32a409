import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './platform/context';
import { clientErrorHandler, frameworkErrorHandler, registerErrorHandling } from './platform/error-handler';
import { registerInputGuards } from './platform/input-guards';
import { UniformRequest, uniformSockets } from './platform/http-shapes';
import { registerMetrics } from './platform/metrics';
import { requestLoggerFactory, RequestLogController } from './platform/request-log';
import { anyOriginCorsHeaders, fixedHeadersResponse, securityHeaders } from './platform/response-headers';
import { transformDocument, transformRoute } from './platform/openapi';
import { serializerCompiler } from './platform/serializer';
import { opsRoutes } from './platform/ops';
import { uploadsRoutes } from './platform/storage';
import { registerRateLimit } from './platform/rate-limit-store';
import { apiRoutes } from './modules';
import type { App } from './platform/http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Request ids shaped like a UUID v4 (8-4-4-4-12 hex): 74 random bits per process, then a counter,
 * so ids stay unique across instances and restarts at the cost of a counter per request instead
 * of a random UUID (a request id is no secret).
 */
function requestIds(): () => string {
  const random = randomBytes(10).toString('hex');
  const variant = '89ab'[parseInt(random[15]!, 16) % 4]!;
  const prefix = `${random.slice(0, 8)}-${random.slice(8, 12)}-4${random.slice(12, 15)}-${variant}${random.slice(16, 19)}-`;
  let count = 0;
  return () => `${prefix}${(count++).toString(16).padStart(12, '0')}`;
}

/** Response headers a browser script on another origin may read. */
const EXPOSED_HEADERS = ['X-Request-Id', 'X-Cart-Token', 'Idempotent-Replayed', 'Retry-After'];

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

/**
 * The bare HTTP server with the house rules: Zod validation and serialization, the error
 * envelope, request ids, body limit. buildApp adds plugins and routes on top.
 */
export function createHttpServer(options: {
  log: FastifyBaseLogger;
  bodyLimit: number;
  trustProxy?: boolean | string;
  /** Headers every response carries (the security headers); X-Request-Id is added to them. */
  headers?: Readonly<Record<string, string>>;
}): App {
  // Fastify's overloads can't take the union directly; each member is a valid trustProxy value.
  const trustProxy = (options.trustProxy ?? false) as boolean;
  const mintRequestId = requestIds();
  const headers = options.headers ?? {};
  // The server's responses write the fixed headers and the request id themselves.
  const FixedHeaders = fixedHeadersResponse(headers);
  const app = Fastify({
    // Node's generic constructor type (the request type parameter) takes no concrete subclass.
    http: { IncomingMessage: UniformRequest, ServerResponse: FixedHeaders as typeof ServerResponse },
    loggerInstance: options.log,
    bodyLimit: options.bodyLimit,
    trustProxy,
    // One "request completed" line per request (info), and a request's child logger made only
    // when something is logged through it (src/platform/request-log.ts).
    logController: new RequestLogController(),
    childLoggerFactory: requestLoggerFactory,
    // Echo a sane client-supplied X-Request-Id, otherwise mint one.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : mintRequestId();
    },
    // Above every path parameter's own limit (slugs: 220), so only absurd values get the 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  uniformSockets(app.server);

  // JSON in and out: a text/plain body is a 415 like any other type without a parser.
  app.removeContentTypeParser('text/plain');

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerInputGuards(app);
  // One synchronous hook for every fixed header: no promise per request. A response of the
  // server's own class is only given its id (the id is a valid header value: see genReqId); under
  // app.inject() the headers go through Fastify, with the same names and values.
  app.addHook('onRequest', (request, reply, done) => {
    const raw = reply.raw;
    if (raw instanceof FixedHeaders) raw.requestId = request.id;
    else reply.headers(headers).header('x-request-id', request.id);
    done();
  });
  return app;
}

/** Builds the HTTP application on an already-open context. Does not listen. */
export async function buildApp(ctx: AppContext): Promise<App> {
  const { config } = ctx;
  const anyOrigin = config.CORS_ORIGINS.includes('*');
  const corsOptions = {
    origin: anyOrigin ? '*' : config.CORS_ORIGINS,
    credentials: !anyOrigin,
    exposedHeaders: EXPOSED_HEADERS,
  };
  const app = createHttpServer({
    log: ctx.log as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
    // Helmet's default headers, computed once (same names and values as the plugin sent), and
    // with any origin allowed the CORS headers, which are then the same for every response too.
    headers: anyOrigin
      ? { ...securityHeaders(), ...anyOriginCorsHeaders(EXPOSED_HEADERS) }
      : securityHeaders(),
  });
  app.decorate('ctx', ctx);

  const registry = registerMetrics(app, ctx.metrics);

  await registerCorsAndRateLimit(app, ctx, anyOrigin, corsOptions);
  await registerApiDocs(app);

  await app.register(opsRoutes, { ctx, registry });
  await app.register(uploadsRoutes, { config });
  await app.register(apiRoutes, { prefix: '/api/v1', ctx });

  ctx.realtime.attach(app.server);
  // Open websockets would keep the HTTP server from closing; drop this instance's sockets first.
  app.addHook('preClose', async () => {
    ctx.realtime.io.local.disconnectSockets(true);
  });

  return app;
}

/** CORS (preflights only when any origin is allowed) and the general rate limit. */
async function registerCorsAndRateLimit(
  app: App,
  ctx: AppContext,
  anyOrigin: boolean,
  corsOptions: { origin: string | string[]; credentials: boolean; exposedHeaders: string[] },
): Promise<void> {
  const { config } = ctx;
  if (anyOrigin) {
    // Scoped: the plugin's hook runs only for its own OPTIONS route, i.e. it answers preflights;
    // every other response already carries the same CORS headers from the fixed block.
    await app.register(async (preflight) => {
      await preflight.register(cors, corsOptions);
    });
  } else {
    // Origins from a list are matched per request (and answered with Vary: Origin).
    await app.register(cors, corsOptions);
  }
  registerRateLimit(app, {
    cache: ctx.cache,
    max: config.RATE_LIMIT_MAX,
    windowMs: config.RATE_LIMIT_WINDOW,
  });
}

/** The OpenAPI document (/openapi.json) and Swagger UI (/docs). */
async function registerApiDocs(app: App): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Bazaar API',
        version: 'set from package.json by transformDocument',
        description:
          'E-commerce backend: catalog, cart, checkout, orders, payments. All amounts are integer minor units.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: transformRoute,
    transformObject: transformDocument,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Swagger UI sets inline style attributes; hashes would make browsers ignore 'unsafe-inline'.
    transformStaticCSP: (header) => header.replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';"),
    uiConfig: { deepLinking: true, validatorUrl: null },
  });
  app.get('/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () =>
    app.swagger(),
  );
}
