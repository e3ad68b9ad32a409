import { setTimeout as sleep } from 'node:timers/promises';

/** forgot-password and resend-verification always take at least this long, account or not. */
export const UNIFORM_RESPONSE_MS = 300;

/** Runs `fn` and resolves no sooner than `ms` after the start, so timing tells nothing. */
export async function atLeast<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    const left = ms - (Date.now() - started);
    if (left > 0) await sleep(left);
  }
}
