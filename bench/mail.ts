/**
 * `npm run bench:mail [-- --write]`: the mail pipeline end to end, against a Bazaar started here
 * (DATABASE_URL / REDIS_URL when set, else the embedded database) that mails an SMTP sink on
 * loopback. Scenarios:
 *  - sign-ups: 300 registrations at 30/s; lag from the 201 to the verification mail at the sink;
 *  - checkout: 10 customers placing orders as fast as they can for 15 s; lag to the confirmation;
 *  - backlog: 2,000 mails queued in one transaction (needs DATABASE_URL), time to drain them.
 * `--write` puts the table into docs/benchmarks.md between the mail-results markers.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { replaceBenchmarksSection } from './benchmarks-doc';
import { SEND_EMAIL_JOB } from '../src/modules/notifications/service';
import { JobQueue } from '../src/platform/jobs';
import { DeferredWrites } from '../src/platform/db';
import { signAccessToken } from '../src/platform/security';
import { freePort, spawnScript, waitUntilReady, type Spawned } from '../test/helpers/process';

const { values: args } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    /** Comma-separated subset of: signups, checkout, backlog. */
    only: { type: 'string' },
  },
});
const wanted = (name: string) => !args.only || args.only.split(',').includes(name);
const JWT_ACCESS_SECRET = 'bench-access-secret-bench-access-secret-000';

/** Arrival time of every message, by recipient, plus subjects. */
const arrivals = new Map<string, Array<{ at: number; subject: string }>>();
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString();
    });
    stream.on('end', () => {
      const subject = /^Subject: (.*)$/m.exec(head)?.[1] ?? '';
      for (const rcpt of session.envelope.rcptTo) {
        const list = arrivals.get(rcpt.address) ?? [];
        list.push({ at: Date.now(), subject });
        arrivals.set(rcpt.address, list);
      }
      callback();
    });
  },
});

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe() && Date.now() < deadline) await sleep(50);
  return probe();
}

async function signups(base: string, databaseUrl: string | undefined): Promise<string> {
  const sent = new Map<string, number>();
  const statuses = new Map<number, number>();
  const run = randomUUID().slice(0, 6);
  const requests: Promise<void>[] = [];
  for (let i = 0; i < 300; i++) {
    const email = `signup-${run}-${i}@example.com`;
    requests.push(
      fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}` },
        body: JSON.stringify({ email, password: 'Bench-signup-password-42', name: 'Bench' }),
      }).then(
        (res) => {
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 201) sent.set(email, Date.now());
        },
        () => void statuses.set(0, (statuses.get(0) ?? 0) + 1),
      ),
    );
    await sleep(1000 / 30);
  }
  await Promise.all(requests);
  await until(() => [...sent.keys()].every((email) => arrivals.has(email)), 60_000);
  const lags = [...sent].flatMap(([email, at]) =>
    arrivals.has(email) ? [arrivals.get(email)![0]!.at - at] : [],
  );
  if (databaseUrl) console.log(await pickupProfile(databaseUrl, 'email.critical', sent));
  const other = [...statuses]
    .filter(([status]) => status !== 201)
    .map(([status, n]) => `${n} × ${status || 'error'}`);
  return `| 300 sign-ups at 30/s → verification code | ${sent.size} × 201${other.length ? ` (${other.join(', ')})` : ''}, ${lags.length} mailed | ${percentile(lags, 50)} | ${percentile(lags, 99)} | ${Math.max(...lags)} |`;
}

/**
 * Where a mail's lag goes, from the job rows: the API's answer → a worker starting the job
 * (pickup) → the job completing (send), p50 / p99 in ms.
 */
async function pickupProfile(databaseUrl: string, queue: string, answered: Map<string, number>) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ to: string; started: Date; completed: Date | null }>(
    `SELECT data->>'to' AS to, started_on AS started, completed_on AS completed FROM pgboss.job WHERE name = $1`,
    [queue],
  );
  await client.end();
  const pickup: number[] = [];
  const send: number[] = [];
  for (const row of rows) {
    const at = answered.get(row.to);
    if (at === undefined || !row.started) continue;
    pickup.push(row.started.getTime() - at);
    if (row.completed) send.push(row.completed.getTime() - row.started.getTime());
  }
  const figures = (values: number[]) => `p50 ${percentile(values, 50)} ms, p99 ${percentile(values, 99)} ms`;
  return `${queue}: answer → job started ${figures(pickup)}; started → completed ${figures(send)}`;
}

async function checkouts(base: string, databaseUrl: string | undefined): Promise<string> {
  if (!databaseUrl)
    return '| 10 customers checking out for 15 s → confirmation | skipped (needs DATABASE_URL) | | | |';
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const run = randomUUID().slice(0, 6);
  const users: Array<{ id: string; email: string; role: 'ADMIN' | 'CUSTOMER' }> = [];
  for (let i = 0; i <= 10; i++) {
    const email = `buyer-${run}-${i}@example.com`;
    const role = i === 0 ? 'ADMIN' : 'CUSTOMER';
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO users (email, name, role, email_verified_at) VALUES ($1, 'Bench', $2, now()) RETURNING id`,
      [email, role],
    );
    users.push({ id: rows[0]!.id, email, role });
  }
  await client.end();
  const config = { JWT_ACCESS_SECRET, ACCESS_TOKEN_TTL: 3_600_000 };
  const [admin, ...customers] = await Promise.all(
    users.map(async (u) => ({ ...u, token: await signAccessToken(config, u) })),
  );
  const call = (token: string, url: string, body: object) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const created = await call(admin!.token, '/api/v1/products', {
    name: `Mail bench item ${run}`,
    variants: [{ sku: `MB-${run}`, price: 1999, stock: 1_000_000 }],
  });
  const variantId = ((await created.json()) as { data: { variants: Array<{ id: string }> } }).data
    .variants[0]!.id;
  const placed = new Map<string, { email: string; at: number }>();
  const end = Date.now() + 15_000;
  await Promise.all(
    customers.map(async (customer) => {
      while (Date.now() < end) {
        await call(customer.token, '/api/v1/cart/items', { variantId, quantity: 1 });
        const res = await call(customer.token, '/api/v1/orders', {
          paymentMethod: 'COD',
          shippingAddress: {
            fullName: 'Bench',
            line1: '1 Load St',
            city: 'Pune',
            postalCode: '411001',
            country: 'IN',
          },
        });
        if (res.status !== 201) continue;
        const body = (await res.json()) as { data: { orderNumber: string } };
        placed.set(body.data.orderNumber, { email: customer.email, at: Date.now() });
      }
    }),
  );
  const arrivalOf = (number: string, email: string) =>
    arrivals.get(email)?.find((mail) => mail.subject.includes(`${number} confirmed`))?.at;
  await until(() => [...placed].every(([number, { email }]) => arrivalOf(number, email)), 60_000);
  const lags = [...placed].flatMap(([number, { email, at }]) => {
    const arrived = arrivalOf(number, email);
    return arrived ? [arrived - at] : [];
  });
  return `| 10 customers checking out for 15 s → confirmation | ${placed.size} orders, ${lags.length} mailed | ${percentile(lags, 50)} | ${percentile(lags, 99)} | ${Math.max(...lags)} |`;
}

