import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnScript, waitUntilReady, type Spawned } from '../helpers/process';

interface Outcome {
  status?: number;
  connection?: string | undefined;
  body?: string;
  error?: string;
  sentAfterSigtermMs: number | null;
}

let dataDir: string;
let port: number;
let server: Spawned;
let sigtermAt: number | null = null;

function get(agent: http.Agent, url: string): Promise<Outcome> {
  const sentAfterSigtermMs = sigtermAt === null ? null : Date.now() - sigtermAt;
  return new Promise((resolve) => {
    const request = http.get(`http://127.0.0.1:${port}${url}`, { agent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({
          status: response.statusCode,
          connection: response.headers.connection,
          body,
          sentAfterSigtermMs,
        }),
      );
    });
    request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
    request.on('error', (error) => resolve({ error: error.message, sentAfterSigtermMs }));
  });
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-drain-'));
  port = await freePort();
  server = spawnScript('src/server.ts', {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    RATE_LIMIT_MAX: '10000000',
  });
  await waitUntilReady(`http://127.0.0.1:${port}/health/ready`, server);
}, 90_000);

afterAll(async () => {
  await server.kill();
  await rm(dataDir, { recursive: true, force: true });
});

describe('SIGTERM under keep-alive load (a real listening server)', () => {
  it('answers every request sent before or during the drain, closes the connections, exits 0 within 10 s', async () => {
    const paths = ['/health/live', '/api/v1/products?limit=5', '/health/ready', '/api/v1/categories'];
    const outcomes: Outcome[] = [];
    // Busy clients: one kept-alive connection each, a request right after the other, until the
    // server says `Connection: close` (then they stop: a new connection is not "existing").
    const busy = Array.from({ length: 6 }, async (_, client) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = client; ; i++) {
          const outcome = await get(agent, paths[i % paths.length]!);
          outcomes.push(outcome);
          if (outcome.error || outcome.connection === 'close') return;
        }
      } finally {
        agent.destroy();
      }
    });
    // An idle client: connected before SIGTERM, silent for over a second, then sends once the drain is on.
    const idleAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    outcomes.push(await get(idleAgent, '/health/live'));
    // A load balancer's probe, on a connection of its own, asking again once the drain is on.
    const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const readyBefore = await get(probeAgent, '/health/ready');

    // Idle for longer than the drain's idle grace (1 s) before SIGTERM: the grace counts from the
    // drain's start, so the late request below is still answered (it was cut under load before).
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    sigtermAt = Date.now();
    server.child.kill('SIGTERM');
    // Send once the drain is on (a busy client was told `Connection: close`): a fixed delay
    // raced the server's handling of the signal on a loaded machine.
    await waitUntil(() => outcomes.some((o) => o.connection === 'close'), 10_000);
    const late = await get(idleAgent, '/api/v1/products?limit=5');
    outcomes.push(late);
    idleAgent.destroy();
    // `late` was answered with Connection: close, so the drain is on: not ready any more.
    const readyDuring = await get(probeAgent, '/health/ready');
    probeAgent.destroy();
    await Promise.all(busy);
    const exit = await server.exited;
    const exitAfterSigtermMs = Date.now() - sigtermAt;

    expect(outcomes.filter((o) => o.error)).toEqual([]);
    // Every request answered; a readiness probe handled during the drain says 503 draining.
    const drainingProbe = (o: Outcome) =>
      o.status === 503 && o.connection === 'close' && JSON.parse(o.body!).status === 'draining';
    expect(outcomes.filter((o) => o.status !== 200 && !drainingProbe(o))).toEqual([]);
    expect(readyBefore).toMatchObject({ status: 200 });
    expect(JSON.parse(readyBefore.body!)).toMatchObject({ status: 'ok', database: 'ok' });
    expect(readyDuring).toMatchObject({ status: 503, connection: 'close' });
    expect(JSON.parse(readyDuring.body!)).toMatchObject({ status: 'draining', database: 'ok' });
    // Requests were really sent during the drain, on connections opened before it.
    expect(late).toMatchObject({ status: 200, connection: 'close' });
    expect(outcomes.filter((o) => o.sentAfterSigtermMs !== null).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.connection === 'close').length).toBe(7);
    expect(exit.code).toBe(0);
    expect(exitAfterSigtermMs).toBeLessThan(10_000);
    // Nothing listens any more.
    expect((await get(new http.Agent(), '/health/live')).error).toMatch(/ECONNREFUSED/);
  }, 60_000);
});
