import { describe, expect, it } from 'vitest';
import { relativeDifference } from '../../../testing/shared-data';
import { minimizeBounded, withBoundedNumericGradient } from './bounded';
import { regularizedIncompleteBeta } from './incomplete-beta';
import { normalCdf, normalPdf, normalQuantile } from './normal';
import { createRandom } from './random';
import { studentTCdf, studentTQuantile } from './student-t';

// Expected values: scipy 1.17.1 (scipy.stats.norm / scipy.stats.t / scipy.special.betainc).
describe('normal distribution', () => {
  it('quantile matches scipy.stats.norm.ppf (AS 241)', () => {
    expect(relativeDifference(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-14);
    expect(relativeDifference(normalQuantile(0.3), -0.5244005127080409)).toBeLessThan(1e-14);
    expect(relativeDifference(normalQuantile(1e-10), -6.361340902404056)).toBeLessThan(1e-14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });

  it('CDF matches scipy.stats.norm.cdf and inverts the quantile', () => {
    expect(relativeDifference(normalCdf(1.2345), 0.8914916766373298)).toBeLessThan(1e-14);
    expect(relativeDifference(normalCdf(-0.3), 0.3820885778110474)).toBeLessThan(1e-14);
    expect(relativeDifference(normalCdf(-8.5), 9.47953482220325e-18)).toBeLessThan(1e-8);
    for (const p of [1e-6, 0.01, 0.2, 0.5, 0.77, 0.999]) {
      expect(relativeDifference(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-10);
    }
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });
});

describe('Student t and the incomplete beta function', () => {
  it('incomplete beta matches scipy.special.betainc', () => {
    expect(relativeDifference(regularizedIncompleteBeta(0.4, 2.5, 3.5), 0.4869041915261176)).toBeLessThan(
      1e-13,
    );
    expect(relativeDifference(regularizedIncompleteBeta(0.01, 0.5, 20), 0.4713699354850154)).toBeLessThan(
      1e-13,
    );
    // I_x(1, 1) = x
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 15);
  });

  it('CDF and quantile match scipy.stats.t', () => {
    expect(relativeDifference(studentTCdf(1.5, 7), 0.911350756505015)).toBeLessThan(1e-13);
    expect(relativeDifference(studentTCdf(-3.2, 2.5), 0.031705514118190725)).toBeLessThan(1e-12);
    expect(relativeDifference(studentTQuantile(0.975, 10), 2.228138851986274)).toBeLessThan(1e-12);
    expect(relativeDifference(studentTQuantile(0.95, 3), 2.3533634348018233)).toBeLessThan(1e-12);
    expect(relativeDifference(studentTQuantile(0.999, 4.5), 6.421242884295791)).toBeLessThan(1e-12);
    expect(relativeDifference(studentTQuantile(0.025, 30), -2.042272456301238)).toBeLessThan(1e-12);
    expect(relativeDifference(studentTQuantile(1e-8, 5), -62.4045061109673)).toBeLessThan(1e-10);
    // Closed forms: Cauchy and ν = 2.
    expect(studentTQuantile(0.75, 1)).toBeCloseTo(1, 14);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302652729749462, 12);
  });
});

describe('box-constrained minimisation', () => {
  it('finds an interior optimum and one on a bound', () => {
    const lower = [0, 0];
    const upper = [1, 1];
    // Minimum at (0.3, 0.7), inside the box.
    const inside = minimizeBounded(
      (x, g) => {
        g[0] = 2 * ((x[0] as number) - 0.3);
        g[1] = 20 * ((x[1] as number) - 0.7);
        return ((x[0] as number) - 0.3) ** 2 + 10 * ((x[1] as number) - 0.7) ** 2;
      },
      [0.9, 0.1],
      lower,
      upper,
    );
    expect(inside.converged).toBe(true);
    expect(inside.x[0]).toBeCloseTo(0.3, 6);
    expect(inside.x[1]).toBeCloseTo(0.7, 6);
    // Unconstrained minimum at (1.5, −0.2): the box optimum is (1, 0).
    const f = (x: readonly number[]) => ((x[0] as number) - 1.5) ** 2 + ((x[1] as number) + 0.2) ** 2;
    const edge = minimizeBounded(withBoundedNumericGradient(f, lower, upper), [0.5, 0.5], lower, upper);
    expect(edge.converged).toBe(true);
    expect(edge.x).toEqual([1, 0]);
  });
});

describe('seeded random numbers', () => {
  it('repeat for a seed and have the moments of U(0, 1) and N(0, 1)', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    const r = createRandom(7);
    let sum = 0;
    let sumSq = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const z = r.nextNormal();
      sum += z;
      sumSq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.05);
  });
});
