import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { formatBasisPoints, formatMoney } from '../../platform/money';
import { createPdf, PDF_TEXT_WIDTH, type Cell } from '../../platform/pdf';
import type { AuthUser } from '../../platform/security';
import { getOrderForUser } from './service';
import { invoiceCounter, orders } from './tables';

/** What an invoice shows of an order (the order view carries all of it). */
export interface InvoiceOrder {
  orderNumber: string;
  customerName: string;
  customerEmail: string;
  createdAt: string;
  status: string;
  paymentMethod: string;
  paymentStatus: string;
  currency: string;
  couponCode: string | null;
  shippingAddress: {
    fullName: string;
    line1: string;
    line2: string | null;
    city: string;
    state: string | null;
    postalCode: string;
    country: string;
    phone: string | null;
  };
  items: Array<{
    name: string;
    sku: string;
    options: Record<string, string>;
    unitPrice: number;
    quantity: number;
    lineTotal: number;
    tax?: number;
  }>;
  subtotal: number;
  discount: number;
  shipping: number;
  shippingMethod?: { name: string; carrier: string | null } | null;
  tax: number;
  taxIncluded?: boolean;
  taxLines?: Array<{ name: string; rate: number; amount: number }>;
  total: number;
}

export interface Seller {
  name: string;
  address?: string | undefined;
  taxId?: string | undefined;
  email?: string | undefined;
}

export interface IssuedInvoice {
  number: string;
  issuedAt: Date;
}

/**
 * Gives the order its invoice number on first issue, from the one-row counter incremented in this
 * transaction: numbers are consecutive with no gaps (a rolled-back issue returns its number), and
 * an order keeps its number for every later download.
 */
export async function issueInvoiceNumber(tx: Tx, orderId: string): Promise<IssuedInvoice> {
  const [order] = await tx.db
    .select({ invoiceNumber: orders.invoiceNumber, invoicedAt: orders.invoicedAt })
    .from(orders)
    .where(eq(orders.id, orderId))
    .for('update');
  if (!order) throw notFound('Order');
  if (order.invoiceNumber && order.invoicedAt)
    return { number: order.invoiceNumber, issuedAt: order.invoicedAt };
  const [counter] = await tx.db
    .insert(invoiceCounter)
    .values({ id: 1, lastNumber: 1 })
    .onConflictDoUpdate({
      target: invoiceCounter.id,
      set: { lastNumber: sql`${invoiceCounter.lastNumber} + 1` },
    })
    .returning();
  const number = `INV-${String(counter!.lastNumber).padStart(6, '0')}`;
  const [updated] = await tx.db
    .update(orders)
    .set({ invoiceNumber: number, invoicedAt: sql`now()` })
    .where(eq(orders.id, orderId))
    .returning({ invoicedAt: orders.invoicedAt });
  return { number, issuedAt: updated!.invoicedAt! };
}

// Item | SKU | Qty | Unit price | Tax | Line total — together the page's text width.
const COLUMNS = [160, 80, 35, 75, 70, PDF_TEXT_WIDTH - 420];
const TOTALS = [PDF_TEXT_WIDTH - 230, 150, 80];

/**
 * The invoice PDF: seller block (name, address, tax id), invoice number and dates, buyer and
 * shipping address, a table of the lines (item, SKU, quantity, unit price, tax, line total), then
 * subtotal, discount, shipping with its method, every tax line and the total. All amounts through
 * the one money formatter in the store's locale; text in any script (embedded Unicode fonts).
 */
