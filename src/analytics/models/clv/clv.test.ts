import { describe, expect, it } from 'vitest';
import { predictBgNbd } from './bgnbd-predict';
import { computeClv, computeClvByMonth } from './clv';
import { predictGammaGammaSpend } from './gamma-gamma';

describe('computeClv', () => {
  it('sums discounted monthly increments (hand-computed)', () => {
    // E[Y(t)] = 2t with months as the unit: 2 purchases a month at 10 each.
    const base = { expectedPurchases: (t: number) => 2 * t, expectedSpend: 10, unitsPerMonth: 1 };
    expect(computeClv({ ...base, monthlyDiscountRate: 0 })).toBeCloseTo(240, 12);
    // 20 · (1/1.01 + 1/1.01² + 1/1.01³) = 58.81960390...
    expect(computeClv({ ...base, months: 3, monthlyDiscountRate: 0.01 })).toBeCloseTo(
      20 / 1.01 + 20 / 1.01 ** 2 + 20 / 1.01 ** 3,
      12,
    );
    expect(computeClvByMonth({ ...base, months: 2, monthlyDiscountRate: 0 })).toEqual([20, 20]);
    expect(computeClv({ ...base, months: 0 })).toBe(0);
  });

  it('converts model units: weeks use 4.345 per month as lifetimes does', () => {
    const seen: number[] = [];
    computeClv({
      expectedPurchases: (t) => {
        seen.push(t);
        return t;
      },
      expectedSpend: 1,
      months: 2,
    });
    expect(seen).toEqual([0, 4.345, 8.69]);
  });

  it('BG/NBD + Gamma-Gamma at the published CDNOW parameters, customer 1 (x=2, t_x=30.43, T=38.86, z̄=22.35)', () => {
    const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const gg = { p: 6.25, q: 3.74, gamma: 15.44 };
    const customer = { x: 2, tx: 30.43, T: 38.86, monetaryValue: 22.35 };
    const clv = computeClv({
      expectedPurchases: (t) => predictBgNbd(bg, t, customer),
      expectedSpend: predictGammaGammaSpend(gg, customer),
      months: 12,
      monthlyDiscountRate: 0.01,
    });
    // Same loop as lifetimes' _customer_lifetime_value in numpy with scipy.special.hyp2f1: 36.289211125599216
    expect(clv).toBeCloseTo(36.289211125599216, 9);
  });

  it('rejects nonsense options', () => {
    const base = { expectedPurchases: (t: number) => t, expectedSpend: 1 };
    expect(() => computeClv({ ...base, months: 1.5 })).toThrow(RangeError);
    expect(() => computeClv({ ...base, monthlyDiscountRate: -1 })).toThrow(RangeError);
    expect(() => computeClv({ ...base, unitsPerMonth: 0 })).toThrow(RangeError);
  });
});
