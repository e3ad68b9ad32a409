import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  queueEmail,
  SEND_CRITICAL_EMAIL_JOB,
  SEND_EMAIL_JOB,
} from '../../../src/modules/notifications/service';
import { passwordResetEmail, verificationCodeEmail } from '../../../src/modules/notifications/templates';
import { JobQueue } from '../../../src/platform/jobs';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { startMailCatcher, type MailCatcher } from '../../helpers/mail';
import { countStatements } from '../../helpers/sql-count';

let t: TestApp;
let mail: MailCatcher;

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({ env: { SMTP_URL: mail.url, MAIL_CONCURRENCY: '20' } });
});
afterAll(async () => {
  await t.close();
  await mail.close();
});

const rows = async (sql: string, params: unknown[] = []) =>
  (await t.ctx.database.pool.query(sql, params)).rows;

describe('mail queues', () => {
  it('drains a backlog in batches, and a code queued behind it is not delayed by it', async () => {
    const backlog = 300;
    await t.ctx.database.transaction(async (tx) => {
      for (let i = 0; i < backlog; i++) {
        await queueEmail(t.ctx, tx, { to: `bulk-${i}@example.com`, subject: `Bulk ${i}`, text: 'hello' });
      }
    });
    await queueEmail(t.ctx, undefined, {
      to: 'urgent@example.com',
      ...verificationCodeEmail({ code: '424242' }),
    });
    await mail.next('urgent@example.com', /verification code/);
    const urgentAfter = mail.messages.length;
    await waitFor(async () => mail.messages.length >= backlog + 1, 60_000);
    // The code overtook most of the backlog (its own queue and workers). The drain rate itself is
    // a benchmark figure (npm run bench:mail), not a CI assertion.
    expect(urgentAfter).toBeLessThan(backlog / 2);
    // Each mail reaches the sink just before pg-boss records its completion.
    const states = await waitFor(async () => {
      const found = await rows(
        'SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = $1 GROUP BY state',
        [SEND_EMAIL_JOB],
      );
      return found.length === 1 && found[0].state === 'completed' ? found : undefined;
    });
    expect(states).toEqual([{ state: 'completed', n: backlog }]);
  }, 90_000);

  it('keeps no code or reset token in the job row once sent, and logs no subject', async () => {
    const info = vi.spyOn(t.ctx.log, 'info');
    try {
      await queueEmail(t.ctx, undefined, {
        to: 'code@example.com',
        ...verificationCodeEmail({ code: '135790' }),
      });
      const reset = passwordResetEmail({
        link: 'https://shop.example/reset?token=tok_SECRET_reset_123',
        token: 'tok_SECRET_reset_123',
      });
      await queueEmail(t.ctx, undefined, { to: 'reset@example.com', ...reset });
      expect((await mail.next('code@example.com')).text).toContain('135790');
      expect((await mail.next('reset@example.com')).text).toContain('tok_SECRET_reset_123');
      const sent = await waitFor(async () => {
        const found = await rows(
          `SELECT state, data FROM pgboss.job WHERE name = $1 AND data->>'to' IN ('code@example.com', 'reset@example.com')`,
          [SEND_CRITICAL_EMAIL_JOB],
        );
        return found.length === 2 && found.every((row) => row.state === 'completed') ? found : undefined;
      });
      for (const row of sent) {
        expect(JSON.stringify(row.data)).not.toMatch(/135790|tok_SECRET_reset_123|subject|text|html/);
        expect(row.data).toMatchObject({ outcome: 'sent' });
      }
      const logged = JSON.stringify(info.mock.calls);
      expect(logged).toContain('email sent');
      expect(logged).not.toMatch(/135790|tok_SECRET_reset_123|verification code|Reset your/);
    } finally {
      info.mockRestore();
    }
  });
});