export async function renderInvoice(
  order: InvoiceOrder,
  invoice: IssuedInvoice,
  seller: Seller,
  locale: string,
): Promise<Buffer> {
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  const date = (value: Date | string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(value));
  const pdf = await createPdf({ title: `Invoice ${invoice.number}`, author: seller.name });

  await pdf.text(seller.name, { size: 18, bold: true });
  if (seller.address) await pdf.text(seller.address);
  if (seller.taxId) await pdf.text(`Tax ID: ${seller.taxId}`);
  if (seller.email) await pdf.text(seller.email, { color: '#555555' });
  pdf.moveDown(12);
  await pdf.text(`Invoice ${invoice.number}`, { size: 14, bold: true });
  await pdf.text(
    `Issued ${date(invoice.issuedAt)} · Order ${order.orderNumber} of ${date(order.createdAt)}\n` +
      `Payment: ${order.paymentMethod} (${order.paymentStatus})`,
  );
  pdf.moveDown(8);
  const a = order.shippingAddress;
  const shipTo = [a.fullName, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.state, a.country, a.phone]
    .filter(Boolean)
    .join('\n');
  await pdf.row(
    [{ text: `Bill to\n${order.customerName}\n${order.customerEmail}` }, { text: `Ship to\n${shipTo}` }],
    [PDF_TEXT_WIDTH / 2, PDF_TEXT_WIDTH / 2],
    { rule: false },
  );
  pdf.moveDown(8);

  const header = ['Item', 'SKU', 'Qty', 'Unit price', 'Tax', 'Line total'];
  await pdf.row(
    header.map((text, i): Cell => ({ text, bold: true, align: i >= 2 ? 'right' : 'left' })),
    COLUMNS,
    { fill: '#eeeeee' },
  );
  for (const item of order.items) {
    const options = Object.entries(item.options)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    await pdf.row(
      [
        { text: options ? `${item.name}\n${options}` : item.name },
        { text: item.sku },
        { text: String(item.quantity), align: 'right' },
        { text: money(item.unitPrice), align: 'right' },
        { text: money(item.tax ?? 0), align: 'right' },
        { text: money(item.lineTotal), align: 'right' },
      ],
      COLUMNS,
    );
  }
  pdf.moveDown(6);
  for (const [label, amount, bold] of totalsOf(order, money, locale))
    await pdf.row([{ text: '' }, { text: label, bold }, { text: amount, align: 'right', bold }], TOTALS, {
      rule: false,
    });
  if (order.taxIncluded) {
    pdf.moveDown(6);
    await pdf.text('Prices include the tax shown.', { color: '#555555' });
  }
  return pdf.end();
}

function totalsOf(
  order: InvoiceOrder,
  money: (amount: number) => string,
  locale: string,
): Array<[string, string, boolean]> {
  const rows: Array<[string, string, boolean]> = [['Subtotal', money(order.subtotal), false]];
  if (order.discount > 0)
    rows.push([
      `Discount${order.couponCode ? ` (${order.couponCode})` : ''}`,
      `-${money(order.discount)}`,
      false,
    ]);
  const method = order.shippingMethod
    ? ` (${[order.shippingMethod.name, order.shippingMethod.carrier].filter(Boolean).join(', ')})`
    : '';
  rows.push([`Shipping${method}`, money(order.shipping), false]);
  const prefix = order.taxIncluded ? 'incl. ' : '';
  const taxLines = order.taxLines ?? [];
  for (const line of taxLines)
    rows.push([`${prefix}${line.name} ${formatBasisPoints(line.rate, locale)}`, money(line.amount), false]);
  if (taxLines.length === 0) rows.push([`${prefix}Tax`, money(order.tax), false]);
  rows.push(['Total', money(order.total), true]);
  return rows;
}

/** GET /orders/:id/invoice: the owner's or an admin's invoice (numbered on first issue), as PDF bytes. */
export async function invoiceFor(
  ctx: AppContext,
  viewer: Pick<AuthUser, 'id' | 'role'>,
  orderId: string,
): Promise<{ pdf: Buffer; filename: string }> {
  const order = await getOrderForUser(ctx, viewer, orderId);
  const invoice = await ctx.database.transaction((tx) => issueInvoiceNumber(tx, orderId));
  const { config } = ctx;
  const seller = {
    name: config.STORE_NAME,
    address: config.STORE_ADDRESS,
    taxId: config.STORE_TAX_ID,
    email: config.MAIL_FROM,
  };
  const pdf = await renderInvoice(order, invoice, seller, config.STORE_LOCALE);
  return { pdf, filename: `invoice-${invoice.number}.pdf` };
}
