import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderConfirmationEmail } from '../../src/modules/notifications/order-emails';
import { loadMailComposer, type ComposeMail } from '../../src/platform/mail-compose';
import { createMailer, type MailMessage } from '../../src/platform/mailer';
import { startMailCatcher } from '../helpers/mail';

const from = 'Bazaar Störe <no-reply@bazaar.local>';
const order = orderConfirmationEmail(
  {
    id: '6d0b1b0e-4c55-4b4e-9d7b-1a2b3c4d5e6f',
    orderNumber: 'BZ-261201-100010',
    customerName: 'Zoë Ångström',
    currency: 'EUR',
    items: [
      {
        name: 'Café crème mug',
        sku: 'MUG-1',
        options: { colour: 'Blau' },
        quantity: 2,
        unitPrice: 1250,
        lineTotal: 2500,
      },
      { name: '手工茶杯', sku: 'CUP-2', quantity: 1, unitPrice: 999, lineTotal: 999 },
    ],
    subtotal: 3499,
    discount: 0,
    shipping: 0,
    tax: 0,
    total: 3499,
    paymentMethod: 'COD',
    shippingAddress: {
      fullName: 'Zoë Ångström',
      line1: '1 Load Street',
      line2: null,
      city: 'Pune',
      state: null,
      postalCode: '411001',
      country: 'IN',
    },
  },
  { name: 'Bazaar', locale: 'de-DE', storefrontUrl: 'https://shop.example' },
);
const orderMail: MailMessage = {
  to: 'buyer@example.com',
  subject: order.subject,
  text: order.text,
  html: order.html,
  messageId: '<3f1c2a34-0a96-4e1d-be6b-343b2a0e5093@bazaar>',
};

let compose: ComposeMail;
beforeAll(async () => {
  compose = await loadMailComposer(from);
});

/** What nodemailer's own composer makes of the message, with the same Date and boundary. */
async function nodemailerBytes(message: MailMessage, date: Date, boundary: string | undefined) {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail({
    from,
    ...message,
    date,
    ...(boundary ? { baseBoundary: boundary } : {}),
  });
  return (info.message as Buffer).toString('utf8');
}
const boundaryOf = (mail: string) => /boundary="--_NmP-([0-9a-f]{16})-Part_1"/.exec(mail)?.[1];

describe('the mail composer', () => {
  it('writes the bytes nodemailer writes for an order confirmation', async () => {
    const date = new Date('2026-12-01T16:01:38Z');
    const mine = compose(orderMail, date);
    expect(mine).toBe(await nodemailerBytes(orderMail, date, boundaryOf(mine)));
    const parsed = await simpleParser(mine);
    expect(parsed.subject).toBe(order.subject);
    expect(parsed.text).toBe(order.text);
    expect(parsed.html).toBe(order.html);
    expect(parsed.messageId).toBe(orderMail.messageId);
    expect(parsed.from?.value).toEqual([{ name: 'Bazaar Störe', address: 'no-reply@bazaar.local' }]);
  });

  it('writes the bytes nodemailer writes for any subject, body and address (non-ASCII, long lines, trailing spaces)', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc
        .array(fc.constantFrom('a', 'é', '中', ' ', '\t', '\n', '\r\n', '=', '.', 'x'.repeat(80)), {
          maxLength: 60,
        })
        .map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ subject: text, text, html: fc.option(text, { nil: undefined }) }),
        fc.oneof(
          fc.constantFrom(
            'buyer@example.com',
            'Zoë <zoe@example.com>',
            'Buyer@EXAMPLE.com',
            'a.very.long.local.part.of.an.address.that.needs.folding@sub.example.co.uk',
          ),
          fc.emailAddress(),
          fc.stringMatching(/^[A-Za-z0-9_+.-]{1,40}@([a-zA-Z0-9-]{1,20}\.){1,3}[a-z0-9]{2,6}$/),
          fc.stringMatching(/^[A-Za-z0-9_+-]{1,30}(\.[A-Za-z0-9_+-]{1,9})?@[a-z0-9-]{1,20}\.[a-z]{2,6}$/),
        ),
        async (content, to) => {
          const message: MailMessage = { to, ...content, messageId: '<job-1@bazaar>' };
          const date = new Date('2026-12-01T16:01:38Z');
          const mine = compose(message, date);
          expect(mine).toBe(await nodemailerBytes(message, date, boundaryOf(mine)));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('keeps the content of a body past 64 KB (where nodemailer encodes in slices and may break lines elsewhere)', async () => {
    const html = Array.from(
      { length: 10_000 },
      (_, i) => `<td style="padding:2px 8px">Item ${i} · ünïcode</td> `,
    ).join('');
    const message: MailMessage = {
      to: 'buyer@example.com',
      subject: 'Big',
      text: html.replace(/<[^>]+>/g, ''),
      html,
    };
    const parsed = await simpleParser(compose(message));
    expect([parsed.text, parsed.html]).toEqual([message.text, message.html]);
  });
});

