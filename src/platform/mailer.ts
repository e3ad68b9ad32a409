import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type StreamTransport from 'nodemailer/lib/stream-transport';

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
 */
export function createMailer(options: {
  smtpUrl?: string | undefined;
  from: string;
  dataDir: string;
}): Mailer {
  const { smtpUrl } = options;
  if (smtpUrl) {
    const transport = firstUse<Transporter<SMTPTransport.SentMessageInfo>>(async () =>
      (await import('nodemailer')).default.createTransport(pooledUrl(smtpUrl)),
    );
    return {
      async send(message) {
        await (await transport.get()).sendMail({ from: options.from, ...message });
      },
      close: transport.close,
    };
  }
  const mailDir = path.join(options.dataDir, 'mail');
  const transport = firstUse<Transporter<StreamTransport.SentMessageInfo>>(async () =>
    (await import('nodemailer')).default.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'unix',
    }),
  );
  // The directory is made once, and again only when a write finds it gone (a mkdir per message
  // showed in the checkout's profile).
  let madeDir: Promise<unknown> | undefined;
  const makeDir = () => (madeDir ??= mkdir(mailDir, { recursive: true }).catch(() => (madeDir = undefined)));
  return {
    async send(message) {
      const info = await (await transport.get()).sendMail({ from: options.from, ...message });
      const file = path.join(mailDir, `${Date.now()}-${info.messageId.replace(/[^a-zA-Z0-9.@-]/g, '')}.eml`);
      await makeDir();
      try {
        await writeFile(file, info.message as Buffer);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        madeDir = undefined;
        await makeDir();
        await writeFile(file, info.message as Buffer);
      }
    },
    close: transport.close,
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
