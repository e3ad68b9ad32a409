import type { AppContext } from '../../platform/context';
import {
  claimNextDelivery,
  overdueEndpoints,
  purgeOldEvents,
  recordAttempt,
  type ClaimedDelivery,
} from './attempts';
import { WebhookMetrics } from './metrics';
import { webhookBody, WebhookSender } from './sender';
import { wakeEndpoint, WEBHOOK_DELIVER_JOB, type DeliverJob } from './wake';

/** A worker hands its endpoint back to the queue after this long, so no job outlives its expiry. */
const DRAIN_BUDGET_MS = 60_000;

interface Lane {
  /** This process's workers delivering to the endpoint now. */
  running: number;
  /** A wake-up arrived while the lane was full: look again before leaving. */
  woken: boolean;
}

/**
 * Delivers each endpoint's due deliveries through its own lane: at most WEBHOOK_ENDPOINT_CONCURRENCY
 * of this process's WEBHOOK_CONCURRENCY job workers deliver to one endpoint at a time, so a slow or
 * dead endpoint holds only its own lane and never delays the others. A wake-up for a full lane
 * returns at once; the lane's workers pick its delivery up, since they pull every due delivery of
 * their endpoint (oldest first) until none is left.
 */
export class DeliveryDispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly sender: WebhookSender;
  private readonly metrics: WebhookMetrics;

  constructor(private readonly ctx: AppContext) {
    this.sender = new WebhookSender({
      timeoutMs: ctx.config.WEBHOOK_TIMEOUT,
      allowPrivate: ctx.config.WEBHOOK_ALLOW_PRIVATE,
    });
    this.metrics = new WebhookMetrics(ctx.metrics);
  }

  async deliverDue(endpointId: string): Promise<void> {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = { running: 0, woken: false };
      this.lanes.set(endpointId, lane);
    }
    if (lane.running >= this.ctx.config.WEBHOOK_ENDPOINT_CONCURRENCY) {
      lane.woken = true;
      return;
    }
    lane.running++;
    try {
      await this.drain(endpointId, lane);
    } finally {
      lane.running--;
      if (lane.running === 0) this.lanes.delete(endpointId);
    }
  }

  private async drain(endpointId: string, lane: Lane): Promise<void> {
    const deadline = Date.now() + DRAIN_BUDGET_MS;
    for (;;) {
      lane.woken = false;
      const delivery = await claimNextDelivery(this.ctx, endpointId);
      if (!delivery) {
        if (lane.woken) continue;
        return;
      }
      await this.attempt(delivery);
      if (Date.now() > deadline) {
        await wakeEndpoint(this.ctx, undefined, endpointId);
        return;
      }
    }
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const result = await this.sender.send(delivery.url, delivery.secret, {
      id: delivery.eventId,
      body: webhookBody(delivery),
    });
    this.metrics.attempted(delivery.endpointId, result);
    const { status, endpointDisabled } = await recordAttempt(this.ctx, delivery, result);
    if (status !== 'PENDING') this.metrics.delivered(delivery.endpointId, status);
    const log = {
      endpointId: delivery.endpointId,
      deliveryId: delivery.id,
      attempt: delivery.attempt,
      status,
    };
    if (result.outcome === 'success') this.ctx.log.debug(log, 'webhook delivered');
    else this.ctx.log.info({ ...log, error: result.error }, 'webhook attempt failed');
    if (endpointDisabled)
      this.ctx.log.warn(
        { endpointId: delivery.endpointId },
        'webhook endpoint disabled after failing too long',
      );
  }
}

export const WEBHOOK_SWEEP_JOB = 'webhook.sweep';
export const WEBHOOK_PURGE_JOB = 'webhook.purge';

export function defineWebhookJobs(ctx: AppContext): void {
  const dispatcher = new DeliveryDispatcher(ctx);
  ctx.jobs.define<DeliverJob>({
    name: WEBHOOK_DELIVER_JOB,
    concurrency: ctx.config.WEBHOOK_CONCURRENCY,
    // Only database errors fail this job (an endpoint's failures are retried on our own schedule).
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: Math.ceil((DRAIN_BUDGET_MS + ctx.config.WEBHOOK_TIMEOUT) / 1000) + 60,
    handle: ({ endpointId }) => dispatcher.deliverDue(endpointId),
  });
  ctx.jobs.define({
    name: WEBHOOK_SWEEP_JOB,
    cron: '* * * * *',
    retryLimit: 1,
    async handle() {
      const endpoints = await overdueEndpoints(ctx);
      for (const endpointId of endpoints) await wakeEndpoint(ctx, undefined, endpointId);
      if (endpoints.length > 0)
        ctx.log.info({ endpoints: endpoints.length }, 'overdue webhook deliveries woken');
    },
  });
  ctx.jobs.define({
    name: WEBHOOK_PURGE_JOB,
    cron: '41 * * * *',
    retryLimit: 1,
    async handle() {
      const purged = await purgeOldEvents(ctx);
      if (purged > 0) ctx.log.info({ purged }, 'old webhook events purged');
    },
  });
}
