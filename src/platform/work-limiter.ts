import { AppError } from './errors';

/**
 * Runs CPU-heavy work (password hashing) at most `concurrency` at a time, with at most
 * `maxWaiting` callers queued behind it; a caller beyond that gets 503 SERVER_BUSY with
 * Retry-After at once, rather than a slow answer that ends in a timeout.
 */
export class WorkLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private concurrency: number,
    private maxWaiting: number,
  ) {}

  /** Changes the bounds (start-up configuration, tests). */
  configure(bounds: { concurrency: number; maxWaiting: number }): void {
    this.concurrency = bounds.concurrency;
    this.maxWaiting = bounds.maxWaiting;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new AppError(
          503,
          'SERVER_BUSY',
          'The server is overloaded; retry after the time in Retry-After',
          undefined,
          { 'retry-after': '1' },
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next caller (so `running` never drops and rises in between).
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
