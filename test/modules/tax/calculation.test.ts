import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippingPrice, zoneForAddress } from '../../../src/modules/shipping/pricing';
import {
  calculateTax,
  spreadDiscount,
  taxOn,
  totalsOf,
  type ApplicableRate,
} from '../../../src/modules/tax/calculation';

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

const rateArb: fc.Arbitrary<ApplicableRate> = fc.record({
  name: fc.constantFrom('GST', 'VAT', 'State', 'City'),
  rate: fc.integer({ min: 0, max: 10_000 }),
});
const ratesArb = fc.uniqueArray(rateArb, { maxLength: 3, selector: (r) => r.name });
const cartArb = fc
  .record({
    lines: fc.array(
      fc.record({
        unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
        quantity: fc.integer({ min: 1, max: 99 }),
        rates: ratesArb,
      }),
      { minLength: 1, maxLength: 12 },
    ),
    discountPercent: fc.integer({ min: 0, max: 100 }),
    shipping: fc.integer({ min: 0, max: 500_000 }),
    shippingRates: ratesArb,
    pricesIncludeTax: fc.boolean(),
  })
  .map((c) => {
    const lines = c.lines.map((l) => ({ amount: l.unitPrice * l.quantity, rates: l.rates }));
    const subtotal = sum(lines.map((l) => l.amount));
    return { ...c, lines, subtotal, discount: Math.floor((subtotal * c.discountPercent) / 100) };
  });

