import type * as IORedis from 'ioredis';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { onFirstUse } from './lazy';

/** Without REDIS_URL no client is made, and ioredis (~0.1 s of CPU) is never loaded. */
const ioredis = onFirstUse<typeof IORedis>('ioredis');

export type RedisState = 'ok' | 'degraded';

/**
 * Every ioredis client of the process is made here, so each one has an error handler, short
 * timeouts and no unbounded queue: while Redis is away a command fails within milliseconds (the
 * caller falls back) instead of piling up, and nothing ends the process. ioredis reconnects by
 * itself (every 0.1 → 2 s). One warning per outage and one line when it is back, per client.
 */
export function createRedisClient(
  url: string,
  options: {
    /** Shown in the log lines: "cache", "socket.io publisher", ... */
    role: string;
    log?: Logger | undefined;
    keyPrefix?: string;
    /**
     * Queue commands while disconnected (only for a subscriber, whose few SUBSCRIBE commands
     * must wait for the connection); everything else fails fast.
     */
    queueWhileOffline?: boolean;
    onStateChange?: (state: RedisState) => void;
  },
): Redis {
  const queue = options.queueWhileOffline ?? false;
  const redisOptions: RedisOptions = {
    ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
    connectTimeout: 2_000,
    // A command that does not answer within a second has failed (a paused or overloaded Redis).
    ...(queue ? {} : { commandTimeout: 1_000 }),
    enableOfflineQueue: queue,
    maxRetriesPerRequest: queue ? null : 1,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
  };
  const client = new (ioredis().Redis)(url, redisOptions);
  let down = false;
  let warned = false;
  const degrade = () => {
    if (down) return;
    down = true;
    options.onStateChange?.('degraded');
  };
  client.on('error', (err: Error) => {
    degrade();
    if (warned) return;
    warned = true;
    options.log?.warn(
      { err: { message: err.message } },
      `redis (${options.role}) unavailable: degrading until it is back`,
    );
  });
  // A clean close (Redis shut down, or our own disconnect) comes without an error.
  client.on('close', degrade);
  client.on('ready', () => {
    if (warned) options.log?.info(`redis (${options.role}) is back`);
    down = false;
    warned = false;
    options.onStateChange?.('ok');
  });
  return client;
}
