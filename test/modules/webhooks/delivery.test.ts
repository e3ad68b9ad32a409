import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../../src/modules/webhooks/service';
import { retryDelayMs, retrySchedule } from '../../../src/modules/webhooks/schedule';
import { createTestApp, waitFor, type TestApp } from '../../helpers/app';
import { bearer, createUser, type TestUser } from '../../helpers/auth';
import { startReceiver, verified, type Receiver } from './receiver';

// Real receivers on loopback, so private targets are allowed here; retries 300 ms, 900 ms apart;
// an attempt times out after 5 s.
const RETRY_BASE_MS = 300;
const TIMEOUT_MS = 5_000;

let t: TestApp;
let admin: TestUser;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await createTestApp({
    env: {
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_BASE: String(RETRY_BASE_MS),
      WEBHOOK_TIMEOUT: String(TIMEOUT_MS),
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_ENDPOINT_CONCURRENCY: '1',
    },
  });
  admin = await createUser(t, { role: 'ADMIN' });
});
afterEach(async () => {
  // Each test's endpoints (and with them their deliveries) go, so later events reach only the next test's.
  await t.ctx.database.pool.query('DELETE FROM webhook_endpoints');
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await t?.close();
});

async function receiver(): Promise<Receiver> {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

async function createEndpoint(url: string, events: string[], active = true) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/webhooks',
    headers: bearer(admin.accessToken),
    payload: { url, events, active },
  });
  expect(response.statusCode).toBe(201);
  return response.json().data as { id: string; secret: string };
}

