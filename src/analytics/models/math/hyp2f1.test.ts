import { describe, expect, it } from 'vitest';
import { hyp2f1 } from './hyp2f1';

// Reference values: mpmath 1.3 `hyp2f1` at 40 significant digits.
const CASES: { args: [number, number, number, number]; ref: number; tol: number; note: string }[] = [
  { args: [2.3, 1.7, 3.1, 0.5], ref: 2.3347080444074804, tol: 1e-14, note: 'series' },
  { args: [2.3, 1.7, 3.1, 0.9], ref: 13.911431036869052, tol: 1e-14, note: '1−z connection' },
  { args: [2.3, 1.7, 3.1, 0.999], ref: 1100.1843673760202, tol: 1e-14, note: '1−z connection' },
  { args: [2.3, 1.7, 3.1, -5], ref: 0.08761950184919047, tol: 1e-14, note: 'Pfaff' },
  { args: [10.5, 2.2, 11.5, 0.95], ref: 195.70853288990565, tol: 2e-14, note: 'Pareto/NBD shape c = a + 1' },
  { args: [30.8, 1.6, 31.8, 0.99], ref: 390.7421668451699, tol: 1e-13, note: 'Pareto/NBD shape, large a' },
  { args: [1.5, 2.5, 4.0, 0.9], ref: 5.4931375169820695, tol: 1e-14, note: 'integer gap m = 0' },
  { args: [1.5, 2.5, 4.0, 0.99999], ref: 48.99040351524826, tol: 1e-14, note: 'integer gap m = 0' },
  { args: [2.5, 1.5, 2.0, 0.999999], ref: 848826575313.4807, tol: 1e-14, note: 'integer gap m = −2' },
  { args: [2.5, 1.5, 1.0, 0.95], ref: 13325.043783481948, tol: 1e-14, note: 'integer gap m = −3' },
  { args: [1.25, 0.5, 5.75, 0.9999], ref: 1.15412466728609, tol: 1e-14, note: 'integer gap m = 4' },
  { args: [1.5, 2.5, 4.000003, 0.99999], ref: 48.98967686360366, tol: 1e-11, note: 'near-integer gap' },
  { args: [1.5, 2.5, 3.999997, 0.999], ref: 25.64849887267645, tol: 1e-11, note: 'near-integer gap' },
  { args: [0.3, 0.2, 0.5000002, 0.99], ref: 1.5804203037829025, tol: 1e-11, note: 'near-integer gap' },
  { args: [5, 5, 1.5, 0.9], ref: 5765952807.514068, tol: 1e-14, note: 'large value' },
  { args: [-1.243, -0.207, 2.219, 0.93], ref: 1.1044342476188478, tol: 1e-14, note: 'negative a, b' },
  { args: [-2, 3.5, 1.2, 0.7], ref: -0.1600378787878789, tol: 1e-14, note: 'terminating polynomial' },
];

describe('hyp2f1', () => {
  it.each(CASES)('$args ($note) matches mpmath', ({ args, ref, tol }) => {
    const v = hyp2f1(...args);
    expect(Math.abs(v - ref)).toBeLessThanOrEqual(tol * Math.abs(ref));
  });

  it('reproduces closed forms (A&S 15.1.3, 15.1.8, 15.1.6, Gauss 15.1.20)', () => {
    for (const z of [0.1, 0.6, 0.97, -3]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 13);
      expect(hyp2f1(0.7, 2.2, 2.2, z)).toBeCloseTo((1 - z) ** -0.7, 12);
    }
    expect(hyp2f1(0.5, 0.5, 1.5, 0.25)).toBeCloseTo(Math.asin(0.5) / 0.5, 14);
    // Gauss: ₂F₁(1, 1; 3; 1) = Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2
    expect(hyp2f1(1, 1, 3, 1)).toBeCloseTo(2, 13);
    expect(hyp2f1(1, 1, 2, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects the branch cut and poles of c', () => {
    expect(() => hyp2f1(1, 1, 2, 1.5)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(RangeError);
  });
});
