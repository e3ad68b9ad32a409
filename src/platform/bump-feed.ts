import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRedisClient } from './redis';
import { CONFIRM_EVERY_MS, type VersionWatch } from './version-watch';

/**
 * The channel every namespace bump is published on, in the same transaction as the bump
 * (RedisCache.bump). The message is `bump:` and the namespaces bumped (one a line), or
 * `epoch:<n>` when the cache epoch was incremented; anything else drops every stamp.
 */
export const bumpChannel = (keyPrefix: string) => `${keyPrefix}version-bumps`;

export const bumpMessage = (namespaces: readonly string[]) => `bump:${namespaces.join('\n')}`;

/** The namespaces a message names, or undefined for "anything may have changed". */
function bumped(message: string): string[] | undefined {
  return message.startsWith('bump:') ? message.slice(5).split('\n') : undefined;
}

/**
 * Keeps a VersionWatch told of every bump, on any instance, without a Redis read per lookup: a
 * subscriber connection on the bump channel, and a PING on it every CONFIRM_EVERY_MS. A PONG
 * arrives after every message published before Redis took the PING, so each answered PING
 * confirms that every bump completed before it was sent is known here (VersionWatch.confirm).
 * While the connection is away, or Redis does not answer, confirmations stop and the watch goes
 * back to reading the version sequence per batch of lookups. After a reconnection, bumps published
 * while it was away are lost: the first answered PING also drops every stamp (`moved`).
 */
export class BumpFeed {
  private readonly subscriber: Redis;
  private readonly timer: NodeJS.Timeout;
  /** Incremented per connection: a PONG of an older connection confirms nothing. */
  private connection = 0;
  /** The connection whose PONG was last turned into a confirmation. */
  private confirmedConnection = -1;
  private pinging = false;

  constructor(
    url: string,
    private readonly channel: string,
    private readonly watch: VersionWatch,
    onEpoch: (epoch: number) => void,
    log?: Logger,
  ) {
    this.subscriber = createRedisClient(url, {
      role: 'cache bump feed',
      log,
      queueWhileOffline: true,
      onStateChange: (state) => (state === 'ok' ? this.connected() : this.lost()),
    });
    this.subscriber.on('message', (_channel: string, message: string) => {
      this.watch.moved(bumped(message));
      if (message.startsWith('epoch:')) onEpoch(Number(message.slice(6)));
    });
    this.timer = setInterval(() => this.ping(), CONFIRM_EVERY_MS).unref();
  }

  private connected(): void {
    this.connection++;
    this.pinging = false;
    // Sent before any PING of this connection, so their PONGs come after the subscription.
    this.subscriber.subscribe(this.channel).catch(() => {});
    this.ping();
  }

  private lost(): void {
    this.connection++;
    this.watch.lost();
  }

  private ping(): void {
    if (this.pinging || this.subscriber.status !== 'ready') return;
    this.pinging = true;
    const connection = this.connection;
    const sentAt = performance.now();
    this.subscriber.ping().then(
      () => {
        if (connection !== this.connection) return;
        this.pinging = false;
        if (this.confirmedConnection !== connection) {
          // Bumps published before the subscription (re)started never arrived.
          this.watch.moved();
          this.confirmedConnection = connection;
        }
        this.watch.confirm(sentAt);
      },
      () => {
        if (connection === this.connection) this.pinging = false;
      },
    );
  }

  close(): void {
    clearInterval(this.timer);
    this.watch.lost();
    this.subscriber.disconnect();
  }
}
