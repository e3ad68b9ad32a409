import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SEND_EMAIL_JOB } from '../../../src/modules/notifications/service';
import type { DatabaseHandle } from '../../../src/platform/db';
import { JobQueue } from '../../../src/platform/jobs';
import { waitFor } from '../../helpers/app';
import { createTestDatabase } from '../../helpers/database';
import { startMailCatcher, type MailCatcher } from '../../helpers/mail';
import { freePort, spawnScript, waitUntilReady, type Spawned } from '../../helpers/process';

// Two lives of a real server process on one PostgreSQL database; the test writes the backlog into
// that database itself, which needs a server both processes reach.
describe.skipIf(!process.env.DATABASE_URL)('a mail backlog across a kill -9 (needs DATABASE_URL)', () => {
  const BACKLOG = 300;
  let database: DatabaseHandle;
  let mail: MailCatcher;
  let dataDir: string;
  const lives: Spawned[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(inject('templateDatabase'));
    mail = await startMailCatcher();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-mail-crash-'));
  });
  afterAll(async () => {
    await Promise.all(lives.map((life) => life.kill()));
    await mail?.close();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function startLife(env: Record<string, string> = {}): Promise<Spawned> {
    const port = await freePort();
    const life = spawnScript('src/server.ts', {
      DATABASE_URL: database.url,
      SMTP_URL: mail.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    });
    lives.push(life);
    await waitUntilReady(`http://127.0.0.1:${port}/health/ready`, life);
    return life;
  }

  // Nothing acknowledged is lost. How fast the backlog drains (2.7 s on a quiet run) is a
  // benchmark figure (docs/benchmarks.md), not something a loaded CI machine should fail on.
  it('delivers every mail of the backlog after a kill -9 and a restart', async () => {
    // First life sends one at a time, so most of the backlog is still queued (or in flight) when killed.
    const first = await startLife({ MAIL_CONCURRENCY: '1' });
    const queue = new JobQueue(database.pool, pino({ level: 'silent' }));
    queue.define({
      name: SEND_EMAIL_JOB,
      deadLetter: `${SEND_EMAIL_JOB}.failed`,
      retryLimit: 8,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 20,
      handle: async () => {},
    });
    await queue.start({ work: false });
    await database.transaction(async (tx) => {
      for (let i = 0; i < BACKLOG; i++) {
        await queue.enqueue(
          SEND_EMAIL_JOB,
          { to: `backlog-${i}@example.com`, subject: `Backlog ${i}`, text: 'x' },
          { tx },
        );
      }
    });
    await queue.stop();
    await waitFor(async () => mail.messages.length >= 10, 30_000);
    await first.kill('SIGKILL');
    const sentBefore = new Set(mail.messages.map((m) => m.messageId)).size;
    expect(sentBefore).toBeLessThan(BACKLOG);

    await startLife();
    const restartedAt = Date.now();
    await waitFor(async () => new Set(mail.messages.map((m) => m.messageId)).size === BACKLOG, 120_000);
    const deliveredWithinMs = Date.now() - restartedAt;
    // Every message of the backlog arrived (a repeat of one in flight at the kill is allowed).
    const recipients = new Set(mail.messages.flatMap((m) => m.to));
    expect(recipients.size).toBe(BACKLOG);
    // Jobs in flight at the kill go back to the queue once they expire; in the end all complete.
    await waitFor(async () => {
      const { rows } = await database.pool.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'`,
        [SEND_EMAIL_JOB],
      );
      return rows[0].n === BACKLOG;
    }, 45_000);
    process.stderr.write(
      `mail backlog: ${sentBefore} sent before the kill, all ${BACKLOG} within ${deliveredWithinMs} ms of the restart\n`,
    );
  }, 240_000);
});