describe('tax calculation (properties over random carts, discounts and rates)', () => {
  it('exclusive: total = subtotal − discount + shipping + tax; line and shipping taxes sum to taxLines', () => {
    fc.assert(
      fc.property(cartArb, (cart) => {
        const result = calculateTax({ ...cart, pricesIncludeTax: false });
        const totals = totalsOf({
          subtotal: cart.subtotal,
          discount: cart.discount,
          shipping: cart.shipping,
          tax: result.tax,
          taxIncluded: false,
        });
        expect(totals.total).toBe(cart.subtotal - cart.discount + cart.shipping + result.tax);
        const lineTaxes = sum(result.lines.map((l) => l.tax));
        expect(lineTaxes + result.shippingTax).toBe(sum(result.taxLines.map((t) => t.amount)));
        expect(result.tax).toBe(sum(result.taxLines.map((t) => t.amount)));
        // taxLines are summed by (name, rate): no pair appears twice.
        const keys = result.taxLines.map((t) => `${t.name}@${t.rate}`);
        expect(new Set(keys).size).toBe(keys.length);
        // per name+rate, the tax line equals the sum of that pair over lines and shipping
        for (const t of result.taxLines) {
          const parts = [...result.lines.flatMap((l) => l.taxLines), ...result.shippingTaxLines].filter(
            (p) => p.name === t.name && p.rate === t.rate,
          );
          expect(sum(parts.map((p) => p.amount))).toBe(t.amount);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('inclusive: total = subtotal − discount + shipping, the tax is a share of it, and sums still hold', () => {
    fc.assert(
      fc.property(cartArb, (cart) => {
        const result = calculateTax({ ...cart, pricesIncludeTax: true });
        const totals = totalsOf({
          subtotal: cart.subtotal,
          discount: cart.discount,
          shipping: cart.shipping,
          tax: result.tax,
          taxIncluded: true,
        });
        expect(totals.total).toBe(cart.subtotal - cart.discount + cart.shipping);
        expect(result.tax).toBeLessThanOrEqual(totals.total);
        expect(sum(result.lines.map((l) => l.tax)) + result.shippingTax).toBe(
          sum(result.taxLines.map((t) => t.amount)),
        );
        result.lines.forEach((line, i) => {
          expect(line.tax).toBeLessThanOrEqual(cart.lines[i]!.amount - line.discountShare);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the discount is spread exactly: shares sum to it, each within its line, proportional within one unit', () => {
    fc.assert(
      fc.property(cartArb, (cart) => {
        const amounts = cart.lines.map((l) => l.amount);
        const shares = spreadDiscount(amounts, cart.discount);
        expect(sum(shares)).toBe(cart.discount);
        shares.forEach((share, i) => {
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(amounts[i]!);
        });
        // each line gets at least its proportional share rounded down; the remainder goes to the
        // largest line (the first of equals), and to others only once that line is fully discounted
        const exact = amounts.map((a) =>
          cart.subtotal === 0 ? 0 : Number((BigInt(a) * BigInt(cart.discount)) / BigInt(cart.subtotal)),
        );
        shares.forEach((share, i) => expect(share).toBeGreaterThanOrEqual(exact[i]!));
        const largest = amounts.indexOf(Math.max(...amounts));
        const largestFull = shares[largest] === amounts[largest];
        shares.forEach((share, i) => {
          if (i !== largest && !largestFull) expect(share).toBe(exact[i]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('examples: remainder to the largest line; half-up per line; inclusive share', () => {
    // 100 off 300 split 1:1:1 → 33 each, the remainder 1 to the first largest line
    expect(spreadDiscount([100, 100, 100], 100)).toEqual([34, 33, 33]);
    expect(spreadDiscount([100, 200, 100], 100)).toEqual([25, 50, 25]);
    expect(spreadDiscount([1000, 3000], 7)).toEqual([1, 6]);
    // tiny lines: the remainder spills past a full line instead of exceeding it
    expect(spreadDiscount([1, 1, 1], 2)).toEqual([1, 1, 0]);
    // 18 % of 1250 = 225; of 1255 = 225.9 → 226; of 1252.5 cannot happen (integers), 0.5 rounds up:
    expect(taxOn(1250, [{ name: 'GST', rate: 1800 }], false)).toEqual([
      { name: 'GST', rate: 1800, amount: 225 },
    ]);
    expect(taxOn(25, [{ name: 'VAT', rate: 1000 }], false)[0]!.amount).toBe(3); // 2.5 → 3
    expect(taxOn(24, [{ name: 'VAT', rate: 1000 }], false)[0]!.amount).toBe(2); // 2.4 → 2
    // inclusive: 1180 with 18 % included holds 180 of tax
    expect(taxOn(1180, [{ name: 'GST', rate: 1800 }], true)[0]!.amount).toBe(180);
    // two lines taxed separately, summed by name and rate; shipping taxed only by its rates
    const result = calculateTax({
      lines: [
        { amount: 1000, rates: [{ name: 'GST', rate: 1800 }] },
        { amount: 500, rates: [{ name: 'GST', rate: 500 }] },
        { amount: 2000, rates: [{ name: 'GST', rate: 1800 }] },
      ],
      discount: 350,
      shipping: 100,
      shippingRates: [{ name: 'GST', rate: 1800 }],
      pricesIncludeTax: false,
    });
    expect(result.lines.map((l) => l.discountShare)).toEqual([100, 50, 200]);
    expect(result.lines.map((l) => l.tax)).toEqual([162, 23, 324]); // 900×18%, 450×5%=22.5→23, 1800×18%
    expect(result.shippingTax).toBe(18);
    expect(result.taxLines).toEqual([
      { name: 'GST', rate: 1800, amount: 162 + 324 + 18 },
      { name: 'GST', rate: 500, amount: 23 },
    ]);
    expect(result.tax).toBe(527);
    // nothing configured: version 1 behaviour
    const none = calculateTax({
      lines: [{ amount: 999, rates: [] }],
      discount: 99,
      shipping: 0,
      shippingRates: [],
      pricesIncludeTax: false,
    });
    expect(none).toMatchObject({ tax: 0, taxLines: [], shippingTax: 0 });
  });
});

describe('shipping pricing', () => {
  const areas = new Map([
    ['US', 'zone-us'],
    ['US-CA', 'zone-ca'],
    ['IN', 'zone-in'],
  ]);

  it('the most specific zone wins; a country zone does not serve a region with its own zone', () => {
    expect(zoneForAddress(areas, { country: 'US', state: 'CA' })).toBe('zone-ca');
    expect(zoneForAddress(areas, { country: 'us', state: 'ny' })).toBe('zone-us');
    expect(zoneForAddress(areas, { country: 'US', state: null })).toBe('zone-us');
    expect(zoneForAddress(areas, { country: 'IN', state: 'MH' })).toBe('zone-in');
    expect(zoneForAddress(areas, { country: 'FR' })).toBeNull();
  });

  it('weight tiers are inclusive, heavier than the last tier is unavailable, freeOver is inclusive', () => {
    const weight = {
      type: 'WEIGHT' as const,
      price: null,
      rates: [
        { upToGrams: 500, price: 300 },
        { upToGrams: 2000, price: 700 },
      ],
      freeOver: 10_000,
    };
    expect(shippingPrice(weight, { weightGrams: 0, subtotalAfterDiscount: 0 })).toBe(300);
    expect(shippingPrice(weight, { weightGrams: 500, subtotalAfterDiscount: 0 })).toBe(300);
    expect(shippingPrice(weight, { weightGrams: 501, subtotalAfterDiscount: 0 })).toBe(700);
    expect(shippingPrice(weight, { weightGrams: 2000, subtotalAfterDiscount: 0 })).toBe(700);
    expect(shippingPrice(weight, { weightGrams: 2001, subtotalAfterDiscount: 0 })).toBeNull();
    expect(shippingPrice(weight, { weightGrams: 2000, subtotalAfterDiscount: 9_999 })).toBe(700);
    expect(shippingPrice(weight, { weightGrams: 2000, subtotalAfterDiscount: 10_000 })).toBe(0);
    expect(shippingPrice(weight, { weightGrams: 2001, subtotalAfterDiscount: 10_000 })).toBeNull();
    const flat = { type: 'FLAT' as const, price: 499, rates: null, freeOver: null };
    expect(shippingPrice(flat, { weightGrams: 99_999, subtotalAfterDiscount: 1_000_000 })).toBe(499);
  });
});
