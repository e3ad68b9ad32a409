import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { verifyAccessToken } from './security';

export const ADMIN_ROOM = 'admins';
export const userRoom = (userId: string) => `user:${userId}`;

export interface Audience {
  /** Deliver to this user's sockets (all their tabs and devices). */
  userId?: string;
  /** Deliver to every connected admin. */
  admins?: boolean;
}

/**
 * Socket.IO at /socket.io. The handshake must carry `auth: { token: <accessToken> }`; each socket
 * joins its user's room, admins also the admin room. Events are only ever sent to rooms, so a
 * customer can receive nothing about another customer. With REDIS_URL the Redis adapter fans
 * events out to sockets connected to any instance (and lets a worker process publish).
 */
export class Realtime {
  readonly io: Server;
  private readonly redisClients: Redis[] = [];
  private closed = false;
  private attached = false;

  constructor(options: {
    jwtSecret: string;
    redisUrl?: string | undefined;
    redisPrefix?: string;
    log: Logger;
  }) {
    this.io = new Server({ path: '/socket.io', serveClient: false, cors: { origin: '*' } });
    if (options.redisUrl) {
      const pub = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
      const sub = pub.duplicate();
      pub.on('error', () => {});
      sub.on('error', () => {});
      this.redisClients.push(pub, sub);
      this.io.adapter(createAdapter(pub, sub, { key: `${options.redisPrefix ?? 'bazaar:'}socket.io` }));
    }
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0) return next(new Error('UNAUTHENTICATED'));
      verifyAccessToken({ JWT_ACCESS_SECRET: options.jwtSecret }, token).then(
        (user) => {
          socket.data.user = user;
          void socket.join(userRoom(user.id));
          if (user.role === 'ADMIN') void socket.join(ADMIN_ROOM);
          next();
        },
        () => next(new Error('UNAUTHENTICATED')),
      );
    });
    this.io.on('connection', (socket) => {
      options.log.debug({ userId: (socket.data.user as { id: string }).id }, 'socket connected');
    });
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

  async close(): Promise<void> {
    this.closed = true;
    // A worker never attaches an HTTP server, and socket.io cannot close an engine it never made.
    if (this.attached) await new Promise<void>((resolve) => this.io.close(() => resolve()));
    for (const client of this.redisClients) client.disconnect();
  }
}
