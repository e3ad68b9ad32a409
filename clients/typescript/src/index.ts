import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';

/** A value, or a function asked before every request (to hand over a token that changes). */
type Provided<T> = T | (() => T | Promise<T>);

export interface BazaarClientOptions {
  /** Access token sent as `Authorization: Bearer <token>` (unless a request sets its own). */
  token?: Provided<string | undefined>;
  /** Guest cart token sent as `X-Cart-Token` (unless a request sets its own). */
  cartToken?: Provided<string | undefined>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (default: the global fetch). */
  fetch?: (request: Request) => Promise<Response>;
}

/** Every operation of the Bazaar API, typed from its OpenAPI document: `client.GET('/api/v1/products', ...)`. */
export type BazaarClient = Client<paths>;

async function valueOf<T>(provided: Provided<T> | undefined): Promise<T | undefined> {
  return typeof provided === 'function' ? await (provided as () => T | Promise<T>)() : provided;
}

/**
 * A typed client for a Bazaar server at `baseUrl` (its origin, e.g. `https://shop.example.com`;
 * paths include `/api/v1`). Responses come back as `{ data, error, response }`: `data` is the
 * typed success envelope, `error` the typed error envelope.
 */
export function createBazaarClient(baseUrl: string, options: BazaarClientOptions = {}): BazaarClient {
  const client = createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use({
    async onRequest({ request }) {
      const token = await valueOf(options.token);
      if (token && !request.headers.has('authorization'))
        request.headers.set('authorization', `Bearer ${token}`);
      const cartToken = await valueOf(options.cartToken);
      if (cartToken && !request.headers.has('x-cart-token')) request.headers.set('x-cart-token', cartToken);
      return request;
    },
  });
  return client;
}
