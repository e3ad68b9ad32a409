import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './app';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  /** The HTML part, when there is one. */
  html: string;
  messageId: string | undefined;
}

export interface MailCatcher {
  /** Pass as SMTP_URL to createTestApp({ env: { SMTP_URL } }). */
  url: string;
  messages: ReceivedMail[];
  /** Messages sent to `address` (case-insensitive), oldest first. */
  to(address: string): ReceivedMail[];
  /**
   * Waits for the oldest message to `address` (whose subject matches `subject`, when given) that no
   * earlier call returned, and returns it.
   */
  next(address: string, subject?: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** A real SMTP server on a random loopback port that keeps every message it receives, parsed. */
export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client killed mid-session (tests kill -9 servers holding pooled SMTP connections) resets its
  // connection: the catcher ignores that, as a mail server would. Any other error stays uncaught.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  const { port } = server.server.address() as AddressInfo;
  const to = (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase()));
  const returned = new Set<ReceivedMail>();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to,
    async next(address, subject, timeoutMs = 15_000) {
      const found = await waitFor(
        async () => to(address).find((m) => !returned.has(m) && (!subject || subject.test(m.subject))),
        timeoutMs,
      );
      returned.add(found);
      return found;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The 6-digit code in a verification email. */
export function codeIn(mail: ReceivedMail): string {
  const match = /\b(\d{6})\b/.exec(mail.text);
  if (!match) throw new Error(`no 6-digit code in: ${mail.text}`);
  return match[1]!;
}
