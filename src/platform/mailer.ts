import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { loadMailComposer, type ComposeMail } from './mail-compose';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Stable id (e.g. the job id) so a redelivered message can be recognised as the same one. */
  messageId?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Makes the transport on the first message: nodemailer (~0.05 s of CPU) is not loaded by a start
 * that sends no mail. Concurrent first messages share the one transport.
 */
function firstUse<T extends { close(): void }>(make: () => Promise<T>) {
  let made: Promise<T> | undefined;
  let transport: T | undefined;
  return {
    get: () =>
      (made ??= make().then((created) => (transport = created))).catch((error: unknown) => {
        made = undefined; // a failed load is tried again by the next message
        throw error;
      }),
    close: () => transport?.close(),
  };
}

/**
 * SMTP when `smtpUrl` is set; otherwise each message is written as an .eml file under
 * `DATA_DIR/mail`, so a laptop without a mail server still shows what would have been sent.
 * Either way the message is rendered by loadMailComposer (nodemailer's bytes without its streams);
 * the SMTP transport gets it raw, with the envelope nodemailer would have taken from its headers.
 */
export function createMailer(options: {
  smtpUrl?: string | undefined;
  from: string;
  dataDir: string;
}): Mailer {
  const { smtpUrl, from } = options;
  let composer: Promise<ComposeMail> | undefined;
  /** The message and its Message-ID (a new one, as nodemailer made, when the caller gave none). */
  const compose = async (message: MailMessage) => {
    const render = await (composer ??= loadMailComposer(from).catch((error: unknown) => {
      composer = undefined; // a failed load is tried again by the next message
      throw error;
    }));
    const messageId =
      message.messageId ?? `<${randomUUID()}@${from.replace(/^.*@|>.*$/g, '') || 'localhost'}>`;
    return { messageId, text: render({ ...message, messageId }) };
  };
  if (smtpUrl) {
    const transport = firstUse<Transporter<SMTPTransport.SentMessageInfo>>(async () =>
      (await import('nodemailer')).default.createTransport(pooledUrl(smtpUrl)),
    );
    return {
      async send(message) {
        const { text } = await compose(message);
        await (await transport.get()).sendMail({ envelope: { from, to: message.to }, raw: text });
      },
      close: transport.close,
    };
  }
  const mailDir = path.join(options.dataDir, 'mail');
  // The directory is made once, and again only when a write finds it gone (a mkdir per message
  // showed in the checkout's profile).
  let madeDir: Promise<unknown> | undefined;
  const makeDir = () => (madeDir ??= mkdir(mailDir, { recursive: true }).catch(() => (madeDir = undefined)));
  return {
    async send(message) {
      const { messageId, text } = await compose(message);
      // Unix line breaks in the file, as nodemailer's stream transport with `newline: 'unix'` wrote.
      const bytes = Buffer.from(text.replaceAll('\r', ''));
      const file = path.join(mailDir, `${Date.now()}-${messageId.replace(/[^a-zA-Z0-9.@-]/g, '')}.eml`);
      await makeDir();
      // Written synchronously: a few KB into the page cache take three system calls on this thread,
      // where fs/promises makes them three thread-pool round trips (each a wake-up of both threads;
      // about a quarter of the server's system calls per order in the checkout benchmark). This transport
      // is the laptop's mailbox; a shop sends through SMTP_URL.
      try {
        writeFileSync(file, bytes);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        madeDir = undefined;
        await makeDir();
        writeFileSync(file, bytes);
      }
    },
    close: () => {},
  };
}

/**
 * Keeps SMTP connections open and reuses them (a new connection and handshake per mail caps
 * throughput at a few dozen a second). `?pool=false` or `?maxConnections=N` in SMTP_URL override.
 */
function pooledUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '10');
  if (!url.searchParams.has('maxMessages')) url.searchParams.set('maxMessages', '1000');
  // Well inside a mail job's 20 s expiry (nodemailer waits minutes by default).
  for (const [name, ms] of [
    ['connectionTimeout', '5000'],
    ['greetingTimeout', '5000'],
    ['socketTimeout', '15000'],
  ] as const) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, ms);
  }
  return url.toString();
}
