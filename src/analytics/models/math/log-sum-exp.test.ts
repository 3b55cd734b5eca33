import { describe, expect, it } from 'vitest';
import { logAddExp, logDiffExp, logSumExp } from './log-sum-exp';

describe('log-sum-exp', () => {
  it('adds in log space without overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
    expect(logSumExp([-1000, -1000, -1000])).toBeCloseTo(-1000 + Math.log(3), 12);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
  });

  it('honours weights (log(2e¹ + 0·e⁵⁰ + 3e²))', () => {
    expect(logSumExp([1, 50, 2], [2, 0, 3])).toBeCloseTo(Math.log(2 * Math.E + 3 * Math.E ** 2), 13);
  });

  it('subtracts in log space accurately for close and distant terms', () => {
    expect(logDiffExp(Math.log(3), Math.log(2))).toBeCloseTo(0, 15);
    // log(1 − e^{−1e-10}) = log(1e-10 − 5e-21 …)
    expect(logDiffExp(0, -1e-10)).toBeCloseTo(Math.log(1e-10 - 5e-21), 12);
    expect(logDiffExp(0, -50)).toBeCloseTo(-Math.exp(-50), 15);
    expect(logDiffExp(1, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(logDiffExp(1, 2)).toBeNaN();
  });
});