async function backlog(databaseUrl: string | undefined): Promise<string> {
  if (!databaseUrl) return '| backlog of 2,000 mails | skipped (needs DATABASE_URL) | | | |';
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const queue = new JobQueue(pool, pino({ level: 'silent' }));
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
  const run = randomUUID().slice(0, 6);
  const client = await pool.connect();
  await client.query('BEGIN');
  const tx = {
    client,
    db: undefined as never,
    deferred: new DeferredWrites(),
    pipelined: false,
    run: undefined as never,
    commitWith: undefined as never,
    afterCommit: () => {}, // this process does not run the workers: there is nothing to wake
  };
  for (let i = 0; i < 2000; i++) {
    await queue.enqueue(
      SEND_EMAIL_JOB,
      { to: `backlog-${run}-${i}@example.com`, subject: 'Backlog', text: 'x' },
      { tx },
    );
  }
  await tx.deferred.flush();
  await client.query('COMMIT');
  const began = Date.now();
  client.release();
  const done = () => {
    let n = 0;
    for (const key of arrivals.keys()) if (key.startsWith(`backlog-${run}-`)) n++;
    return n;
  };
  await until(() => done() === 2000, 120_000);
  const seconds = (Date.now() - began) / 1000;
  await queue.stop();
  await pool.end();
  return `| backlog of 2,000 mails queued at once | ${done()} mailed in ${seconds.toFixed(1)} s: ${Math.round(done() / seconds)} mails/s | | | |`;
}

async function main(): Promise<void> {
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
  const smtpPort = (sink.server.address() as { port: number }).port;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-bench-mail-'));
  const port = await freePort();
  // A database of its own on the server DATABASE_URL points at, dropped afterwards.
  const databaseUrl = process.env.DATABASE_URL
    ? await createBenchDatabase(process.env.DATABASE_URL)
    : undefined;
  let server: Spawned | undefined;
  try {
    server = spawnScript('src/server.ts', {
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      JWT_ACCESS_SECRET,
      JWT_REFRESH_SECRET: 'bench-refresh-secret-bench-refresh-secret-00',
      RATE_LIMIT_MAX: '100000000',
      TRUST_PROXY: '127.0.0.1',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitUntilReady(`${base}/health/ready`, server);
    const rows: string[] = [];
    if (wanted('signups')) rows.push(await signups(base, databaseUrl));
    if (wanted('checkout')) rows.push(await checkouts(base, databaseUrl));
    if (wanted('backlog')) rows.push(await backlog(databaseUrl));
    // Anything the server logged as an error (a 5xx, a failed job) is part of the result.
    const errors = server
      .output()
      .stdout.split('\n')
      .filter((line) => /"level":(50|60)/.test(line));
    if (errors.length)
      console.log(`server logged ${errors.length} errors, first:\n${errors.slice(0, 3).join('\n')}`);
    const table = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version}, ${databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}, ${process.env.REDIS_URL ? 'Redis' : 'in-process cache'}, SMTP sink on loopback (\`npm run bench:mail\`).`,
      '',
      `Load average at the end: ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(', ')}.`,
      '',
      '| scenario | result | p50 ms | p99 ms | max ms |',
      '|---|---|---|---|---|',
      ...rows,
    ].join('\n');
    console.log(`\n${table}\n`);
    if (args.write) await replaceBenchmarksSection('mail-results', table);
  } catch (error) {
    console.error(`bench failed; server output:\n${server?.output().stderr.slice(-3000)}`);
    throw error;
  } finally {
    await server?.kill('SIGTERM');
    await new Promise<void>((resolve) => sink.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropBenchDatabase(databaseUrl);
  }
}

async function createBenchDatabase(url: string): Promise<string> {
  const name = `bazaar_bench_mail_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

async function dropBenchDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

await main();
