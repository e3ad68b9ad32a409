import type {
  FastifyBaseLogger,
  FastifyReply,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageMetaSchema, type PageMeta } from './pagination';

/** The Fastify instance every route file receives: Zod schemas give the handler its types. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Success envelope schema: `{ success: true, message, data }`. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ success: z.literal(true), message: z.string(), data });
}

/** Success envelope for lists: `{ success: true, message, data: [...], meta }`. */
export function pagedEnvelope<T extends z.ZodType>(item: T) {
  return z.object({
    success: z.literal(true),
    message: z.string(),
    data: z.array(item),
    meta: pageMetaSchema,
  });
}

export function ok<T>(data: T, message = 'OK') {
  return { success: true as const, message, data };
}

export function paged<T>(data: T[], meta: PageMeta, message = 'OK') {
  return { success: true as const, message, data, meta };
}

/** The JSON text the route's own response serializer makes of `payload` (for the reply's status). */
export function serializeWith(reply: FastifyReply, payload: unknown): string {
  const text = reply.serialize(payload);
  if (typeof text !== 'string') throw new Error('the response serializer did not return text');
  return text;
}

/** Sends JSON text or bytes as they are (e.g. a cached response the route's serializer made earlier). */
export const sendJson = (reply: FastifyReply, text: string | Buffer) =>
  reply.header('content-type', 'application/json; charset=utf-8').send(text);

export const errorEnvelope = z
  .object({
    success: z.literal(false),
    message: z.string(),
    error: z.object({
      code: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
    requestId: z.string(),
  })
  .meta({ id: 'Error' });

const statusDescriptions: Record<number, string> = {
  400: 'Invalid input (VALIDATION_ERROR lists each bad field)',
  401: 'Missing or invalid access token (UNAUTHENTICATED)',
  403: 'Not allowed (FORBIDDEN)',
  404: 'Not found (NOT_FOUND)',
  409: 'Conflict with the current state',
  413: 'Body too large',
  415: 'Unsupported media type',
  422: 'Idempotency key reused with a different body',
  423: 'Account blocked',
  429: 'Too many requests (RATE_LIMITED, see Retry-After)',
  503: 'A dependency is unavailable',
};

/** One described schema per status, shared by every route (`describe` makes a new schema each call). */
const describedErrors = new Map<number, typeof errorEnvelope>();

/** Error responses for a route's schema, so the OpenAPI document lists them: errorResponses(400, 404). */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof errorEnvelope> {
  const out = {} as Record<S, typeof errorEnvelope>;
  for (const status of statuses) {
    let schema = describedErrors.get(status);
    if (!schema) {
      schema = errorEnvelope.describe(statusDescriptions[status] ?? 'Error') as typeof errorEnvelope;
      describedErrors.set(status, schema);
    }
    out[status] = schema;
  }
  return out;
}

export const uuidParam = z.object({ id: z.uuid() });

/** Who is asking, as sessions and throttles record it. */
export interface ClientMeta {
  ip: string;
  userAgent?: string | undefined;
}

export const clientMeta = (request: FastifyRequest): ClientMeta => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'],
});
