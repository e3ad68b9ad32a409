import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { addToCart, checkout, product, shopper, type Shopper } from '../orders/fixtures';

let t: TestApp;
const sockets: Socket[] = [];

async function listen(who: Shopper) {
  const socket = connect(t.url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    auth: { token: who.token },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const events: Array<{ event: string; payload: Record<string, unknown> }> = [];
  socket.onAny((event, payload) => events.push({ event, payload }));
  return events;
}

async function until(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('event not received in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  t = await createTestApp({ listen: true });
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await t.close();
});

describe('order and stock events over Socket.IO', () => {
  it('tells admins about new orders and low stock, and each customer only about their own orders', async () => {
    const admin = await shopper(t, 'ADMIN');
    const alice = await shopper(t);
    const bob = await shopper(t);
    const adminEvents = await listen(admin);
    const aliceEvents = await listen(alice);
    const bobEvents = await listen(bob);

    const kettle = await product(t, admin, { name: 'Kettle', price: 3000, stock: 6 });
    await addToCart(t, alice, kettle.variantId, 2);
    const order = (await checkout(t, alice)).json().data;

    await until(() => adminEvents.some((e) => e.event === 'order.created'));
    await until(() => adminEvents.some((e) => e.event === 'inventory.low'));
    expect(adminEvents.find((e) => e.event === 'order.created')!.payload).toMatchObject({
      orderId: order.id,
      orderNumber: order.orderNumber,
      status: 'PENDING',
    });
    expect(adminEvents.find((e) => e.event === 'inventory.low')!.payload).toMatchObject({
      variantId: kettle.variantId,
      stock: 4,
    });

    const shipped = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/orders/${order.id}/status`,
      headers: admin.headers,
      payload: { status: 'PROCESSING' },
    });
    expect(shipped.statusCode).toBe(200);
    await until(() => aliceEvents.some((e) => e.event === 'order.updated'));
    const update = aliceEvents.find((e) => e.event === 'order.updated')!.payload;
    expect(update).toMatchObject({ orderId: order.id, orderNumber: order.orderNumber, status: 'PROCESSING' });
    expect(Object.keys(update).sort()).toEqual([
      'orderId',
      'orderNumber',
      'paymentStatus',
      'status',
      'updatedAt',
    ]);

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bobEvents).toEqual([]);
    expect(aliceEvents.some((e) => e.event === 'inventory.low')).toBe(false);
  });

  it("delivers a burst of one order's changes to its owner in the order they happened", async () => {
    const admin = await shopper(t, 'ADMIN');
    const carol = await shopper(t);
    const carolEvents = await listen(carol);
    const lamp = await product(t, admin, { name: 'Lamp', price: 2500, stock: 5 });
    await addToCart(t, carol, lamp.variantId, 1);
    const order = (await checkout(t, carol)).json().data;
    const steps = ['PROCESSING', 'SHIPPED', 'DELIVERED'];
    for (const status of steps) {
      const changed = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/admin/orders/${order.id}/status`,
        headers: admin.headers,
        payload: { status },
      });
      expect(changed.statusCode).toBe(200);
    }
    const updates = () => carolEvents.filter((e) => e.event === 'order.updated');
    await until(() => updates().length >= steps.length);
    expect(updates().map((e) => e.payload.status)).toEqual(steps);
    expect(carolEvents.filter((e) => e.event === 'order.created').map((e) => e.payload.orderId)).toEqual([
      order.id,
    ]);
  });
});