async function deliveries(endpointId: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/webhooks/${endpointId}/deliveries`,
    headers: bearer(admin.accessToken),
  });
  expect(response.statusCode).toBe(200);
  return response.json().data as Array<Record<string, any>>;
}

const settled = (endpointId: string, status: string) =>
  waitFor(async () => {
    const [latest] = await deliveries(endpointId);
    return latest?.status === status ? latest : undefined;
  });

async function record(type: 'order.created' | 'product.created', data: Record<string, unknown>) {
  await t.ctx.database.transaction((tx) => recordEvent(t.ctx, tx, type, data));
}

describe('delivery to a real receiver', () => {
  it('signs per Standard Webhooks: the verifier accepts it, and rejects a changed body or another secret', async () => {
    const target = await receiver();
    const endpoint = await createEndpoint(`${target.url}/hooks?shop=1`, ['order.created']);
    const queued = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/webhooks/${endpoint.id}/test`,
      headers: bearer(admin.accessToken),
    });
    expect(queued.statusCode).toBe(202);
    expect(queued.json().data).toMatchObject({ type: 'webhook.test', status: 'PENDING', attempt: 0 });

    await waitFor(async () => target.received.length === 1);
    const [request] = target.received;
    expect(request).toMatchObject({ method: 'POST', path: '/hooks?shop=1' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['webhook-id']).toBe(queued.json().data.eventId);
    expect(Math.abs(Number(request!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
    expect(request!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    const body = verified(endpoint.secret, request!);
    expect(body.type).toBe('webhook.test');
    expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
    expect(body.data).toMatchObject({ endpointId: endpoint.id });
    expect(() =>
      verified(endpoint.secret, { ...request!, body: request!.body.replace('test', 'tset') }),
    ).toThrow();
    const otherSecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(() => verified(otherSecret, request!)).toThrow();

    const delivery = await settled(endpoint.id, 'SUCCEEDED');
    expect(delivery).toMatchObject({ attempt: 1, responseStatus: 200, error: null, nextAttemptAt: null });
    expect(delivery.durationMs).toBeGreaterThanOrEqual(0);

    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(`bazaar_webhook_attempts_total{endpoint="${endpoint.id}",outcome="success"} 1`);
    expect(metrics).toContain(
      `bazaar_webhook_deliveries_total{endpoint="${endpoint.id}",status="SUCCEEDED"} 1`,
    );
    expect(metrics).toContain(`bazaar_webhook_attempt_duration_seconds_count{endpoint="${endpoint.id}"} 1`);
  });

  it('retries after a 500 with the same webhook-id, and succeeds on the next attempt', async () => {
    const target = await receiver();
    target.answer((_, index) => (index === 0 ? 500 : 200));
    const endpoint = await createEndpoint(target.url, ['order.created']);
    await record('order.created', { orderId: 'o-1', orderNumber: 'BZ-1' });

    await waitFor(async () => target.received.length === 2);
    const [first, second] = target.received;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(verified(endpoint.secret, first!)).toEqual(verified(endpoint.secret, second!));
    expect(verified(endpoint.secret, second!).data).toEqual({ orderId: 'o-1', orderNumber: 'BZ-1' });
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(RETRY_BASE_MS * 0.9);

    const delivery = await settled(endpoint.id, 'SUCCEEDED');
    expect(delivery).toMatchObject({ attempt: 2, responseStatus: 200, type: 'order.created' });
    expect(delivery.eventId).toBe(first!.headers['webhook-id']);
  });

  it('backs off exponentially, stops after the last attempt (FAILED), and a manual retry sends it again', async () => {
    const target = await receiver();
    target.answer(() => 500);
    const endpoint = await createEndpoint(target.url, ['*']);
    await record('product.created', { productId: 'p-1' });

    await waitFor(async () => target.received.length === 1);
    const waiting = await waitFor(async () => {
      const [latest] = await deliveries(endpoint.id);
      return latest?.attempt === 1 && latest.status === 'PENDING' && latest.error ? latest : undefined;
    });
    expect(waiting).toMatchObject({ responseStatus: 500, error: 'answered 500' });
    expect(Date.parse(waiting.nextAttemptAt)).toBeGreaterThan(Date.parse(waiting.updatedAt));

    const failed = await settled(endpoint.id, 'FAILED');
    expect(failed).toMatchObject({ attempt: 3, responseStatus: 500, nextAttemptAt: null });
    expect(target.received).toHaveLength(3);
    const ids = new Set(target.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const gaps = [
      target.received[1]!.at - target.received[0]!.at,
      target.received[2]!.at - target.received[1]!.at,
    ];
    expect(gaps[0]).toBeGreaterThanOrEqual(RETRY_BASE_MS * 0.9);
    expect(gaps[1]).toBeGreaterThanOrEqual(RETRY_BASE_MS * 3 * 0.9);

    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(
      `bazaar_webhook_attempts_total{endpoint="${endpoint.id}",outcome="http_error"} 3`,
    );
    expect(metrics).toContain(`bazaar_webhook_deliveries_total{endpoint="${endpoint.id}",status="FAILED"} 1`);

    target.answer(() => 204);
    const retry = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/webhooks/${endpoint.id}/deliveries/${failed.id}/retry`,
      headers: bearer(admin.accessToken),
    });
    expect(retry.statusCode).toBe(202);
    expect(retry.json().data).toMatchObject({ id: failed.id, status: 'PENDING', eventId: failed.eventId });
    await waitFor(async () => target.received.length === 4);
    expect(target.received[3]!.headers['webhook-id']).toBe(failed.eventId);
    expect(await settled(endpoint.id, 'SUCCEEDED')).toMatchObject({ attempt: 4, responseStatus: 204 });

    const other = await createEndpoint(target.url, ['order.created']);
    const wrongEndpoint = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/webhooks/${other.id}/deliveries/${failed.id}/retry`,
      headers: bearer(admin.accessToken),
    });
    expect(wrongEndpoint.statusCode).toBe(404);
  });

  it('delivers an event to the endpoints subscribed to it, and nothing of a rolled-back transaction', async () => {
    const target = await receiver();
    const orders = await createEndpoint(`${target.url}/orders`, ['order.created', 'order.updated']);
    const products = await createEndpoint(`${target.url}/products`, ['product.created']);
    const everything = await createEndpoint(`${target.url}/all`, ['*']);
    const off = await createEndpoint(`${target.url}/off`, ['order.created'], false);

    await expect(
      t.ctx.database.transaction(async (tx) => {
        await recordEvent(t.ctx, tx, 'order.created', { orderId: 'rolled-back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await record('order.created', { orderId: 'o-2' });

    await waitFor(async () => target.received.length === 2);
    expect(target.received.map((r) => r.path).sort()).toEqual(['/all', '/orders']);
    for (const request of target.received) {
      const secret = request.path === '/all' ? everything.secret : orders.secret;
      expect(verified(secret, request)).toMatchObject({ type: 'order.created', data: { orderId: 'o-2' } });
    }
    expect(await deliveries(products.id)).toEqual([]);
    expect(await deliveries(off.id)).toEqual([]);
    const { rows } = await t.ctx.database.pool.query(
      `SELECT 1 FROM webhook_events WHERE data->>'orderId' = 'rolled-back'`,
    );
    expect(rows).toEqual([]);
  });

  it('one slow endpoint never delays another', async () => {
    const slow = await receiver();
    slow.answer(() => 'hang');
    const fast = await receiver();
    const slowEndpoint = await createEndpoint(slow.url, ['product.created']);
    await createEndpoint(fast.url, ['product.created']);

    const begin = performance.now();
    for (let i = 0; i < 5; i++) await record('product.created', { productId: `p-${i}` });
    await waitFor(async () => fast.received.length === 5);
    // All five reached the fast endpoint within the slow one's timeout, and the slow one holds only
    // its own lane: one attempt, still waiting for an answer (nothing recorded yet).
    expect(performance.now() - begin).toBeLessThan(TIMEOUT_MS);
    // The slow lane's first attempt may reach its receiver a moment after the fast lane finished.
    await waitFor(async () => slow.received.length > 0);
    expect(slow.received).toHaveLength(1);
    const started = (await deliveries(slowEndpoint.id)).filter((d) => d.attempt > 0);
    expect(started).toEqual([expect.objectContaining({ attempt: 1, status: 'PENDING', error: null })]);
  });

  it('records when an endpoint started failing, clears it on success, and disables it after too long', async () => {
    const target = await receiver();
    const endpoint = await createEndpoint(target.url, ['order.created']);
    const failingSince = async () =>
      (
        await t.ctx.database.pool.query('SELECT failing_since FROM webhook_endpoints WHERE id = $1', [
          endpoint.id,
        ])
      ).rows[0]?.failing_since as Date | null;
    target.answer((_, index) => (index === 0 ? 503 : 200));
    await record('order.created', { orderId: 'o-3' });
    expect(await waitFor(failingSince)).toBeInstanceOf(Date);
    await settled(endpoint.id, 'SUCCEEDED');
    expect(await failingSince()).toBeNull();

    // As if every attempt had failed for more than three days: the next failure switches it off.
    await t.ctx.database.pool.query(
      `UPDATE webhook_endpoints SET failing_since = now() - interval '3 days 1 minute' WHERE id = $1`,
      [endpoint.id],
    );
    target.answer(() => 503);
    await record('order.created', { orderId: 'o-4' });
    const disabled = await waitFor(async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/admin/webhooks/${endpoint.id}`,
        headers: bearer(admin.accessToken),
      });
      return response.json().data.active === false ? response.json().data : undefined;
    });
    expect(disabled.disabledAt).toEqual(expect.any(String));
    expect(target.received).toHaveLength(3);
    const [latest] = await deliveries(endpoint.id);
    expect(latest).toMatchObject({ status: 'FAILED', attempt: 1, nextAttemptAt: null, responseStatus: 503 });
    expect(latest!.error).toContain('endpoint disabled');

    const test = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/webhooks/${endpoint.id}/test`,
      headers: bearer(admin.accessToken),
    });
    expect(test.statusCode).toBe(409);
    expect(test.json().error.code).toBe('WEBHOOK_ENDPOINT_INACTIVE');

    const enabled = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/webhooks/${endpoint.id}`,
      headers: bearer(admin.accessToken),
      payload: { active: true },
    });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().data).toMatchObject({ active: true, failingSince: null, disabledAt: null });
    target.answer(() => 200);
    await record('order.created', { orderId: 'o-5' });
    await waitFor(async () => target.received.length === 4);
    expect(verified(endpoint.secret, target.received[3]!).data).toEqual({ orderId: 'o-5' });
  });
});

describe('retry schedule', () => {
  it('has at least 8 attempts spread over at least 24 hours, each wait 3 times the last', () => {
    const delays = retrySchedule(9, 30_000);
    expect(delays).toHaveLength(8);
    expect(delays[0]).toBe(30_000);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBe(delays[i - 1]! * 3);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(total).toBeLessThan(30 * 3600_000);
  });

  it('spreads each wait by at most 10 %', () => {
    expect(retryDelayMs(2, 1_000, () => 0)).toBe(2_700);
    expect(retryDelayMs(2, 1_000, () => 0.999999)).toBe(3_300);
    expect(retryDelayMs(1, 1_000, () => 0.5)).toBe(1_000);
  });
});
