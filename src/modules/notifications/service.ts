import type { Tx } from '../../platform/db';
import type { AppContext } from '../../platform/context';
import type { MailMessage } from '../../platform/mailer';
import type { Audience } from '../../platform/realtime';
import type { StoreForEmail } from './order-emails';

/** The store as order mails present it: STORE_NAME signs, STORE_LOCALE formats, links point to the storefront. */
export function storeForEmail(ctx: AppContext): StoreForEmail {
  return {
    name: ctx.config.STORE_NAME,
    locale: ctx.config.STORE_LOCALE,
    storefrontUrl: ctx.config.STOREFRONT_URL,
  };
}

export const SEND_EMAIL_JOB = 'email.send';
export const REALTIME_EVENT_JOB = 'realtime.publish';

interface RealtimeEvent {
  event: string;
  payload: object;
  audience: Audience;
}

/**
 * Queues an email inside the caller's transaction: it is sent if and only if the transaction
 * commits, and retried with backoff until the mailer accepts it.
 */
export async function queueEmail(
  ctx: AppContext,
  tx: Tx | undefined,
  message: Omit<MailMessage, 'messageId'>,
) {
  return ctx.jobs.enqueue(SEND_EMAIL_JOB, message, tx ? { tx } : {});
}

/**
 * Queues a Socket.IO event inside the caller's transaction, so clients hear about a change only
 * once it is committed (e.g. `order.updated` to the order's owner and the admins).
 */
export async function queueRealtimeEvent(
  ctx: AppContext,
  tx: Tx | undefined,
  event: string,
  payload: object,
  audience: Audience,
) {
  return ctx.jobs.enqueue<RealtimeEvent>(REALTIME_EVENT_JOB, { event, payload, audience }, tx ? { tx } : {});
}

export function defineNotificationJobs(ctx: AppContext): void {
  ctx.jobs.define<RealtimeEvent>({
    name: REALTIME_EVENT_JOB,
    retryLimit: 3,
    retryDelay: 1,
    // A late notification is useless; don't pile them up.
    expireInSeconds: 30,
    async handle({ event, payload, audience }) {
      ctx.realtime.publish(event, payload, audience);
    },
  });
  ctx.jobs.define<Omit<MailMessage, 'messageId'>>({
    name: SEND_EMAIL_JOB,
    deadLetter: `${SEND_EMAIL_JOB}.failed`,
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
    async handle(message, job) {
      // The job id as Message-ID lets a receiver recognise a redelivery of the same email.
      await ctx.mailer.send({ ...message, messageId: `<${job.id}@bazaar>` });
      ctx.log.info({ jobId: job.id, subject: message.subject }, 'email sent');
    },
  });
}
