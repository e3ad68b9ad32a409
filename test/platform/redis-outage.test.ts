import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../helpers/app';
import { freePort } from '../helpers/process';
import { addToCart, bearer, checkout, product, shopper, type Shopper } from '../modules/orders/fixtures';

// The test runs its own redis-server (the shared one must not be killed), so it needs one
// installed; CI has it wherever REDIS_URL is set.
describe.skipIf(!process.env.REDIS_URL)(
  'a Redis outage under traffic (own redis-server; needs REDIS_URL)',
  () => {
    let redisDir: string;
    let port: number;
    let server: ChildProcess | undefined;
    let t: TestApp;
    let admin: Shopper;
    let customers: Shopper[];
    let item: Awaited<ReturnType<typeof product>>;
    let socket: Socket | undefined;

    async function startRedis(): Promise<void> {
      server = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          redisDir,
          '--bind',
          '127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
      probe.on('error', () => {});
      try {
        await waitFor(
          () =>
            probe.ping().then(
              () => true,
              () => false,
            ),
          10_000,
        );
      } finally {
        probe.disconnect();
      }
    }

    async function killRedis(): Promise<void> {
      const running = server;
      server = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    }

    beforeAll(async () => {
      redisDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-redis-'));
      port = await freePort();
      await startRedis();
      t = await createTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}` }, listen: true });
      admin = await shopper(t, 'ADMIN');
      customers = await Promise.all([shopper(t), shopper(t), shopper(t)]);
      item = await product(t, admin, { name: 'Before The Outage', stock: 10_000 });
    }, 60_000);

    afterAll(async () => {
      socket?.disconnect();
      await t?.close();
      await killRedis();
      await rm(redisDir, { recursive: true, force: true });
    });

    const readProduct = () => t.app.inject({ method: 'GET', url: `/api/v1/products/${item.productId}` });

    /** Reads and checkouts in a loop until stopped; returns every status with its request. */
    function traffic() {
      const results: Array<{ what: string; status: number; body: string }> = [];
      let running = true;
      const loop = async (who: Shopper) => {
        while (running) {
          const responses = await Promise.all([
            readProduct().then((res) => ({ what: 'product', res })),
            t.app
              .inject({ method: 'GET', url: '/api/v1/products?limit=5' })
              .then((res) => ({ what: 'list', res })),
            addToCart(t, who, item.variantId).then(() =>
              checkout(t, who).then((res) => ({ what: 'checkout', res })),
            ),
          ]);
          for (const { what, res } of responses)
            results.push({ what, status: res.statusCode, body: res.body });
        }
      };
      const loops = customers.map((who) => loop(who));
      return {
        results,
        async stop() {
          running = false;
          await Promise.all(loops);
        },
      };
    }

    it('keeps answering 2xx while Redis dies and comes back, then serves no stale entry', async () => {
      // A cached product page, persisted in Redis's dump so the restarted Redis still has it.
      expect((await readProduct()).json().data.name).toBe('Before The Outage');
      const inspect = new Redis(port, '127.0.0.1');
      const cachedKeys = await inspect.keys(`${t.cachePrefix}e*:catalog:*`);
      expect(cachedKeys.length).toBeGreaterThan(0);
      await inspect.save();
      inspect.disconnect();

      socket = connect(t.url, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: customers[0]!.token },
      });
      const received: unknown[] = [];
      socket.on('outage.test', (payload: unknown) => received.push(payload));
      await new Promise<void>((resolve, reject) => {
        socket!.once('connect', () => resolve());
        socket!.once('connect_error', reject);
      });

      const load = traffic();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await killRedis();
      await waitFor(async () => t.ctx.cache.state === 'degraded', 5_000);

      // While it is away: writes and reads work, the product change is visible, limits still count.
      const renamed = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${item.productId}`,
        headers: bearer(admin.token),
        payload: { name: 'Changed During The Outage' },
      });
      expect(renamed.statusCode).toBe(200);
      expect((await readProduct()).json().data.name).toBe('Changed During The Outage');
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ok', database: 'ok', redis: 'degraded' });
      const wrongPassword = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: customers[0]!.email, password: 'not the password' },
      });
      expect(wrongPassword.statusCode).toBe(401);
      // Socket.IO still delivers to sockets on this instance.
      t.ctx.realtime.publish('outage.test', { n: 1 }, { userId: customers[0]!.id });
      await waitFor(async () => received.length === 1, 5_000);
      await new Promise((resolve) => setTimeout(resolve, 700));

      await load.stop();

      // Back (from its dump, old page included): the first read after the reconnect is fresh,
      // before any checkout could have bumped a namespace version. The old entry is still in
      // Redis; nobody reads it any more.
      await startRedis();
      await waitFor(async () => t.ctx.cache.state === 'ok', 10_000);
      const check = new Redis(port, '127.0.0.1');
      expect(await check.exists(cachedKeys[0]!)).toBe(1);
      check.disconnect();
      expect((await readProduct()).json().data.name).toBe('Changed During The Outage');
      expect((await readProduct()).json().data.name).toBe('Changed During The Outage');

      // And traffic after the reconnect is served as before.
      const after = traffic();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await after.stop();
      const all = [...load.results, ...after.results];
      const failures = all.filter((r) => r.status < 200 || r.status >= 300);
      expect(failures.map((f) => `${f.what} ${f.status} ${f.body.slice(0, 200)}`)).toEqual([]);
      expect(load.results.filter((r) => r.what === 'checkout').length).toBeGreaterThan(3);
      expect(after.results.filter((r) => r.what === 'checkout').length).toBeGreaterThan(0);
      const readyAgain = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(readyAgain.json()).toMatchObject({ status: 'ok', redis: 'ok' });
    }, 60_000);
  },
);
