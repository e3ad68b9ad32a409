import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMoney,
  currencySchema,
  formatMoney,
  minorUnitDigits,
  moneyAmountSchema,
  percentOf,
} from '../../src/platform/money';
import { offsetOf, pageMeta, paginationQuery } from '../../src/platform/pagination';

describe('money', () => {
  it('knows minor units per currency', () => {
    expect(minorUnitDigits('USD')).toBe(2);
    expect(minorUnitDigits('INR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
  });

  it('formats minor units for people', () => {
    expect(formatMoney(129900, 'INR', 'en-IN')).toBe('₹1,299.00');
    expect(formatMoney(1999, 'USD', 'en-US')).toBe('$19.99');
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
  });

  it('refuses fractional amounts everywhere', () => {
    expect(() => formatMoney(10.5, 'USD')).toThrow(RangeError);
    expect(() => addMoney(1, 0.1)).toThrow(RangeError);
    expect(moneyAmountSchema.safeParse(10.5).success).toBe(false);
    expect(moneyAmountSchema.safeParse(-1).success).toBe(false);
    expect(moneyAmountSchema.safeParse(129900).success).toBe(true);
  });

  it('accepts only real ISO 4217 codes', () => {
    expect(currencySchema.safeParse('EUR').success).toBe(true);
    expect(currencySchema.safeParse('eur').success).toBe(false);
    expect(currencySchema.safeParse('EURO').success).toBe(false);
  });

  it('percentOf always returns a whole minor unit no larger than the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        (amount, pct) => {
          const value = percentOf(amount, pct);
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(amount);
          expect(Math.abs(value - (amount * pct) / 100)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
  });

  it('addMoney is exact for integers (no float drift)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), { maxLength: 50 }),
        (amounts) => {
          expect(addMoney(...amounts)).toBe(amounts.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });
});

describe('pagination', () => {
  it('defaults to page 1, limit 20 and caps limit at 100', () => {
    expect(paginationQuery.parse({})).toEqual({ page: 1, limit: 20 });
    expect(paginationQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(paginationQuery.safeParse({ page: '0' }).success).toBe(false);
  });

  it('computes offsets and meta', () => {
    expect(offsetOf({ page: 3, limit: 20 })).toBe(40);
    expect(pageMeta({ page: 2, limit: 20 }, 41)).toEqual({ page: 2, limit: 20, total: 41, totalPages: 3 });
    expect(pageMeta({ page: 1, limit: 20 }, 0)).toEqual({ page: 1, limit: 20, total: 0, totalPages: 0 });
  });
});
