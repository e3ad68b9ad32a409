import type { Tx } from '../../platform/db';
import type { AppContext } from '../../platform/context';
import type { MailMessage } from '../../platform/mailer';

export const SEND_EMAIL_JOB = 'email.send';

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

export function defineNotificationJobs(ctx: AppContext): void {
  ctx.jobs.define<Omit<MailMessage, 'messageId'>>({
    name: SEND_EMAIL_JOB,
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
