import type { Audience } from '../../src/platform/realtime';
import { waitFor, type TestApp } from './app';

export interface PublishedEvent {
  event: string;
  payload: Record<string, unknown>;
  audience: Audience;
}

/**
 * Every Socket.IO event `t` publishes from now on, in order (the realtime outbox publishes through
 * ctx.realtime.publish, which this wraps).
 */
export function recordPublished(t: TestApp): PublishedEvent[] {
  const seen: PublishedEvent[] = [];
  const publish = t.ctx.realtime.publish.bind(t.ctx.realtime);
  t.ctx.realtime.publish = (event, payload, audience) => {
    seen.push({ event, payload: payload as Record<string, unknown>, audience });
    publish(event, payload, audience);
  };
  return seen;
}

/**
 * How many `event`s were published for order `orderId` (and whose payload has `match`'s values),
 * once every event recorded so far has been published: the outbox is empty only after its drain
 * published a batch and committed, so a count taken then is final for what has committed.
 */
export async function orderEventCount(
  t: TestApp,
  seen: PublishedEvent[],
  event: string,
  orderId: string,
  match: Record<string, unknown> = {},
): Promise<number> {
  await waitFor(
    async () =>
      (await t.ctx.database.pool.query('SELECT NOT EXISTS (SELECT 1 FROM realtime_events) AS empty')).rows[0]
        .empty as boolean,
  );
  return seen.filter(
    (e) =>
      e.event === event &&
      e.payload.orderId === orderId &&
      Object.entries(match).every(([key, value]) => e.payload[key] === value),
  ).length;
}