describe('the file mailer (no SMTP_URL)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-mailer-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes each message as an .eml file with Unix line breaks, the bytes nodemailer wrote', async () => {
    const mailer = createMailer({ from, dataDir });
    await mailer.send(orderMail);
    const files = await readdir(path.join(dataDir, 'mail'));
    expect(files).toEqual([expect.stringMatching(/^\d+-3f1c2a34-0a96-4e1d-be6b-343b2a0e5093@bazaar\.eml$/)]);
    const written = await readFile(path.join(dataDir, 'mail', files[0]!), 'utf8');
    expect(written).not.toContain('\r');
    const date = new Date(/^Date: (.*)$/m.exec(written)![1]!);
    const expected = await nodemailerBytes(orderMail, date, boundaryOf(written));
    expect(written).toBe(expected.replaceAll('\r', ''));
    const parsed = await simpleParser(written);
    expect([parsed.subject, parsed.text, parsed.html]).toEqual([order.subject, order.text, order.html]);
    mailer.close();
  });

  it('makes the directory again when it was removed, and names a message without an id by a new one', async () => {
    const mailer = createMailer({ from, dataDir });
    await mailer.send(orderMail);
    await rm(path.join(dataDir, 'mail'), { recursive: true });
    await mailer.send({ to: 'other@example.com', subject: 'Hello', text: 'Hi\n' });
    const files = await readdir(path.join(dataDir, 'mail'));
    expect(files).toEqual([expect.stringMatching(/^\d+-[0-9a-f-]{36}@bazaar\.local\.eml$/)]);
    const parsed = await simpleParser(await readFile(path.join(dataDir, 'mail', files[0]!)));
    expect(parsed.messageId).toBe(`<${files[0]!.replace(/^\d+-|\.eml$/g, '')}>`);
    expect(parsed.text).toBe('Hi\n');
  });
});

describe('the SMTP mailer', () => {
  it('delivers the composed message to the server, to the envelope nodemailer derived from the headers', async () => {
    const catcher = await startMailCatcher();
    const mailer = createMailer({ smtpUrl: catcher.url, from, dataDir: os.tmpdir() });
    try {
      await mailer.send(orderMail);
      await mailer.send({ to: 'Zoë <zoe@example.com>', subject: 'Grüße', text: 'Hallo\n' });
      const received = await catcher.next('buyer@example.com');
      expect(received).toMatchObject({
        to: ['buyer@example.com'],
        subject: order.subject,
        text: order.text,
        html: order.html,
        messageId: orderMail.messageId,
      });
      const second = await catcher.next('zoe@example.com');
      expect(second).toMatchObject({ subject: 'Grüße', text: 'Hallo\n' });
      expect(second.messageId).toMatch(/^<[0-9a-f-]{36}@bazaar\.local>$/);
    } finally {
      mailer.close();
      await catcher.close();
    }
  });
});
