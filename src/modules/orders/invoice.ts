import { minorUnitDigits } from '../../platform/money';
import type { OrderView } from './schemas';

/** "INR 1,299.00": the built-in PDF fonts have no glyph for ₹ and many other currency signs. */
export function invoiceAmount(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const value = new Intl.NumberFormat('en', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / 10 ** digits);
  return `${currency} ${value}`;
}

/** Renders the invoice of an order as a PDF: seller, buyer, address, number, date, lines, totals. */
export async function renderInvoice(
  order: OrderView,
  seller: { name: string; email?: string | undefined },
): Promise<Buffer> {
  // Loaded on first use: pdfkit costs ~165 ms of start-up for a route few requests hit.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${order.orderNumber}`, Author: seller.name },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const amount = (value: number) => invoiceAmount(value, order.currency);

  doc.fontSize(20).text(seller.name).fontSize(10);
  if (seller.email) doc.text(seller.email);
  doc.moveDown().fontSize(16).text(`Invoice for order ${order.orderNumber}`).fontSize(10);
  doc.text(`Date: ${order.createdAt.slice(0, 10)}`);
  doc.text(`Status: ${order.status}   Payment: ${order.paymentMethod} (${order.paymentStatus})`);
  doc.moveDown().fontSize(12).text('Bill to').fontSize(10);
  const a = order.shippingAddress;
  doc.text(`${order.customerName} <${order.customerEmail}>`);
  doc.text(a.fullName);
  doc.text([a.line1, a.line2].filter(Boolean).join(', '));
  doc.text([a.city, a.state, a.postalCode].filter(Boolean).join(', '));
  doc.text(a.country);
  if (a.phone) doc.text(a.phone);

  doc.moveDown().fontSize(12).text('Items').fontSize(10);
  for (const item of order.items) {
    const options = Object.entries(item.options)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    doc.text(
      `${item.quantity} x ${item.name}${options ? ` (${options})` : ''} [${item.sku}] @ ${amount(item.unitPrice)} = ${amount(item.lineTotal)}`,
    );
  }
  doc.moveDown();
  doc.text(`Subtotal: ${amount(order.subtotal)}`);
  if (order.discount > 0)
    doc.text(`Discount${order.couponCode ? ` (${order.couponCode})` : ''}: -${amount(order.discount)}`);
  doc.text(`Shipping: ${amount(order.shipping)}`);
  doc.text(`Tax: ${amount(order.tax)}`);
  doc.fontSize(12).text(`Total: ${amount(order.total)}`);
  doc.end();
  return done;
}
