import { z } from 'zod';

/**
 * Money is an integer number of minor units (cents, paise) plus an ISO 4217 currency. Never a float.
 */
export interface Money {
  amount: number;
  currency: string;
}

// Building an Intl.NumberFormat costs far more than formatting with one (it showed in the checkout
// profile), and a store uses a handful of currencies and locales: keep one per pair.
const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}\0${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

const digitsByCurrency = new Map<string, number>();

/** Digits after the decimal point for a currency (JPY 0, USD 2, KWD 3), from the ICU data. */
export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    // resolvedOptions() builds a fresh object on every call: read once per currency.
    digits = currencyFormatter('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** Formats minor units for people: formatMoney(129900, 'INR') → '₹1,299.00'. */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  assertMinorUnits(amount);
  const digits = minorUnitDigits(currency);
  return currencyFormatter(locale, currency).format(amount / 10 ** digits);
}

/** A rate in basis points for people: formatBasisPoints(1800) → '18%', (725, 'de-DE') → '7,25 %'. */
export function formatBasisPoints(basisPoints: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    basisPoints / 10_000,
  );
}

export function assertMinorUnits(amount: number): void {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money amount must be an integer, got ${amount}`);
}

export function addMoney(...amounts: number[]): number {
  const total = amounts.reduce((sum, amount) => {
    assertMinorUnits(amount);
    return sum + amount;
  }, 0);
  assertMinorUnits(total);
  return total;
}

/** amount × percent / 100, rounded half away from zero to a whole minor unit. */
export function percentOf(amount: number, percent: number): number {
  assertMinorUnits(amount);
  const raw = (amount * percent) / 100;
  return Math.sign(raw) * Math.round(Math.abs(raw));
}

/**
 * amount × numerator / denominator for non-negative integers, rounded half-up to a whole minor unit.
 * Exact (BigInt), so large amounts times basis points never lose precision.
 */
export function mulDivHalfUp(amount: number, numerator: number, denominator: number): number {
  assertMinorUnits(amount);
  if (amount < 0 || numerator < 0 || denominator <= 0)
    throw new RangeError('mulDivHalfUp takes non-negative values');
  const product = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  return Number((2n * product + d) / (2n * d));
}

/** amount × numerator / denominator rounded down (for splitting an amount; the caller places the rest). */
export function mulDivFloor(amount: number, numerator: number, denominator: number): number {
  assertMinorUnits(amount);
  if (amount < 0 || numerator < 0 || denominator <= 0)
    throw new RangeError('mulDivFloor takes non-negative values');
  return Number((BigInt(amount) * BigInt(numerator)) / BigInt(denominator));
}

/** The largest value a PostgreSQL `integer` column (amounts, quantities) can hold. */
export const MAX_INT4 = 2_147_483_647;

/** Schemas: a non-negative amount in minor units (at most what an integer column holds), and a currency code. */
export const moneyAmountSchema = z.number().int().min(0).max(MAX_INT4);
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as USD')
  .refine((code) => {
    try {
      new Intl.NumberFormat('en', { style: 'currency', currency: code });
      return true;
    } catch {
      return false;
    }
  }, 'unknown currency');
