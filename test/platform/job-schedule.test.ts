import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/platform/jobs';
import { createTestApp, waitFor, type TestApp } from '../helpers/app';

// An app that runs no workers, so nothing else in this database schedules.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: false });
});
afterAll(async () => {
  await t.close();
});

describe('a job on a cron schedule', () => {
  it('is stored at start, and runs once the process works (the scheduler starts with the workers)', async () => {
    const queue = new JobQueue(t.ctx.database.pool, t.ctx.log, 0.5);
    let runs = 0;
    queue.define({
      name: 'test.every-minute',
      cron: '* * * * *',
      async handle() {
        runs++;
      },
    });
    try {
      await queue.start({ work: false });
      const { rows } = await t.ctx.database.pool.query(
        `SELECT cron, timezone FROM pgboss.schedule WHERE name = 'test.every-minute'`,
      );
      expect(rows).toEqual([{ cron: '* * * * *', timezone: 'UTC' }]);
      expect(queue.working).toBe(false);
      await queue.startWorking();
      expect(queue.working).toBe(true);
      // pg-boss's first cron check runs at once and sends what is due this minute.
      await waitFor(async () => runs > 0, 30_000);
      expect(runs).toBe(1);
    } finally {
      await queue.stop();
    }
  }, 45_000);
});
