import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueRealtimeEvent } from '../../src/modules/notifications/service';
import { signAccessToken, type Role } from '../../src/platform/security';
import { createTestApp, waitFor, type TestApp } from '../helpers/app';
import { bearer, createUser } from '../helpers/auth';

const sockets: Socket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.disconnect();
});

function open(url: string, token?: string): Promise<Socket> {
  const socket = connect(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    ...(token !== undefined ? { auth: { token } } : {}),
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

async function as(t: TestApp, role: Role) {
  const id = randomUUID();
  const socket = await open(t.url, await signAccessToken(t.config, { id, role }));
  const received: Array<{ event: string; payload: unknown }> = [];
  socket.onAny((event, payload) => received.push({ event, payload }));
  return { id, socket, received };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('Socket.IO', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ listen: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a handshake without a token, with a bad token, or signed with another key', async () => {
    await expect(open(t.url)).rejects.toThrow('UNAUTHENTICATED');
    await expect(open(t.url, 'not-a-jwt')).rejects.toThrow('UNAUTHENTICATED');
    const forged = await signAccessToken(
      { JWT_ACCESS_SECRET: 'another-secret-another-secret-another-secret', ACCESS_TOKEN_TTL: 60_000 },
      { id: randomUUID(), role: 'ADMIN' },
    );
    await expect(open(t.url, forged)).rejects.toThrow('UNAUTHENTICATED');
  });

  it("delivers a customer's events to that customer only, and admin events to admins only", async () => {
    const alice = await as(t, 'CUSTOMER');
    const bob = await as(t, 'CUSTOMER');
    const admin = await as(t, 'ADMIN');
    t.ctx.realtime.publish(
      'order.updated',
      { orderId: 'o-1', status: 'PAID' },
      { userId: alice.id, admins: true },
    );
    t.ctx.realtime.publish('inventory.low', { variantId: 'v-1' }, { admins: true });
    await settle();
    expect(alice.received).toEqual([{ event: 'order.updated', payload: { orderId: 'o-1', status: 'PAID' } }]);
    expect(bob.received).toEqual([]);
    expect(admin.received.map((r) => r.event)).toEqual(['order.updated', 'inventory.low']);
  });

  it('publishes events queued in a transaction only after it commits', async () => {
    const carol = await as(t, 'CUSTOMER');
    await expect(
      t.ctx.database.transaction(async (tx) => {
        await queueRealtimeEvent(
          t.ctx,
          tx,
          'order.updated',
          { orderId: 'rolled-back' },
          { userId: carol.id },
        );
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await t.ctx.database.transaction(async (tx) => {
      await queueRealtimeEvent(t.ctx, tx, 'order.updated', { orderId: 'committed' }, { userId: carol.id });
    });
    const deadline = Date.now() + 10_000;
    while (carol.received.length === 0 && Date.now() < deadline) await settle();
    await settle();
    expect(carol.received).toEqual([{ event: 'order.updated', payload: { orderId: 'committed' } }]);
  });
});

describe('Socket.IO access follows the account', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    admin = await createUser(t, { role: 'ADMIN' });
  });
  afterAll(async () => {
    await t.close();
  });

  const adminCall = (method: 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: bearer(admin.accessToken),
      payload: payload ?? {},
    });
  const closed = (socket: Socket) => waitFor(async () => socket.disconnected, 5_000);

  it('a blocked user is disconnected at once and cannot open a socket with the still-valid token', async () => {
    const user = await createUser(t);
    const socket = await open(t.url, user.accessToken);
    expect((await adminCall('POST', `/admin/users/${user.id}/block`, { reason: 'fraud' })).statusCode).toBe(
      200,
    );
    await closed(socket);
    await expect(open(t.url, user.accessToken)).rejects.toThrow('ACCOUNT_BLOCKED');
  });

  it('a demoted admin leaves the admin room: disconnected, and the old token is refused', async () => {
    const demoted = await createUser(t, { role: 'ADMIN' });
    const socket = await open(t.url, demoted.accessToken);
    const received: string[] = [];
    socket.onAny((event: string) => received.push(event));
    expect((await adminCall('PATCH', `/admin/users/${demoted.id}`, { role: 'CUSTOMER' })).statusCode).toBe(
      200,
    );
    await closed(socket);
    t.ctx.realtime.publish('inventory.low', { variantId: 'v-2' }, { admins: true });
    await settle();
    expect(received).toEqual([]);
    await expect(open(t.url, demoted.accessToken)).rejects.toThrow('UNAUTHENTICATED');
  });

  it('logout-all drops every socket of the user; logout drops only that session', async () => {
    const user = await createUser(t);
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    const secondToken = other.json().data.accessToken as string;
    const first = await open(t.url, user.accessToken);
    const second = await open(t.url, secondToken);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(secondToken),
      payload: {},
    });
    expect(logout.statusCode).toBe(200);
    await closed(second);
    await settle();
    expect(first.connected).toBe(true);
    await expect(open(t.url, secondToken)).rejects.toThrow('UNAUTHENTICATED');
    const all = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: bearer(user.accessToken),
    });
    expect(all.statusCode).toBe(200);
    await closed(first);
    await expect(open(t.url, user.accessToken)).rejects.toThrow('UNAUTHENTICATED');
  });

  it('drops a socket when its access token expires', async () => {
    const token = await signAccessToken(
      { ...t.config, ACCESS_TOKEN_TTL: 1_500 },
      { id: randomUUID(), role: 'CUSTOMER' },
    );
    const socket = await open(t.url, token);
    const opened = Date.now();
    expect(socket.connected).toBe(true);
    await waitFor(async () => socket.disconnected, 4_000);
    // exp has whole-second precision: the socket goes at the expiry, not before it is due.
    expect(Date.now() - opened).toBeLessThan(2_500);
  });
});

