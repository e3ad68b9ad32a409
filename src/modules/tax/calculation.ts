import { mulDivFloor, mulDivHalfUp } from '../../platform/money';
import type { TaxLine } from './tables';

/** Basis points: 1800 = 18 %. */
export const BASIS_POINTS = 10_000;

/** One rate that applies to an amount (a line or the shipping). */
export interface ApplicableRate {
  name: string;
  /** Basis points. */
  rate: number;
}

export type { TaxLine };

export interface TaxableLine {
  /** The line's amount before any discount (unit price × quantity). */
  amount: number;
  rates: ApplicableRate[];
}

export interface TaxInput {
  lines: TaxableLine[];
  /** The order's discount, spread over the lines (never over shipping). */
  discount: number;
  shipping: number;
  shippingRates: ApplicableRate[];
  /** true: amounts include tax (the tax is the included share); false: tax comes on top. */
  pricesIncludeTax: boolean;
}

export interface LineTax {
  discountShare: number;
  /** Sum of `taxLines`. */
  tax: number;
  /** Sum of the rates that applied (basis points). */
  rate: number;
  taxLines: TaxLine[];
}

export interface TaxResult {
  lines: LineTax[];
  shippingTax: number;
  shippingTaxLines: TaxLine[];
  /** Lines and shipping summed by name and rate, in first-seen order. */
  taxLines: TaxLine[];
  tax: number;
}

/**
 * Spreads `discount` over `amounts` in proportion to each amount (rounded down); the remainder goes
 * to the largest line (the first of equals). A share never exceeds its line: in the rare case where
 * the remainder does not fit the largest line (many tiny lines), the rest goes to the next largest.
 */
export function spreadDiscount(amounts: readonly number[], discount: number): number[] {
  const subtotal = amounts.reduce((sum, a) => sum + a, 0);
  if (discount < 0 || discount > subtotal)
    throw new RangeError('discount must be between 0 and the subtotal');
  if (discount === 0 || subtotal === 0) return amounts.map(() => 0);
  const shares = amounts.map((a) => mulDivFloor(a, discount, subtotal));
  let remainder = discount - shares.reduce((sum, s) => sum + s, 0);
  const bySize = amounts.map((a, i) => i).sort((x, y) => amounts[y]! - amounts[x]! || x - y);
  for (const i of bySize) {
    if (remainder === 0) break;
    const room = Math.min(remainder, amounts[i]! - shares[i]!);
    shares[i] = shares[i]! + room;
    remainder -= room;
  }
  return shares;
}

/**
 * Tax on one amount, per rate, each rounded half-up to the minor unit. Exclusive: amount × rate.
 * Inclusive: the included share, amount × rate / (1 + Σ rates).
 */
export function taxOn(
  amount: number,
  rates: readonly ApplicableRate[],
  pricesIncludeTax: boolean,
): TaxLine[] {
  const combined = rates.reduce((sum, r) => sum + r.rate, 0);
  const denominator = pricesIncludeTax ? BASIS_POINTS + combined : BASIS_POINTS;
  return rates.map((r) => ({
    name: r.name,
    rate: r.rate,
    amount: mulDivHalfUp(amount, r.rate, denominator),
  }));
}

/** Adds tax lines into `into`, merging equal (name, rate) pairs. */
export function mergeTaxLines(into: TaxLine[], lines: readonly TaxLine[]): TaxLine[] {
  for (const line of lines) {
    const same = into.find((t) => t.name === line.name && t.rate === line.rate);
    if (same) same.amount += line.amount;
    else into.push({ ...line });
  }
  return into;
}

const sumOf = (lines: readonly TaxLine[]) => lines.reduce((sum, t) => sum + t.amount, 0);

/** Per-line tax after each line's share of the discount, shipping tax, and the summed tax lines. */
export function calculateTax(input: TaxInput): TaxResult {
  const shares = spreadDiscount(
    input.lines.map((l) => l.amount),
    input.discount,
  );
  const lines = input.lines.map((line, i): LineTax => {
    const taxLines = taxOn(line.amount - shares[i]!, line.rates, input.pricesIncludeTax);
    return {
      discountShare: shares[i]!,
      tax: sumOf(taxLines),
      rate: line.rates.reduce((sum, r) => sum + r.rate, 0),
      taxLines,
    };
  });
  const shippingTaxLines = taxOn(input.shipping, input.shippingRates, input.pricesIncludeTax);
  const taxLines: TaxLine[] = [];
  for (const line of lines) mergeTaxLines(taxLines, line.taxLines);
  mergeTaxLines(taxLines, shippingTaxLines);
  return {
    lines,
    shippingTax: sumOf(shippingTaxLines),
    shippingTaxLines,
    taxLines,
    tax: sumOf(taxLines),
  };
}

export interface Totals {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  taxIncluded: boolean;
  total: number;
}

/** total = subtotal − discount + shipping (+ tax when prices exclude it). */
export function totalsOf(input: Omit<Totals, 'total'>): Totals {
  const total = input.subtotal - input.discount + input.shipping + (input.taxIncluded ? 0 : input.tax);
  return { ...input, total };
}
