import type { Server as HttpServer } from 'node:http';
import type * as RedisAdapter from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { decodeJwt } from 'jose';
import { Server, type Socket } from 'socket.io';
import { AppError } from './errors';
import { onFirstUse } from './lazy';
import { createRedisClient } from './redis';

/** Only with REDIS_URL. */
const redisAdapter = onFirstUse<typeof RedisAdapter>('@socket.io/redis-adapter');
import { verifyAccessToken, type AuthUser } from './security';

export const ADMIN_ROOM = 'admins';
export const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** A user's or a session's access changed (block, role change, sign-out) on some instance. */
export interface AccessChange {
  userId?: string;
  sessionId?: string;
}
const ACCESS_CHANGED = 'bazaar:access-changed';

/** The same check HTTP requests get (blocked account, revoked session, changed role). */
export type SocketAccessCheck = (user: AuthUser) => Promise<void>;

export interface Audience {
  /** Deliver to this user's sockets (all their tabs and devices). */
  userId?: string;
  /** Deliver to every connected admin. */
  admins?: boolean;
}

/** One event for publishAll (the realtime outbox's rows). */
export interface RealtimeEvent {
  event: string;
  payload: object;
  audience: Audience;
}

/**
 * Socket.IO at /socket.io. The handshake must carry `auth: { token: <accessToken> }`, which gets the
 * same access check as an HTTP request; each socket joins its user's and its session's rooms,
 * admins also the admin room. Events are only ever sent to rooms, so a customer can receive nothing
 * about another customer. A socket is dropped when its token expires (reconnect with a fresh one)
 * and when its user's access changes (`disconnectUser`, `disconnectSession`). With REDIS_URL the
 * Redis adapter fans events and disconnections out to sockets on any instance (and lets a worker
 * process publish).
 */
export class Realtime {
  readonly io: Server;
  private readonly redisClients: Redis[] = [];
  private readonly publisher: Redis | undefined;
  private closed = false;
  private accessCheck: SocketAccessCheck = async () => {};
  private readonly jwtSecret: string;
  private attached = false;
  private readonly accessChangeListeners: Array<(change: AccessChange) => void> = [];

  constructor(options: {
    jwtSecret: string;
    redisUrl?: string | undefined;
    redisPrefix?: string;
    log: Logger;
  }) {
    this.io = new Server({ path: '/socket.io', serveClient: false, cors: { origin: '*' } });
    if (options.redisUrl) {
      const pub = createRedisClient(options.redisUrl, { role: 'socket.io publisher', log: options.log });
      const sub = createRedisClient(options.redisUrl, {
        role: 'socket.io subscriber',
        log: options.log,
        queueWhileOffline: true,
      });
      // The adapter publishes without awaiting: a rejected PUBLISH while Redis is away would be an
      // unhandled rejection (the process ends). Other instances miss the event; local sockets
      // still get it, since the adapter delivers locally after publishing.
      const publish = pub.publish.bind(pub);
      pub.publish = ((...args: Parameters<typeof publish>) =>
        publish(...args).catch(() => 0)) as typeof pub.publish;
      this.redisClients.push(pub, sub);
      this.publisher = pub;
      this.io.adapter(
        redisAdapter().createAdapter(pub, sub, { key: `${options.redisPrefix ?? 'bazaar:'}socket.io` }),
      );
    }
    this.jwtSecret = options.jwtSecret;
    this.io.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (error: unknown) => next(new Error(error instanceof AppError ? error.code : 'UNAUTHENTICATED')),
      );
    });
    // Another instance dropped a user's or session's sockets: its access changed.
    this.io.on(ACCESS_CHANGED, (change: AccessChange) => {
      for (const listener of this.accessChangeListeners) listener(change);
    });
    this.io.on('connection', (socket) => {
      options.log.debug({ userId: (socket.data.user as { id: string }).id }, 'socket connected');
    });
  }

  /** Installs the per-handshake access check (modules register it at start-up). */
  setAccessCheck(check: SocketAccessCheck): void {
    this.accessCheck = check;
  }

  private async admit(socket: Socket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0) throw new Error('UNAUTHENTICATED');
    const user = await verifyAccessToken({ JWT_ACCESS_SECRET: this.jwtSecret }, token);
    await this.accessCheck(user);
    socket.data.user = user;
    await socket.join([
      userRoom(user.id),
      ...(user.sessionId ? [sessionRoom(user.sessionId)] : []),
      ...(user.role === 'ADMIN' ? [ADMIN_ROOM] : []),
    ]);
    const expiresInMs = (decodeJwt(token).exp ?? 0) * 1000 - Date.now();
    const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, expiresInMs));
    expiry.unref();
    socket.once('disconnect', () => clearTimeout(expiry));
  }

  /** Drops every socket of a user, on every instance (blocked, role changed, signed out everywhere). */
  disconnectUser(userId: string): void {
    if (this.closed) return;
    this.io.in(userRoom(userId)).disconnectSockets(true);
    this.announceAccessChange({ userId });
  }

  /** Drops the sockets opened with one session's access tokens (signed out, session revoked). */
  disconnectSession(sessionId: string): void {
    if (this.closed) return;
    this.io.in(sessionRoom(sessionId)).disconnectSockets(true);
    this.announceAccessChange({ sessionId });
  }

  /** Called on the other instances (through Redis) when a user's or session's sockets are dropped. */
  onAccessChange(listener: (change: AccessChange) => void): void {
    this.accessChangeListeners.push(listener);
  }

  private announceAccessChange(change: AccessChange): void {
    // Without Redis there are no other instances (the in-memory adapter only warns).
    if (this.redisClients.length > 0) this.io.serverSideEmit(ACCESS_CHANGED, change);
  }

  attach(server: HttpServer): void {
    this.io.attach(server);
    this.attached = true;
  }

  publish(event: string, payload: object, audience: Audience): void {
    // A job finishing during shutdown must not publish through closed Redis connections.
    if (this.closed) return;
    const rooms = [
      ...(audience.userId ? [userRoom(audience.userId)] : []),
      ...(audience.admins ? [ADMIN_ROOM] : []),
    ];
    if (rooms.length > 0) this.io.to(rooms).emit(event, payload);
  }

  /**
   * Publishes several events in the order given. The Redis adapter sends a PUBLISH per event, each
   * its own socket write; the publisher's socket is corked meanwhile, so they leave in one write,
   * which Redis reads at once and answers with one write.
   */
  publishAll(events: Iterable<RealtimeEvent>): void {
    const stream = this.publisher?.stream;
    stream?.cork();
    try {
      for (const { event, payload, audience } of events) this.publish(event, payload, audience);
    } finally {
      stream?.uncork();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    // A worker never attaches an HTTP server, and socket.io cannot close an engine it never made.
    if (this.attached) await new Promise<void>((resolve) => this.io.close(() => resolve()));
    for (const client of this.redisClients) client.disconnect();
  }
}
