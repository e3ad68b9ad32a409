import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { forbidden, unauthenticated } from './errors';
import { isRateLimitHook } from './rate-limit-store';

export const ROLES = ['CUSTOMER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, as proven by a valid access token. */
export interface AuthUser {
  id: string;
  role: Role;
  /** The refresh-token family (login session) the access token was issued for. */
  sessionId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthUser;
  }
}

const ALGORITHM = 'HS256';
const ISSUER = 'bazaar';
const AUDIENCE = 'bazaar-api';

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signAccessToken(
  config: { JWT_ACCESS_SECRET: string; ACCESS_TOKEN_TTL: number },
  user: AuthUser,
): Promise<string> {
  const jwt = new SignJWT({ role: user.role, ...(user.sessionId ? { sid: user.sessionId } : {}) })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor((Date.now() + config.ACCESS_TOKEN_TTL) / 1000));
  return jwt.sign(key(config.JWT_ACCESS_SECRET));
}

/**
 * Tokens already verified, with the secret that verified them: a storefront client sends the same
 * token on every request for its 15 minutes, and the HMAC check through WebCrypto was 3% of a
 * checkout's CPU. A hit still checks the expiry; bounded, oldest dropped first.
 */
const verified = new Map<string, { secret: string; user: AuthUser; expiresAtMs: number }>();
const VERIFIED_MAX = 10_000;

/** Verifies signature (HS256 only: `alg: none` or any other algorithm is rejected), expiry, issuer and audience. */
export async function verifyAccessToken(
  config: { JWT_ACCESS_SECRET: string },
  token: string,
): Promise<AuthUser> {
  const known = verified.get(token);
  if (known && known.secret === config.JWT_ACCESS_SECRET) {
    if (known.expiresAtMs > Date.now()) return { ...known.user };
    verified.delete(token);
    throw unauthenticated('Access token expired');
  }
  try {
    const { payload } = await jwtVerify(token, key(config.JWT_ACCESS_SECRET), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const role = payload.role;
    if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role))
      throw unauthenticated('Invalid access token');
    const user: AuthUser = {
      id: payload.sub,
      role: role as Role,
      ...(typeof payload.sid === 'string' ? { sessionId: payload.sid } : {}),
    };
    if (typeof payload.exp === 'number') {
      if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
      verified.set(token, { secret: config.JWT_ACCESS_SECRET, user, expiresAtMs: payload.exp * 1000 });
    }
    return user;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Access token expired');
    throw unauthenticated('Invalid access token');
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token)
    throw unauthenticated('Use Authorization: Bearer <accessToken>');
  return token;
}

/**
 * Checks run on every authenticated request after the token verifies (e.g. "is this account
 * blocked?"). Modules register them at start-up; they must be cheap (cache-backed).
 */
export type AccessCheck = (user: AuthUser, request: FastifyRequest) => Promise<void>;
const accessChecks = new WeakMap<object, AccessCheck[]>();

export function addAccessCheck(owner: object, check: AccessCheck): void {
  accessChecks.set(owner, [...(accessChecks.get(owner) ?? []), check]);
}

async function authenticate(request: FastifyRequest): Promise<AuthUser | undefined> {
  // Already proven earlier in this request (e.g. by the admin-area hook, then the route's guard).
  if (request.user) return request.user;
  const token = bearerToken(request);
  if (!token) return undefined;
  const user = await verifyAccessToken(request.server.ctx.config, token);
  for (const check of accessChecks.get(request.server.ctx) ?? []) await check(user, request);
  request.user = user;
  return user;
}

/**
 * The one guard every protected route uses: anonymous → 401; a role not in `roles` → 403.
 * `requireAuth()` admits any signed-in user, `requireAuth('ADMIN')` admins only.
 */
export function requireAuth(...roles: Role[]) {
  return async function guard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const user = await authenticate(request);
    if (!user) throw unauthenticated();
    if (roles.length > 0 && !roles.includes(user.role)) throw forbidden();
  };
}

/**
 * Puts `guard` in front of the onRequest hooks of every route registered from now on (in this
 * instance and the plugins it registers) whose URL starts with `prefix`, whatever the route itself
 * declares. Done once per route at registration (onRoute), so requests to other routes never run
 * it (as an instance-wide onRequest hook it cost every /api/v1 request a promise and a look at the
 * route's options).
 */
export function guardRoutesUnder(app: FastifyInstance, prefix: string, guard: onRequestHookHandler): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(prefix)) return;
    const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
    // A GET's automatic HEAD route is made from its options: it may carry the guard already.
    if (own.includes(guard)) return;
    // Behind the rate limit (a refused request still counts), ahead of the route's own hooks.
    const limits = own.filter(isRateLimitHook);
    route.onRequest = [...limits, guard, ...own.filter((hook) => !isRateLimitHook(hook))];
  });
}

/** For routes open to guests that behave differently for signed-in users (e.g. the cart). */
export function optionalAuth(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  // Synchronous for a guest (the usual storefront read): no promise per request.
  if (request.headers.authorization === undefined && !request.user) return done();
  authenticate(request).then(() => done(), done);
}

/** The signed-in caller; only call behind requireAuth. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw unauthenticated();
  return request.user;
}

/** OpenAPI security requirement for bearer-protected routes. */
export const bearerSecurity = [{ bearerAuth: [] as string[] }];
