import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueRealtimeEvent } from '../../src/modules/notifications/service';
import { JobQueue } from '../../src/platform/jobs';
import { REALTIME_EVENTS_SIGNAL, RealtimeOutbox } from '../../src/platform/realtime-outbox';
import { createTestApp, waitFor, type TestApp } from '../helpers/app';
import { recordPublished, type PublishedEvent } from '../helpers/realtime-events';

const waiting = async (t: TestApp) =>
  (await t.ctx.database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM realtime_events')).rows[0]!
    .n;

describe('the realtime outbox', () => {
  let t: TestApp;
  let published: PublishedEvent[];
  beforeAll(async () => {
    t = await createTestApp();
    published = recordPublished(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('publishes the events of a transaction after it commits, in the order they were recorded, and then deletes them', async () => {
    await t.ctx.database.transaction(async (tx) => {
      for (let n = 0; n < 50; n++)
        await queueRealtimeEvent(t.ctx, tx, 'order.updated', { orderId: 'in-order', n }, { admins: true });
    });
    await waitFor(async () => published.filter((e) => e.payload.orderId === 'in-order').length === 50);
    expect(published.filter((e) => e.payload.orderId === 'in-order').map((e) => e.payload.n)).toEqual(
      Array.from({ length: 50 }, (_, n) => n),
    );
    await waitFor(async () => (await waiting(t)) === 0);
  });

  it('never publishes an event whose transaction rolled back', async () => {
    await expect(
      t.ctx.database.transaction(async (tx) => {
        await queueRealtimeEvent(t.ctx, tx, 'order.updated', { orderId: 'rolled-back' }, { admins: true });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await queueRealtimeEvent(t.ctx, undefined, 'order.updated', { orderId: 'after-it' }, { admins: true });
    await waitFor(async () => published.some((e) => e.payload.orderId === 'after-it'));
    await waitFor(async () => (await waiting(t)) === 0);
    expect(published.some((e) => e.payload.orderId === 'rolled-back')).toBe(false);
  });

  it('publishes events a process recorded and did not send (it died before its drain)', async () => {
    await t.ctx.database.pool.query(
      `INSERT INTO realtime_events (event, payload, audience) VALUES ('order.updated', '{"orderId":"left-behind"}', '{"admins":true}')`,
    );
    // No wake-up: the poll finds it.
    await waitFor(async () => published.some((e) => e.payload.orderId === 'left-behind'));
    expect(published.find((e) => e.payload.orderId === 'left-behind')).toEqual({
      event: 'order.updated',
      payload: { orderId: 'left-behind' },
      audience: { admins: true },
    });
  });

  it('keeps a batch whose publishing failed and sends it again (at least once)', async () => {
    const publish = t.ctx.realtime.publish;
    let failures = 0;
    t.ctx.realtime.publish = (event, payload, audience) => {
      if ((payload as { orderId?: string }).orderId === 'retried' && failures++ === 0)
        throw new Error('adapter down');
      publish(event, payload, audience);
    };
    try {
      await queueRealtimeEvent(t.ctx, undefined, 'order.updated', { orderId: 'retried' }, { admins: true });
      await waitFor(async () => published.some((e) => e.payload.orderId === 'retried'));
      expect(failures).toBe(2);
      await waitFor(async () => (await waiting(t)) === 0);
    } finally {
      t.ctx.realtime.publish = publish;
    }
  });
});

describe('the realtime outbox in a process that runs no job workers', () => {
  it('leaves the events to the processes that do', async () => {
    const api = await createTestApp({ work: false });
    try {
      const published = recordPublished(api);
      await api.ctx.database.transaction(async (tx) => {
        await queueRealtimeEvent(api.ctx, tx, 'order.updated', { orderId: 'for-a-worker' }, { admins: true });
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(published).toEqual([]);
      expect(await waiting(api)).toBe(1);
      await api.ctx.jobs.startWorking();
      await waitFor(async () => published.some((e) => e.payload.orderId === 'for-a-worker'));
      await waitFor(async () => (await waiting(api)) === 0);
    } finally {
      await api.close();
    }
  });
});

const why = 'needs DATABASE_URL: only a real server has a second process (LISTEN/NOTIFY)';
describe.skipIf(!process.env.DATABASE_URL)(`the realtime outbox across processes (${why})`, () => {
  it('a process without job workers wakes the ones that publish when its events commit', async () => {
    const t = await createTestApp({ work: false });
    const url = t.ctx.database.url;
    // Two processes' queues and outboxes, wired as createContext wires them, neither outbox
    // polling (no start()): the worker's can publish only when the wake-up reaches it.
    const api = JobQueue.withOwnPool(url, t.ctx.log, { wakeAcrossProcesses: true, postgresServer: true });
    const worker = JobQueue.withOwnPool(url, t.ctx.log, { wakeAcrossProcesses: true, postgresServer: true });
    const published: unknown[] = [];
    const outboxOf = (queue: JobQueue, publish: (payload: object) => void) =>
      new RealtimeOutbox(
        t.ctx.database.pool,
        (events) => events.forEach((e) => publish(e.payload)),
        () => queue.working,
        () => queue.signal(REALTIME_EVENTS_SIGNAL),
        t.ctx.log,
      );
    const apiOutbox = outboxOf(api, () => {
      throw new Error('a process without job workers published');
    });
    const workerOutbox = outboxOf(worker, (payload) => published.push(payload));
    worker.onSignal(REALTIME_EVENTS_SIGNAL, () => workerOutbox.wake());
    await worker.start({ work: true });
    await api.start({ work: false });
    try {
      await t.ctx.database.transaction(async (tx) => {
        await apiOutbox.record(tx, 'order.updated', { orderId: 'woken' }, { admins: true });
      });
      await waitFor(async () => published.length > 0, 8_000);
      expect(published).toEqual([{ orderId: 'woken' }]);
      await waitFor(async () => (await waiting(t)) === 0);
    } finally {
      await apiOutbox.stop();
      await workerOutbox.stop();
      await api.stop();
      await worker.stop();
      await t.close();
    }
  }, 30_000);
});
