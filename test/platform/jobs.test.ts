import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueEmail, SEND_EMAIL_JOB } from '../../src/modules/notifications/service';
import { createTestApp, waitFor, type TestApp } from '../helpers/app';
import { spawnScript } from '../helpers/process';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const mailDir = () => path.join(t.dataDir, 'mail');
async function mailFiles(): Promise<string[]> {
  return readdir(mailDir()).catch(() => []);
}
async function jobsNamed(name: string): Promise<number> {
  const { rows } = await t.ctx.database.pool.query(
    'SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1',
    [name],
  );
  return rows[0].n;
}

describe('jobs enqueued inside a business transaction', () => {
  it('never exist when the transaction rolls back', async () => {
    await expect(
      t.ctx.database.transaction(async (tx) => {
        await queueEmail(t.ctx, tx, { to: 'rollback@example.com', subject: 'never', text: 'never sent' });
        throw new Error('business rule failed after the enqueue');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await jobsNamed(SEND_EMAIL_JOB)).toBe(0);
  });

  it('run when the transaction commits (here: an .eml file in DATA_DIR/mail)', async () => {
    await t.ctx.database.transaction(async (tx) => {
      await queueEmail(t.ctx, tx, { to: 'commit@example.com', subject: 'Order confirmed', text: 'Thanks!' });
    });
    const [file] = await waitFor(async () => {
      const files = await mailFiles();
      return files.length > 0 ? files : undefined;
    });
    const eml = await readFile(path.join(mailDir(), file!), 'utf8');
    expect(eml).toContain('To: commit@example.com');
    expect(eml).toContain('Subject: Order confirmed');
    expect(eml).toContain('Thanks!');
    expect(await mailFiles()).toHaveLength(1);
    // The mail file is written before pg-boss records the completion.
    const states = await waitFor(async () => {
      const { rows } = await t.ctx.database.pool.query('SELECT state FROM pgboss.job WHERE name = $1', [
        SEND_EMAIL_JOB,
      ]);
      return rows.every((r) => r.state === 'completed') ? rows.map((r) => r.state) : undefined;
    });
    expect(states).toEqual(['completed']);
  });
});

describe('a job that keeps failing', () => {
  it('lands in its dead-letter queue with its data once retries are exhausted', async () => {
    const { JobQueue } = await import('../../src/platform/jobs');
    const queue = new JobQueue(t.ctx.database.pool, t.ctx.log, 0.5);
    let attempts = 0;
    queue.define<{ to: string }>({
      name: 'test.always-fails',
      deadLetter: 'test.always-fails.dead',
      retryLimit: 1,
      retryDelay: 1,
      retryBackoff: false,
      async handle() {
        attempts++;
        throw new Error('SMTP said no');
      },
    });
    await queue.start({ work: true });
    try {
      await queue.enqueue('test.always-fails', { to: 'nobody@example.com' });
      const dead = await waitFor(async () => {
        const { rows } = await t.ctx.database.pool.query(
          `SELECT data FROM pgboss.job WHERE name = 'test.always-fails.dead'`,
        );
        return rows[0];
      }, 20_000);
      expect(dead.data).toEqual({ to: 'nobody@example.com' });
      expect(attempts).toBe(2);
      const { rows } = await t.ctx.database.pool.query(
        `SELECT state, output FROM pgboss.job WHERE name = 'test.always-fails'`,
      );
      expect(rows[0].state).toBe('failed');
      expect(JSON.stringify(rows[0].output)).toContain('SMTP said no');
    } finally {
      await queue.stop();
    }
  });
});

describe('a handler that finishes after the queue stopped', () => {
  it('leaves its job to run again and rejects nothing unhandled', async () => {
    // pg-boss completes a job without awaiting it; once stop() resolved, that bookkeeping is
    // dropped, and it must not reject (it did: "Cannot read properties of undefined (reading
    // 'count')", seen as a flaky unhandled error after a test closed its app).
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const { JobQueue } = await import('../../src/platform/jobs');
    const queue = new JobQueue(t.ctx.database.pool, t.ctx.log, 0.5);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    let finished = false;
    queue.define<{ n: number }>({
      name: 'test.outlives-stop',
      async handle() {
        started = true;
        await released;
        finished = true;
      },
    });
    try {
      await queue.start({ work: true });
      const id = await queue.enqueue('test.outlives-stop', { n: 1 });
      await waitFor(async () => started || undefined);
      // pg-boss waits at least 1 s for running handlers, then gives up: stop() resolves.
      await queue.stop(1_000);
      expect(finished).toBe(false);
      release();
      await waitFor(async () => finished || undefined);
      // pg-boss's completion runs a few ticks after the handler returns.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(unhandled).toEqual([]);
      const { rows } = await t.ctx.database.pool.query('SELECT state FROM pgboss.job WHERE id = $1', [id]);
      expect(rows[0].state).not.toBe('completed');
    } finally {
      release();
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('stop() in a process with nothing else to do', () => {
  it('keeps the process alive until the queue has stopped (a script exits 0, not 13)', async () => {
    const script = spawnScript('test/fixtures/stop-unstarted-queue.ts', {});
    const { code } = await script.exited;
    expect(script.output().stderr).toBe('');
    expect(code).toBe(0);
    expect(script.output().stdout).toBe('stopped\n');
  });
});