describe.skipIf(!process.env.REDIS_URL)('Socket.IO across two instances (needs REDIS_URL)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ listen: true });
    b = await createTestApp({ listen: true, shareDatabaseWith: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('delivers an event published on instance A to a client connected to instance B', async () => {
    const dave = await as(b, 'CUSTOMER');
    const eve = await as(b, 'CUSTOMER');
    a.ctx.realtime.publish('order.updated', { orderId: 'o-9' }, { userId: dave.id });
    const deadline = Date.now() + 5_000;
    while (dave.received.length === 0 && Date.now() < deadline) await settle();
    expect(dave.received).toEqual([{ event: 'order.updated', payload: { orderId: 'o-9' } }]);
    expect(eve.received).toEqual([]);
  });

  it('publishes a batch in order to the clients on instance B, in one write to Redis', async () => {
    const dave = await as(b, 'CUSTOMER');
    const admin = await as(b, 'ADMIN');
    // The publisher's socket (private: what this test checks is how many flushes reach it).
    type Flushing = { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };
    const { stream } = (a.ctx.realtime as unknown as { publisher: { stream: Flushing } }).publisher;
    const flushes: number[] = [];
    const { _write: write, _writev: writev } = stream;
    stream._write = function (...args) {
      flushes.push(1);
      return write.apply(this, args);
    };
    stream._writev = function (...args) {
      flushes.push((args[0] as unknown[]).length);
      return writev.apply(this, args);
    };
    const events = Array.from({ length: 12 }, (_, i) => ({
      event: i % 3 === 0 ? 'inventory.low' : 'order.updated',
      payload: { n: i },
      audience: i % 3 === 0 ? { admins: true } : { userId: dave.id },
    }));
    try {
      a.ctx.realtime.publishAll(events);
    } finally {
      stream._write = write;
      stream._writev = writev;
    }
    expect(flushes).toEqual([12]);
    await waitFor(async () => dave.received.length === 8 && admin.received.length === 4, 5_000);
    expect(dave.received).toEqual(
      events.filter((_, i) => i % 3 !== 0).map((e) => ({ event: e.event, payload: e.payload })),
    );
    expect(admin.received).toEqual(
      events.filter((_, i) => i % 3 === 0).map((e) => ({ event: e.event, payload: e.payload })),
    );
  });

  it("blocking on instance A disconnects the user's socket on instance B", async () => {
    const admin = await createUser(a, { role: 'ADMIN' });
    const user = await createUser(a);
    const socket = await open(b.url, user.accessToken);
    const blocked = await a.app.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${user.id}/block`,
      headers: bearer(admin.accessToken),
      payload: { reason: 'chargebacks' },
    });
    expect(blocked.statusCode).toBe(200);
    await waitFor(async () => socket.disconnected, 5_000);
  });
});
