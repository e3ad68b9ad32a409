import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/platform/jobs';
import { createTestApp, waitFor, type TestApp } from '../helpers/app';

// Workers here poll every 60 s: a job that runs within seconds was woken, not polled.
const SLOW_POLL_SECONDS = 60;
const WOKEN_WITHIN_MS = 8_000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A queue with one job, `name`, whose runs are recorded. */
function recordingQueue(queue: JobQueue, name: string) {
  const ran: string[] = [];
  queue.define<{ tag: string }>({
    name,
    async handle(data) {
      ran.push(data.tag);
    },
  });
  return ran;
}

/** Lets the workers' first fetch (made at start) pass, so they are asleep until the next poll. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('an idle worker in this process', () => {
  it('runs a job queued outside and inside a transaction at once, without waiting for its poll', async () => {
    const queue = new JobQueue(t.ctx.database.pool, t.ctx.log, SLOW_POLL_SECONDS);
    const ran = recordingQueue(queue, 'test.wake-local');
    await queue.start({ work: true });
    try {
      await settle();
      await queue.enqueue('test.wake-local', { tag: 'direct' });
      await waitFor(async () => ran.includes('direct'), WOKEN_WITHIN_MS);
      await settle();
      await t.ctx.database.transaction(async (tx) => {
        await queue.enqueue('test.wake-local', { tag: 'in-transaction' }, { tx });
        // Not before the COMMIT: the job does not exist yet.
        await settle();
        expect(ran).toEqual(['direct']);
      });
      await waitFor(async () => ran.includes('in-transaction'), WOKEN_WITHIN_MS);
      expect(ran).toEqual(['direct', 'in-transaction']);
    } finally {
      await queue.stop();
    }
  }, 30_000);
});

const why = 'needs DATABASE_URL: only a real server has a second process (LISTEN/NOTIFY)';
describe.skipIf(!process.env.DATABASE_URL)(`an idle worker in another process (${why})`, () => {
  it('is woken through PostgreSQL when a process that does not work queues a job', async () => {
    const url = t.ctx.database.url;
    const api = JobQueue.withOwnPool(url, t.ctx.log, { wakeAcrossProcesses: true, postgresServer: true });
    const worker = JobQueue.withOwnPool(url, t.ctx.log, {
      pollingIntervalSeconds: SLOW_POLL_SECONDS,
      wakeAcrossProcesses: true,
      postgresServer: true,
    });
    recordingQueue(api, 'test.wake-remote');
    const ran = recordingQueue(worker, 'test.wake-remote');
    await worker.start({ work: true });
    await api.start({ work: false });
    try {
      await settle();
      await t.ctx.database.transaction(async (tx) => {
        await api.enqueue('test.wake-remote', { tag: 'from-the-api' }, { tx });
      });
      await waitFor(async () => ran.includes('from-the-api'), WOKEN_WITHIN_MS);
      expect(ran).toEqual(['from-the-api']);
    } finally {
      await api.stop();
      await worker.stop();
    }
  }, 30_000);
});
