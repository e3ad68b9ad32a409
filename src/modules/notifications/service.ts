import type { Tx } from '../../platform/db';
import { Counter } from 'prom-client';
import type { AppContext } from '../../platform/context';
import type { JobContext } from '../../platform/jobs';
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
/** Verification codes and password resets: a queue of their own that bulk mail cannot delay. */
export const SEND_CRITICAL_EMAIL_JOB = 'email.critical';

type QueuedEmail = Omit<MailMessage, 'messageId'>;
/**
 * What a mail's job row keeps once it is sent, or once its last try failed: the recipient, the
 * outcome, the error, and for bulk mail the subject (which order mail it was); never the body (a
 * code, a reset token, an order's contents) nor a critical mail's subject.
 */
interface ScrubbedEmail {
  outcome: 'sent' | 'failed';
  to: string;
  subject?: string;
  error?: string;
}

function scrubbed(job: JobContext, message: QueuedEmail, outcome: ScrubbedEmail['outcome'], error?: unknown) {
  const kept: ScrubbedEmail = { outcome, to: message.to };
  if (job.name !== SEND_CRITICAL_EMAIL_JOB) kept.subject = message.subject;
  if (error !== undefined) kept.error = error instanceof Error ? error.message : String(error);
  return kept;
}

/**
 * Queues an email inside the caller's transaction: it is sent if and only if the transaction
 * commits, and retried with backoff until the mailer accepts it. `critical` content (codes,
 * resets) goes to its own queue.
 */
export async function queueEmail(
  ctx: AppContext,
  tx: Tx | undefined,
  message: QueuedEmail & { critical?: boolean },
) {
  const { critical, ...mail } = message;
  return ctx.jobs.enqueue(critical ? SEND_CRITICAL_EMAIL_JOB : SEND_EMAIL_JOB, mail, tx ? { tx } : {});
}

type MailCounters = Record<'sent' | 'failed', Counter<'queue'>>;

function mailCounters(ctx: AppContext): MailCounters {
  const counter = (outcome: 'sent' | 'failed', help: string) =>
    new Counter({
      name: `bazaar_mails_${outcome}_total`,
      help,
      labelNames: ['queue'],
      registers: [ctx.metrics],
    });
  return {
    sent: counter('sent', 'Mails the mail server accepted, by queue'),
    failed: counter('failed', 'Mail attempts that failed (retried later), by queue'),
  };
}

async function sendQueuedEmail(
  ctx: AppContext,
  counters: MailCounters,
  message: QueuedEmail | ScrubbedEmail,
  job: JobContext,
) {
  // Done already: the job was scrubbed but its completion was lost (a crash), so it ran again.
  if ('outcome' in message || 'sent' in message) return;
  try {
    // The job id as Message-ID lets a receiver recognise a redelivery of the same email.
    await ctx.mailer.send({ ...message, messageId: `<${job.id}@bazaar>` });
  } catch (error) {
    counters.failed.inc({ queue: job.name });
    // The last try: the failed row and its dead-letter copy keep what went wrong, not the message.
    if (job.retryCount >= job.retryLimit)
      await ctx.jobs.replaceData(job, scrubbed(job, message, 'failed', error));
    throw error;
  }
  counters.sent.inc({ queue: job.name });
  // pg-boss keeps completed jobs for days: no sent message stays readable in its row.
  await ctx.jobs.replaceData(job, scrubbed(job, message, 'sent'));
  // The log line names the job, not the mail (a critical subject says what the code is for).
  ctx.log.info({ jobId: job.id, queue: job.name }, 'email sent');
}

/**
 * Records a Socket.IO event inside the caller's transaction, so clients hear about a change only
 * once it is committed (e.g. `order.updated` to the order's owner and the admins).
 */
export async function queueRealtimeEvent(
  ctx: AppContext,
  tx: Tx | undefined,
  event: string,
  payload: object,
  audience: Audience,
): Promise<void> {
  await ctx.realtimeOutbox.record(tx, event, payload, audience);
}

export function defineNotificationJobs(ctx: AppContext): void {
  const counters = mailCounters(ctx);
  ctx.jobs.define<QueuedEmail | ScrubbedEmail>({
    name: SEND_EMAIL_JOB,
    deadLetter: `${SEND_EMAIL_JOB}.failed`,
    // 5 s doubling: 8 tries over about 20 minutes.
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
    // A send takes seconds at most (SMTP timeouts below): a job still active after this had its
    // worker die, and goes back to the queue.
    expireInSeconds: 20,
    ...mailWorkers(ctx.config.MAIL_CONCURRENCY),
    handle: (message, job) => sendQueuedEmail(ctx, counters, message, job),
  });
  ctx.jobs.define<QueuedEmail | ScrubbedEmail>({
    name: SEND_CRITICAL_EMAIL_JOB,
    deadLetter: `${SEND_CRITICAL_EMAIL_JOB}.failed`,
    // A code is valid for 10 minutes: retry soon and often, then give up.
    retryLimit: 8,
    retryDelay: 2,
    retryBackoff: true,
    expireInSeconds: 20,
    ...mailWorkers(ctx.config.MAIL_CRITICAL_CONCURRENCY),
    handle: (message, job) => sendQueuedEmail(ctx, counters, message, job),
  });
}

/** `inFlight` mails at once: two workers (one fetches while the other sends), each a batch. */
function mailWorkers(inFlight: number) {
  const concurrency = Math.min(2, inFlight);
  return { concurrency, batchSize: Math.ceil(inFlight / concurrency) };
}
