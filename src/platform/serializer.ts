import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

type SerializerCompiler = Parameters<typeof zodSerializerCompiler>[0];

/**
 * Response serialization from the route's Zod response schema, compiled once per route into a
 * fast-json-stringify function. The schema stays the allow-list (properties it does not list
 * never leave the server) at a fraction of the cost of validating every response with Zod
 * (measured: 5–10 µs instead of 50–70 µs for a 20-item product list). Schemas that JSON Schema cannot express
 * (transforms, dates) fall back to the Zod serializer, so nothing is silently mis-serialized.
 */
export const serializerCompiler = ((route: SerializerCompiler) => {
  // Compiled on the route's first response, not at start-up: compiling every route's schemas
  // was about a third of the CPU from start to ready (1.1 of 3.5 s, profiled on PostgreSQL).
  let compiled: ((data: unknown) => string) | undefined;
  return (data: unknown) => (compiled ??= compile(route))(data);
}) as unknown as FastifySerializerCompiler<unknown>;

function compile(route: SerializerCompiler): (data: unknown) => string {
  const { schema } = route;
  if (schema instanceof z.ZodType) {
    try {
      const jsonSchema = z.toJSONSchema(schema, {
        target: 'draft-7',
        io: 'output',
        unrepresentable: 'throw',
      });
      return fastJson(jsonSchema as Parameters<typeof fastJson>[0]);
    } catch {
      // fall through to Zod
    }
  }
  return zodSerializerCompiler(route) as (data: unknown) => string;
}
