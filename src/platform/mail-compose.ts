import { randomBytes } from 'node:crypto';
import type { MailMessage } from './mailer';

import type * as QpModule from 'nodemailer/lib/qp';

type Qp = typeof QpModule;

/**
 * Renders a message as RFC 5322 text (CRLF line breaks between headers and encoded lines; a body's
 * own line breaks as they are, as nodemailer leaves them); `date` is the Date header's time.
 */
export type ComposeMail = (message: MailMessage, date?: Date) => string;

/**
 * The message nodemailer's MailComposer makes of `{ from, to, subject, text, html, messageId }`,
 * byte for byte (test/platform/mail-compose.test.ts compares them), built in one synchronous pass
 * with nodemailer's own encoders (header words, folding, quoted-printable, base64). nodemailer
 * streams it instead: a MIME tree, a PassThrough and an encoder per part, a setImmediate between
 * parts and a plugin pass per mail, which cost more CPU than the checkout that queued the mail.
 */
export async function loadMailComposer(from: string): Promise<ComposeMail> {
  const [mimeFuncs, qp, base64, { default: MimeNode }] = await Promise.all([
    import('nodemailer/lib/mime-funcs'),
    import('nodemailer/lib/qp'),
    import('nodemailer/lib/base64'),
    import('nodemailer/lib/mime-node'),
  ]);
  // One node that only encodes header values: its encodeHeaderValue keeps no state.
  const encoder = new MimeNode(false);
  const header = (key: string, value: string): string | undefined => {
    const encoded = encoder.encodeHeaderValue(key, value);
    // nodemailer leaves out a header whose value is empty.
    return encoded.trim() ? mimeFuncs.foldLines(`${key}: ${encoded}`, 76) : undefined;
  };
  const fromHeader = from ? header('From', from) : undefined;
  /** A text part's transfer encoding and body, as MimeNode chooses and writes them. */
  const body = (content: string): { encoding: string; encoded: string } => {
    if (mimeFuncs.isPlainText(content) && !mimeFuncs.hasLongerLines(content, 76))
      return { encoding: '7bit', encoded: content };
    const bytes = Buffer.from(content, 'utf8');
    if (textEncoding(content) === 'B')
      return { encoding: 'base64', encoded: base64.wrap(base64.encode(bytes), 76) };
    return { encoding: 'quoted-printable', encoded: quotedPrintable(qp, bytes) };
  };
  /** A text part: its Content-Type and Content-Transfer-Encoding headers, and its encoded body. */
  const part = (type: string, content: string) => {
    const { encoding, encoded } = body(content);
    return {
      type: `Content-Type: ${type}; charset=utf-8`,
      encoding: `Content-Transfer-Encoding: ${encoding}`,
      encoded,
    };
  };
  return (message, date = new Date()) => {
    const lines: string[] = [];
    for (const line of [
      fromHeader,
      // A plain address comes out of nodemailer's address parsing unchanged: no parse for it.
      message.to.length <= 71 && PLAIN_ADDRESS.test(message.to)
        ? `To: ${message.to}`
        : header('To', message.to),
      header('Subject', message.subject),
      message.messageId ? header('Message-ID', message.messageId) : undefined,
      `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
    ])
      if (line !== undefined) lines.push(line);
    // MailComposer's alternatives: a text and an HTML part, each only when not empty.
    const parts: Array<ReturnType<typeof part>> = [];
    if (message.text) parts.push(part('text/plain', message.text));
    if (message.html) parts.push(part('text/html', message.html));
    let mail: string;
    if (parts.length === 2) {
      const boundary = `--_NmP-${randomHex8()}-Part_1`;
      lines.push('MIME-Version: 1.0', `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`);
      mail = `${lines.join('\r\n')}\r\n`;
      for (const { type, encoding, encoded } of parts)
        mail += `\r\n--${boundary}\r\n${type}\r\n${encoding}\r\n\r\n${encoded}`;
      mail += `\r\n--${boundary}--\r\n`;
    } else {
      // One part is the message itself: its encoding header comes before MIME-Version, its type last.
      const [only] = parts;
      if (only) lines.push(only.encoding, 'MIME-Version: 1.0', only.type);
      else lines.push('MIME-Version: 1.0', 'Content-Type: text/plain');
      mail = `${lines.join('\r\n')}\r\n\r\n${only?.encoded ?? ''}`;
    }
    // MimeNode's LastNewline: the message ends with a line break.
    if (!mail.endsWith('\n')) mail += '\r\n';
    return mail;
  };
}

/**
 * A dot-atom local part and a lower-case ASCII domain with a letter TLD: nodemailer's parsing and
 * normalising (punycode, quoting) leave it unchanged, and up to 71 characters its header line is not
 * folded. The differential test checks random addresses of this shape and others against nodemailer.
 */
const PLAIN_ADDRESS = /^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)+[a-z]{2,}$/;

/**
 * 8 random bytes in hex, as nodemailer's boundaries have, taken from a pool of them: a
 * randomBytes(8) per mail (a getrandom call each) was the largest single cost of composing one.
 */
const randomPool = { bytes: Buffer.alloc(0), at: 0 };
function randomHex8(): string {
  if (randomPool.at + 8 > randomPool.bytes.length) {
    randomPool.bytes = randomBytes(4096);
    randomPool.at = 0;
  }
  const hex = randomPool.bytes.toString('hex', randomPool.at, randomPool.at + 8);
  randomPool.at += 8;
  return hex;
}

/**
 * Quoted-printable as qp.Encoder writes a whole body handed to it at once: the whitespace the body
 * ends with is held back, encoded on its own and wrapped with the last line.
 */
function quotedPrintable(qp: Qp, bytes: Buffer): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--;
  if (end === bytes.length) return qp.wrap(qp.encode(bytes), 76);
  const head = qp.wrap(qp.encode(bytes.subarray(0, end)), 76);
  const lastBreak = head.lastIndexOf('\n');
  return (
    head.slice(0, lastBreak + 1) + qp.wrap(head.slice(lastBreak + 1) + qp.encode(bytes.subarray(end)), 76)
  );
}

/** MimeNode's choice for a body: 'Q' (quoted-printable) unless most letters are outside ASCII. */
function textEncoding(value: string): 'Q' | 'B' {
  let nonLatin = 0;
  let latin = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code >= 0x80)
      nonLatin++;
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
  }
  return nonLatin < latin ? 'Q' : 'B';
}
