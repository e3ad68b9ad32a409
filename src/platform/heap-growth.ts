import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 lets the old generation grow past the live set before its next full
 * collection: a factor of 1 + percent / 100 instead of V8's own choice, which goes up to 4× while
 * collections look cheap (a checkout-loaded server's heap grew from a 45 MB live set to 180 MB).
 * Proportional to the live set, unlike --max-old-space-size, so a store whose data outgrows a
 * guess never runs out of heap.
 */
export function limitHeapGrowth(percent: number): void {
  const flag = heapGrowthFlag(percent, process.execArgv);
  if (flag) setFlagsFromString(flag);
}

/**
 * The V8 flag to set, if any: none for 0 (V8's default) or when node was started with its own
 * --heap-growing-percent (node refuses V8's GC flags in NODE_OPTIONS, so the command line is the
 * only other source).
 */
export function heapGrowthFlag(percent: number, execArgv: readonly string[]): string | undefined {
  if (percent <= 0) return undefined;
  if (execArgv.some((flag) => /^--heap[-_]growing[-_]percent/.test(flag))) return undefined;
  return `--heap-growing-percent=${percent}`;
}
