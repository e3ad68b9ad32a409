import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU seconds a process has used so far (Linux /proc); undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state is field 3, utime 14, stime 15 (1-based) → indexes 11 and 12 here.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Waits until a process has been idle (under `maxShare` of one core over a 500 ms window), at most
 * `limitMs`: a scenario then starts on a server that is no longer finishing the previous one's
 * background work (a checkout run's mails and order events). Returns the ms waited; undefined
 * when the process cannot be read (not our child, or not Linux).
 */
export async function waitIdle(pid: number | undefined, limitMs = 15_000, maxShare = 0.03) {
  if (pid === undefined || cpuSeconds(pid) === undefined) return undefined;
  const began = performance.now();
  const windowMs = 500;
  for (;;) {
    const before = cpuSeconds(pid) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const used = (cpuSeconds(pid) ?? 0) - before;
    const waited = performance.now() - began;
    if (used * 1000 <= maxShare * windowMs || waited >= limitMs) return Math.round(waited);
  }
}
