import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { DatabaseHandle } from '../../../src/platform/db';
import { waitFor } from '../../helpers/app';
import { createTestDatabase } from '../../helpers/database';
import { startReceiver, verified, type Receiver } from './receiver';

// tsx's loader in the server process itself: the tsx CLI would run the server in a grandchild,
// which the SIGKILL below would orphan (still holding the data directory).
const tsxLoader = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;
const ADMIN = { email: 'crash-admin@example.com', password: 'crash test admin password' };

let dataDir: string;
let database: DatabaseHandle | undefined;
let receiver: Receiver;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-webhook-crash-'));
  // On PostgreSQL the server gets a database of its own; embedded, it keeps PGlite under DATA_DIR.
  if (process.env.DATABASE_URL) database = await createTestDatabase(inject('templateDatabase'), 1);
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  }
  await receiver?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `npm start`'s entry point as a real process and waits until it answers /health/ready. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...base } = process.env;
  const child = spawn(process.execPath, ['--import', tsxLoader, 'src/server.ts'], {
    env: {
      ...base,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
      JWT_ACCESS_SECRET: 'crash-test-access-secret-0123456789abcdefghij',
      JWT_REFRESH_SECRET: 'crash-test-refresh-secret-0123456789abcdefghi',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    return fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
  }, 120_000);
  return { child, url };
}

async function call(url: string, init: { method: string; token?: string; body?: object }) {
  const response = await fetch(url, {
    method: init.method,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as { data: any } };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

describe('webhook events across a kill -9', () => {
  it('events recorded before the crash are delivered after the restart', async () => {
    // First life: no worker, so the events wait in the outbox when the process is killed.
    const first = await startServer({ START_WORKER: 'false' });
    const login = await call(`${first.url}/api/v1/auth/login`, { method: 'POST', body: ADMIN });
    expect(login.status).toBe(200);
    const token = login.body.data.accessToken as string;
    const created = await call(`${first.url}/api/v1/admin/webhooks`, {
      method: 'POST',
      token,
      body: { url: `${receiver.url}/erp`, events: ['*'] },
    });
    expect(created.status).toBe(201);
    const { id, secret } = created.body.data as { id: string; secret: string };
    const eventIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const queued = await call(`${first.url}/api/v1/admin/webhooks/${id}/test`, { method: 'POST', token });
      expect(queued.status).toBe(202);
      eventIds.push(queued.body.data.eventId);
    }
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(receiver.received).toEqual([]);

    // Second life, with the worker: every recorded event arrives, signed, once per event id.
    const second = await startServer({ START_WORKER: 'true' });
    await waitFor(
      async () => new Set(receiver.received.map((r) => r.headers['webhook-id'])).size === 5,
      30_000,
    );
    expect([...new Set(receiver.received.map((r) => r.headers['webhook-id']))].sort()).toEqual(
      eventIds.sort(),
    );
    for (const request of receiver.received) expect(verified(secret, request).type).toBe('webhook.test');
    const relogin = await call(`${second.url}/api/v1/auth/login`, { method: 'POST', body: ADMIN });
    const log = await waitFor(async () => {
      const list = await call(`${second.url}/api/v1/admin/webhooks/${id}/deliveries`, {
        method: 'GET',
        token: relogin.body.data.accessToken,
      });
      const rows = list.body.data as Array<{ status: string }>;
      return rows.length === 5 && rows.every((d) => d.status === 'SUCCEEDED') ? rows : undefined;
    });
    expect(log).toHaveLength(5);
    second.child.kill('SIGTERM');
    await exited(second.child);
  }, 300_000);
});
