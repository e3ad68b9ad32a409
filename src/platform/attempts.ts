import type { Cache } from './cache';

/** One fixed-window counter: at most `max` attempts per window under `key`. */
export interface AttemptLimit {
  key: string;
  max: number;
}

/**
 * Reserves one attempt in each counter, in order, with atomic increments, before the attempt is
 * evaluated, so concurrent attempts cannot exceed a limit. When a counter is already full the
 * slots taken so far are given back and `full` is the milliseconds until that window closes.
 * `release()` gives the slots back (an attempt that should not count, e.g. a success).
 */
export async function reserveAttempts(
  cache: Cache,
  limits: AttemptLimit[],
  windowMs: number,
): Promise<{ full: number | null; release(): Promise<void> }> {
  const taken: string[] = [];
  const release = async () => {
    await Promise.all(taken.map((key) => cache.decrement(key)));
  };
  for (const limit of limits) {
    const counter = await cache.increment(limit.key, windowMs);
    taken.push(limit.key);
    if (counter.count > limit.max) {
      await release();
      return { full: counter.resetInMs, release: async () => {} };
    }
  }
  return { full: null, release };
}
