import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SEND_EMAIL_JOB } from '../../../src/modules/notifications/service';
import { connectDatabase, startEmbeddedPostgres, type DatabaseHandle } from '../../../src/platform/db';
import { JobQueue } from '../../../src/platform/jobs';
import { waitFor } from '../../helpers/app';
import { createTestDatabase } from '../../helpers/database';
import { startMailCatcher, type MailCatcher } from '../../helpers/mail';
import { freePort, spawnScript, waitUntilReady, type Spawned } from '../../helpers/process';

// Two lives of a real server process on one database: a PostgreSQL database of its own
// (DATABASE_URL), or the embedded database in the data directory both lives use (the question
// there: does PGlite's directory keep everything acknowledged across a kill -9?).
const embedded = !process.env.DATABASE_URL;
describe(`a mail backlog across a kill -9 (${embedded ? 'embedded database' : 'PostgreSQL'})`, () => {
  const BACKLOG = 300;
  let database: DatabaseHandle | undefined;
  let mail: MailCatcher;
  let dataDir: string;
  const lives: Spawned[] = [];

  beforeAll(async () => {
    if (!embedded) database = await createTestDatabase(inject('templateDatabase'));
    mail = await startMailCatcher();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-mail-crash-'));
  });
  afterAll(async () => {
    await Promise.all(lives.map((life) => life.kill()));
    await mail?.close();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /**
   * Queues the backlog in one transaction. The embedded database has one owner at a time, so
   * there it is written before the first life opens the directory.
   */
  async function writeBacklog(): Promise<void> {
    const server = embedded ? await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') }) : undefined;
    const target = server ? connectDatabase({ url: server.url, embedded: true, poolSize: 2 }) : database!;
    const queue = new JobQueue(target.pool, pino({ level: 'silent' }));
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
    await target.transaction(async (tx) => {
      for (let i = 0; i < BACKLOG; i++) {
        await queue.enqueue(
          SEND_EMAIL_JOB,
          { to: `backlog-${i}@example.com`, subject: `Backlog ${i}`, text: 'x' },
          { tx },
        );
      }
    });
    await queue.stop();
    if (server) {
      await target.pool.end();
      await server.stop();
    }
  }

  async function startLife(env: Record<string, string> = {}): Promise<Spawned & { url: string }> {
    const port = await freePort();
    const life = spawnScript('src/server.ts', {
      ...(database ? { DATABASE_URL: database.url } : {}),
      SMTP_URL: mail.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    });
    lives.push(life);
    await waitUntilReady(`http://127.0.0.1:${port}/health/ready`, life);
    return Object.assign(life, { url: `http://127.0.0.1:${port}` });
  }

  // Nothing acknowledged is lost. How fast the backlog drains (2.7 s on a quiet run) is a
  // benchmark figure (docs/benchmarks.md), not something a loaded CI machine should fail on.
  it('delivers every mail of the backlog after a kill -9 and a restart', async () => {
    if (embedded) await writeBacklog();
    // First life sends one at a time, so most of the backlog is still queued (or in flight) when killed.
    const first = await startLife({ MAIL_CONCURRENCY: '1', TRUST_PROXY: '127.0.0.1' });
    if (!embedded) await writeBacklog();
    // Sign-ups the first life acknowledges (201) just before it dies: their rows and code mails
    // must survive the kill.
    const signups = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const email = `acked-${i}@example.com`;
        const res = await fetch(`${first.url}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.7.0.${i}` },
          body: JSON.stringify({ email, password: 'quiet lantern river 7', name: 'Acked' }),
        });
        return res.status === 201 ? email : undefined;
      }),
    );
    const acknowledged = signups.filter((email) => email !== undefined);
    expect(acknowledged).toHaveLength(10);
    await waitFor(async () => mail.messages.length >= 10, 30_000);
    await first.kill('SIGKILL');
    const sentBefore = new Set(mail.messages.map((m) => m.messageId)).size;
    expect(sentBefore).toBeLessThan(BACKLOG);

    const second = await startLife();
    const restartedAt = Date.now();
    const total = BACKLOG + acknowledged.length;
    await waitFor(async () => new Set(mail.messages.map((m) => m.messageId)).size === total, 120_000);
    const deliveredWithinMs = Date.now() - restartedAt;
    // Every message of the backlog arrived (a repeat of one in flight at the kill is allowed).
    const recipients = new Set(mail.messages.flatMap((m) => m.to));
    expect(recipients.size).toBe(total);
    for (const email of acknowledged) expect(recipients.has(email!)).toBe(true);
    // The acknowledged accounts exist: a second sign-up with the same address is refused.
    const again = await fetch(`${second.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: acknowledged[0], password: 'quiet lantern river 7', name: 'Acked' }),
    });
    expect(again.status).toBe(409);
    // Jobs in flight at the kill go back to the queue once they expire; in the end all complete.
    await waitFor(async () => {
      if (!database) {
        // The embedded database has one owner (the server): ask it for the queue's depth.
        const metrics = await (await fetch(`${second.url}/metrics`)).text();
        return !new RegExp(`bazaar_job_queue_depth\\{queue="${SEND_EMAIL_JOB}"\\} [1-9]`).test(metrics);
      }
      const { rows } = await database.pool.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'`,
        [SEND_EMAIL_JOB],
      );
      return rows[0].n === BACKLOG;
    }, 45_000);
    process.stderr.write(
      `mail backlog: ${sentBefore} sent before the kill, all ${total} (backlog and acknowledged sign-ups) within ${deliveredWithinMs} ms of the restart\n`,
    );
  }, 240_000);
});
