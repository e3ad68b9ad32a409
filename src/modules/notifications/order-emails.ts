import { formatBasisPoints, formatMoney } from '../../platform/money';
import { email, type EmailContent, type Paragraph } from './email';

/** Who sends order mails, and how amounts and links are written (from STORE_NAME, STORE_LOCALE, STOREFRONT_URL). */
export interface StoreForEmail {
  name: string;
  locale: string;
  /** Base URL of the storefront; an order's page is `${storefrontUrl}/orders/<id>`. */
  storefrontUrl: string | null;
}

const DEFAULT_STORE: StoreForEmail = { name: 'Bazaar', locale: 'en-US', storefrontUrl: null };

interface AddressForEmail {
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postalCode: string;
  country: string;
}

export interface OrderForEmail {
  id?: string;
  orderNumber: string;
  customerName: string;
  currency: string;
  items: Array<{
    name: string;
    sku: string;
    options?: Record<string, string>;
    quantity: number;
    unitPrice?: number;
    lineTotal: number;
  }>;
  subtotal: number;
  discount: number;
  couponCode?: string | null;
  shipping: number;
  shippingMethod?: { name: string; carrier: string | null } | null;
  tax: number;
  taxIncluded?: boolean;
  taxLines?: Array<{ name: string; rate: number; amount: number }>;
  total: number;
  /** What store credit paid (absent or 0: none). */
  storeCredit?: number;
  paymentMethod: string;
  shippingAddress?: AddressForEmail;
}

const orderLink = (store: StoreForEmail, orderId: string | undefined): Paragraph[] =>
  store.storefrontUrl && orderId
    ? [{ link: `${store.storefrontUrl.replace(/\/+$/, '')}/orders/${orderId}`, label: 'View your order' }]
    : [];

function addressLines(a: AddressForEmail): string {
  return [a.fullName, a.line1, a.line2, [a.postalCode, a.city].join(' '), a.state, a.country]
    .filter((line): line is string => Boolean(line))
    .join('\n');
}

/** The totals table: subtotal, discount, shipping (with the method), each tax line, total. */
function totalsTable(order: OrderForEmail, money: (n: number) => string, locale: string): string[][] {
  const rows: string[][] = [['Subtotal', money(order.subtotal)]];
  if (order.discount > 0)
    rows.push([`Discount${order.couponCode ? ` (${order.couponCode})` : ''}`, `-${money(order.discount)}`]);
  const method = order.shippingMethod
    ? ` (${[order.shippingMethod.name, order.shippingMethod.carrier].filter(Boolean).join(', ')})`
    : '';
  if (order.shipping > 0 || order.shippingMethod)
    rows.push([`Shipping${method}`, order.shipping > 0 ? money(order.shipping) : 'Free']);
  const included = order.taxIncluded ? 'incl. ' : '';
  const taxLines = order.taxLines ?? [];
  for (const line of taxLines)
    rows.push([`${included}${line.name} ${formatBasisPoints(line.rate, locale)}`, money(line.amount)]);
  if (taxLines.length === 0 && order.tax > 0) rows.push([`${included}Tax`, money(order.tax)]);
  rows.push(['Total', money(order.total)]);
  const credit = order.storeCredit ?? 0;
  if (credit > 0)
    rows.push(['Store credit', `-${money(credit)}`], ['Amount due', money(order.total - credit)]);
  rows.push(['Payment', order.paymentMethod]);
  return rows;
}

export function orderConfirmationEmail(
  order: OrderForEmail,
  store: StoreForEmail = DEFAULT_STORE,
): EmailContent {
  const money = (amount: number) => formatMoney(amount, order.currency, store.locale);
  const items = order.items.map((i) => {
    const options = Object.values(i.options ?? {}).join(', ');
    return [
      `${i.name}${options ? ` (${options})` : ''} · ${i.sku}`,
      `${i.quantity} ×`,
      i.unitPrice === undefined ? '' : money(i.unitPrice),
      money(i.lineTotal),
    ];
  });
  return email(
    `Order ${order.orderNumber} confirmed`,
    [
      `Hello ${order.customerName},`,
      `Thank you for your order ${order.orderNumber}.`,
      { table: [['Item', 'Qty', 'Unit price', 'Total'], ...items] },
      { table: totalsTable(order, money, store.locale) },
      ...(order.shippingAddress ? [`Shipping to:\n${addressLines(order.shippingAddress)}`] : []),
      ...orderLink(store, order.id),
    ],
    store.name,
  );
}

const statusWords: Record<string, string> = {
  PAID: 'has been paid',
  PROCESSING: 'is being prepared',
  SHIPPED: 'has shipped',
  DELIVERED: 'has been delivered',
  CANCELLED: 'has been cancelled',
  REFUNDED: 'has been refunded',
};

export function orderStatusEmail(
  order: {
    id?: string;
    orderNumber: string;
    customerName: string;
    status: string;
    total: number;
    currency: string;
  },
  store: StoreForEmail = DEFAULT_STORE,
): EmailContent {
  const words = statusWords[order.status] ?? `is now ${order.status}`;
  return email(
    `Order ${order.orderNumber} ${words}`,
    [
      `Hello ${order.customerName},`,
      `Your order ${order.orderNumber} ${words}.`,
      `Total: ${formatMoney(order.total, order.currency, store.locale)}`,
      ...orderLink(store, order.id),
    ],
    store.name,
  );
}

/** One shipment: its items, the carrier and tracking number, and the tracking link. */
export function trackingEmail(
  input: {
    orderId: string;
    orderNumber: string;
    customerName: string;
    carrier: string;
    trackingNumber: string;
    trackingUrl: string | null;
    items: Array<{ name: string; sku: string; quantity: number }>;
    complete: boolean;
  },
  store: StoreForEmail = DEFAULT_STORE,
): EmailContent {
  return email(
    `Order ${input.orderNumber}: ${input.complete ? 'shipped' : 'part of your order shipped'}`,
    [
      `Hello ${input.customerName},`,
      input.complete
        ? `Everything in your order ${input.orderNumber} has now shipped.`
        : `Part of your order ${input.orderNumber} is on its way; we will send the rest separately.`,
      { table: input.items.map((i) => [`${i.quantity} ×`, `${i.name} · ${i.sku}`]) },
      `Carrier: ${input.carrier}\nTracking number: ${input.trackingNumber}`,
      ...(input.trackingUrl ? [{ link: input.trackingUrl, label: 'Track your parcel' }] : []),
      ...orderLink(store, input.orderId),
    ],
    store.name,
  );
}