describe('mail job rows once their mail is done', () => {
  const secretBody = 'Order BZ-SECRET-991: 3 × item, delivered to 12 Hidden Lane';

  it('a sent bulk mail keeps its recipient and subject, not its body', async () => {
    const id = await queueEmail(t.ctx, undefined, {
      to: 'bulk-scrub@example.com',
      subject: 'Order confirmed',
      text: secretBody,
      html: `<p>${secretBody}</p>`,
    });
    expect((await mail.next('bulk-scrub@example.com')).text).toContain('BZ-SECRET-991');
    const [row] = await waitFor(async () => {
      const found = await rows('SELECT state, data FROM pgboss.job WHERE id = $1', [id]);
      return found[0]?.state === 'completed' ? found : undefined;
    });
    expect(row.data).toEqual({ outcome: 'sent', to: 'bulk-scrub@example.com', subject: 'Order confirmed' });
  });

  it('a batch of sent mails is scrubbed in one statement', async () => {
    const recipients = Array.from({ length: 6 }, (_, i) => `batch-scrub-${i}@example.com`);
    const { result: ids, statements } = await countStatements(async () => {
      const queued: string[] = [];
      // Committed together: one wake-up, one fetch of all six (a batch holds up to ten).
      await t.ctx.database.transaction(async (tx) => {
        for (const to of recipients)
          queued.push(await queueEmail(t.ctx, tx, { to, subject: 'Order confirmed', text: secretBody }));
      });
      for (const to of recipients) await mail.next(to);
      await waitFor(async () => {
        const done = await rows(`SELECT id FROM pgboss.job WHERE id = ANY($1) AND state = 'completed'`, [
          queued,
        ]);
        return done.length === queued.length ? done : undefined;
      });
      return queued;
    });
    const found = await rows('SELECT data FROM pgboss.job WHERE id = ANY($1)', [ids]);
    expect(found.map((row) => row.data).sort((a, b) => a.to.localeCompare(b.to))).toEqual(
      recipients.map((to) => ({ outcome: 'sent', to, subject: 'Order confirmed' })),
    );
    const scrubs = statements.filter((text) => /^UPDATE pgboss\.job\b[^;]*\bSET data\b/.test(text));
    expect(scrubs.length).toBeGreaterThanOrEqual(1);
    expect(scrubs.length).toBeLessThan(recipients.length);
  });

  it('a mail that failed for good keeps the error, not the message, in its row and its dead letter', async () => {
    const send = vi.spyOn(t.ctx.mailer, 'send').mockImplementation(async (message) => {
      if (message.to === 'doomed@example.com') throw new Error('550 mailbox unavailable');
    });
    try {
      let id = '';
      await t.ctx.database.transaction(async (tx) => {
        // Held back an hour: a job enqueued in a transaction is inserted at its commit, and the
        // worker must not try it before its retries are used up (below).
        id = await t.ctx.jobs.enqueue(
          SEND_CRITICAL_EMAIL_JOB,
          { to: 'doomed@example.com', ...verificationCodeEmail({ code: '864209' }) },
          { tx, startAfterSeconds: 3_600 },
        );
      });
      // Its retries are used up and it is due: the next try is the last one.
      const due = await rows(
        'UPDATE pgboss.job SET retry_count = retry_limit, start_after = now() WHERE id = $1 RETURNING id',
        [id],
      );
      expect(due).toHaveLength(1);
      const [failed] = await waitFor(async () => {
        const found = await rows('SELECT state, data, output FROM pgboss.job WHERE id = $1', [id]);
        return found[0]?.state === 'failed' ? found : undefined;
      });
      const expected = { outcome: 'failed', to: 'doomed@example.com', error: '550 mailbox unavailable' };
      expect(failed.data).toEqual(expected);
      const letters = await waitFor(async () => {
        const found = await rows(`SELECT data FROM pgboss.job WHERE name = $1 AND data->>'to' = $2`, [
          `${SEND_CRITICAL_EMAIL_JOB}.failed`,
          'doomed@example.com',
        ]);
        return found.length ? found : undefined;
      });
      expect(letters.map((letter) => letter.data)).toEqual([expected]);
      const everything = JSON.stringify(
        await rows(`SELECT data, output FROM pgboss.job WHERE name LIKE 'email.%'`),
      );
      expect(everything).not.toMatch(/864209|verification code|BZ-SECRET-991|Hidden Lane/);
    } finally {
      send.mockRestore();
    }
  });
});

describe('batched job workers', () => {
  it('run a batch side by side within the bound, and retry only the job that failed', async () => {
    const queue = new JobQueue(t.ctx.database.pool, t.ctx.log, 0.5);
    let running = 0;
    let peak = 0;
    const attempts = new Map<number, number>();
    queue.define<{ n: number }>({
      name: 'test.batched',
      concurrency: 2,
      batchSize: 4,
      retryLimit: 2,
      retryDelay: 1,
      retryBackoff: false,
      async handle({ n }) {
        attempts.set(n, (attempts.get(n) ?? 0) + 1);
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 50));
        running--;
        if (n === 3 && attempts.get(n) === 1) throw new Error('first attempt of job 3 fails');
      },
    });
    await queue.start({ work: true });
    try {
      for (let n = 0; n < 16; n++) await queue.enqueue('test.batched', { n });
      await waitFor(async () => {
        const [row] = await rows(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.batched' AND state = 'completed'`,
        );
        return row.n === 16;
      }, 20_000);
      expect(peak).toBeGreaterThan(1);
      expect(peak).toBeLessThanOrEqual(8);
      expect(attempts.get(3)).toBe(2);
      expect([...attempts.entries()].filter(([n]) => n !== 3).every(([, count]) => count === 1)).toBe(true);
    } finally {
      await queue.stop();
    }
  }, 30_000);
});
