/** Each retry waits this many times longer than the one before. */
export const RETRY_FACTOR = 3;

/**
 * How long to wait before the next attempt, after `failedAttempts` attempts have failed:
 * `base × 3^(failedAttempts − 1)`, spread by ± 10 % so that endpoints coming back after an outage
 * are not hit by every pending delivery in the same second. With the defaults (30 s, 9 attempts)
 * the retries come after about 30 s, 1.5 min, 4.5 min, 13.5 min, 40 min, 2 h, 6 h and 18 h: the
 * last attempt about 27 hours after the first.
 */
export function retryDelayMs(failedAttempts: number, baseMs: number, random: () => number = Math.random) {
  const exact = baseMs * RETRY_FACTOR ** Math.max(0, failedAttempts - 1);
  return Math.round(exact * (0.9 + 0.2 * random()));
}

/** The delays (without jitter) between the attempts of one delivery, for documentation and tests. */
export function retrySchedule(maxAttempts: number, baseMs: number): number[] {
  return Array.from({ length: Math.max(0, maxAttempts - 1) }, (_, i) =>
    retryDelayMs(i + 1, baseMs, () => 0.5),
  );
}
