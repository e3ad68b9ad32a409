import pg from 'pg';
import type { Logger } from 'pino';

const CHANNEL = 'bazaar_jobs';
/** Jobs queued within this window are announced in one NOTIFY. */
const ANNOUNCE_WINDOW_MS = 20;
const RECONNECT_DELAY_MS = 1_000;

/**
 * Wakes job workers in other processes (the API with START_WORKER=false and `npm run worker`)
 * when a job is queued, through PostgreSQL's LISTEN/NOTIFY, so they need not poll often. Only on
 * a real server: the embedded database has one process. Polling stays the fallback, so a lost
 * notification or a dropped listener only delays a job until the next poll.
 */
export class JobWakeups {
  private listener: pg.Client | undefined;
  private stopped = false;
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  /** Tells listening processes that `queue` has a new job (batched over a few milliseconds). */
  announce(queue: string): void {
    if (this.stopped) return;
    this.pending.add(queue);
    this.timer ??= setTimeout(() => this.flush(), ANNOUNCE_WINDOW_MS);
  }

  /** Calls `wake(queue)` for every queue another process announces, until stop(). */
  async listen(wake: (queue: string) => void): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'bazaar-jobs-listen' });
    client.on('notification', (message) => {
      for (const queue of (message.payload ?? '').split(',')) if (queue) wake(queue);
    });
    client.on('error', (err) => {
      this.log.warn({ err }, 'job wake-up listener lost; workers poll until it reconnects');
      this.reconnect(client, wake);
    });
    this.listener = client;
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
  }

  private reconnect(lost: pg.Client, wake: (queue: string) => void): void {
    lost.end().catch(() => {});
    if (this.stopped || this.listener !== lost) return;
    this.listener = undefined;
    setTimeout(() => {
      if (this.stopped) return;
      // A failed try leaves its client in `listener`: try again a second later.
      this.listen(wake).catch(() => this.listener && this.reconnect(this.listener, wake));
    }, RECONNECT_DELAY_MS).unref();
  }

  private flush(): void {
    this.timer = undefined;
    const queues = [...this.pending].join(',');
    this.pending.clear();
    this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, queues]).catch((err: unknown) => {
      this.log.debug({ err }, 'job wake-up not sent; the workers will poll');
    });
  }
}
