import { describe, expect, it } from 'vitest';
import { heapGrowthFlag } from '../../src/platform/heap-growth';

describe('heapGrowthFlag', () => {
  it("sets V8's growth factor from HEAP_GROWTH_PERCENT", () => {
    expect(heapGrowthFlag(50, [])).toBe('--heap-growing-percent=50');
    expect(heapGrowthFlag(75, ['--enable-source-maps'])).toBe('--heap-growing-percent=75');
  });

  it("leaves V8's default at 0, and a flag given to node wins", () => {
    expect(heapGrowthFlag(0, [])).toBeUndefined();
    expect(heapGrowthFlag(50, ['--heap-growing-percent=20'])).toBeUndefined();
    expect(heapGrowthFlag(50, ['--heap_growing_percent=20'])).toBeUndefined();
  });
});
