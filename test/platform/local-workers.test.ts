import { describe, expect, it } from 'vitest';
import { LocalWorkers, WAKE_SPACING_MS } from '../../src/platform/local-workers';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('local job worker wake-ups', () => {
  it('wakes a quiet queue at once, and folds a burst into one more wake-up', async () => {
    const woken: string[] = [];
    const workers = new LocalWorkers((id) => woken.push(id));
    workers.add('mail', 'w1');
    workers.add('mail', 'w2');

    expect(workers.wake('mail')).toBe(true);
    expect(woken).toEqual(['w1']);
    for (let i = 0; i < 5; i++) expect(workers.wake('mail')).toBe(true);
    expect(woken).toEqual(['w1']);

    await pause(WAKE_SPACING_MS + 50);
    // The burst's five jobs: one wake-up, to the next worker in turn.
    expect(woken).toEqual(['w1', 'w2']);
    await pause(2 * WAKE_SPACING_MS);
    expect(woken).toEqual(['w1', 'w2']);
    workers.stop();
  });

  it('answers false for a queue without workers here, and wakes nothing after stop()', async () => {
    const woken: string[] = [];
    const workers = new LocalWorkers((id) => woken.push(id));
    workers.add('mail', 'w1');
    expect(workers.wake('other')).toBe(false);
    workers.wake('mail');
    workers.wake('mail');
    workers.stop();
    await pause(2 * WAKE_SPACING_MS);
    expect(woken).toEqual(['w1']);
  });
});
