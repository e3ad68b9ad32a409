import type { AppContext } from '../../platform/context';
import { invalidateOrderedProducts } from '../catalog/service';

/** What an order sold, as the catalog's cache invalidation takes it (see invalidateOrderedProducts). */
export type SoldLine = { productId: string; productSlug: string; stockAfter: number };

/**
 * The catalog bumps of concurrent orders, sent together: an order that commits while another's
 * bump is in flight joins the next one, which is sent as soon as that one answers and carries the
 * lines of every order that joined (one cache round trip for the batch instead of one per order).
 * Each caller still waits for a bump SENT AFTER it called, that is after its own commit, so a
 * read that starts once the order's answer arrived never sees the page from before the order.
 */
export class BatchedInvalidation {
  private sending = false;
  private queued: { lines: SoldLine[]; promise: Promise<void>; resolve: () => void } | undefined;

  constructor(private readonly send: (lines: SoldLine[]) => Promise<void>) {}

  invalidate(lines: SoldLine[]): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    if (!this.sending) return this.start(lines);
    if (!this.queued) {
      let resolve!: () => void;
      const promise = new Promise<void>((ok) => (resolve = ok));
      this.queued = { lines: [], promise, resolve };
    }
    this.queued.lines.push(...lines);
    return this.queued.promise;
  }

  private async start(lines: SoldLine[]): Promise<void> {
    this.sending = true;
    try {
      await this.send(lines);
    } finally {
      this.sending = false;
      const queued = this.queued;
      this.queued = undefined;
      // The sender reports its own failures (invalidateOrderedProducts logs and falls back).
      if (queued) void this.start(queued.lines).finally(queued.resolve);
    }
  }
}

const batches = new WeakMap<AppContext, BatchedInvalidation>();

/** After an order commits: its products' cache entries, bumped together with concurrent orders'. */
export function invalidateSold(ctx: AppContext, lines: SoldLine[]): Promise<void> {
  let batch = batches.get(ctx);
  if (!batch) {
    batch = new BatchedInvalidation((all) => invalidateOrderedProducts(ctx, all));
    batches.set(ctx, batch);
  }
  return batch.invalidate(lines);
}
