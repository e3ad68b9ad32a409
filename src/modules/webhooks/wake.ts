import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';

/** The job that makes a process deliver an endpoint's due deliveries (see dispatcher.ts). */
export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

export interface DeliverJob {
  endpointId: string;
}

/**
 * Queues a wake-up for the endpoint's deliveries, now or after `delayMs`; inside `tx` it exists
 * exactly when the transaction commits.
 */
export async function wakeEndpoint(
  ctx: AppContext,
  tx: Tx | undefined,
  endpointId: string,
  delayMs = 0,
): Promise<void> {
  await ctx.jobs.enqueue<DeliverJob>(
    WEBHOOK_DELIVER_JOB,
    { endpointId },
    {
      ...(tx ? { tx } : {}),
      ...(delayMs > 0 ? { startAfterSeconds: delayMs / 1000 } : {}),
    },
  );
}
