import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueRealtimeEvent } from '../../src/modules/notifications/service';
import { signAccessToken, type Role } from '../../src/platform/security';
import { createTestApp, type TestApp } from '../helpers/app';

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
});
