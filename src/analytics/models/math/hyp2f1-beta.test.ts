import { describe, expect, it } from 'vitest';
import { relativeDifference } from '../../../testing/shared-data';
import { hyp2f1 } from './hyp2f1';
import { lnHyp2f1Beta } from './hyp2f1-beta';

const at = (a: number, b: number, z: number): number[] => {
  const out = [0, 0, 0, 0];
  lnHyp2f1Beta(a, b, z, out);
  return out;
};

describe('lnHyp2f1Beta: ln ₂F₁(a, b; a+1; z) and its derivatives', () => {
  it('matches mpmath (40 digits) where the terms are hard: z → 1, large a and b, an integer gap', () => {
    // [a, b, z] → [ln F, ∂/∂a, ∂/∂b, ∂/∂z], from mpmath.hyp2f1 and mpmath.diff at mp.dps = 40.
    const cases: [number[], number[]][] = [
      [
        [0.3, 0.2, 0.999999999],
        [0.09375728890847958, 0.25456398621731147, 0.541253164577989, 16.934670484169224],
      ],
      [
        [82.2, 4, 0.753606998654105],
        [5.469812951339271, 0.0014672823197030473, 1.3694352056207375, 15.577897458898695],
      ],
      [
        [81.2, 4, 0.7546226415094339],
        [5.4841756472648875, 0.0015071755446636698, 1.3730873040765506, 15.633524314207715],
      ],
      [
        [101, 150, 0.97],
        [522.0980769164598, 0.009696311162938266, 3.499984793806828, 4966.339247835399],
      ],
      [
        [2, 2.00001, 0.8],
        [2.0109743166913274, 0.276353400720292, 1.1512135041273772, 5.866271576565142],
      ],
      [
        [1.5, 1.606, 0.9],
        [1.9764055630002269, 0.4214833595710246, 1.5230871428352153, 7.655282269082765],
      ],
      [
        [5.5, 0.2, 0.999999999],
        [0.5072785929375269, 0.03382111583606267, 2.7240937158330683, 203.4557847409531],
      ],
      [
        [0.553, 1.606, 0.07],
        [0.04152137798880482, 0.04794544720978915, 0.026235007428499435, 0.615516025165608],
      ],
    ];
    for (const [[a, b, z], want] of cases) {
      const got = at(a as number, b as number, z as number);
      want.forEach((w, k) => {
        expect([a, b, z, k, relativeDifference(got[k] as number, w) < 1e-12]).toEqual([a, b, z, k, true]);
      });
    }
    // There the general hyp2f1 (A&S 15.3.6 at an integer gap) loses its digits: 4.26 for 5.48.
    expect(Math.log(hyp2f1(81.2, 4, 82.2, 0.7546226415094339))).not.toBeCloseTo(5.4841756472648875, 2);
  });

  it('agrees with hyp2f1 where that is accurate, and its derivatives with central differences', () => {
    for (const a of [0.4, 1, 2.7, 9.5, 33]) {
      for (const b of [0.3, 1.606, 2.5, 12]) {
        for (const z of [0, 0.05, 0.4, 0.62, 0.85, 0.97, 0.9999]) {
          const [lnF, da, db, dz] = at(a, b, z) as [number, number, number, number];
          if (z <= 0.6) expect(relativeDifference(Math.exp(lnF), hyp2f1(a, b, a + 1, z))).toBeLessThan(1e-13);
          const h = 1e-6;
          const diff = (f: (d: number) => number) => (f(h) - f(-h)) / (2 * h);
          const scale = (v: number) => Math.max(1, Math.abs(v));
          expect(Math.abs(da - diff((d) => at(a * (1 + d), b, z)[0] as number) / a) / scale(da)).toBeLessThan(
            1e-6,
          );
          expect(Math.abs(db - diff((d) => at(a, b * (1 + d), z)[0] as number) / b) / scale(db)).toBeLessThan(
            1e-6,
          );
          if (z > 0 && z < 0.9999)
            expect(
              Math.abs(dz - diff((d) => at(a, b, z * (1 + d))[0] as number) / z) / scale(dz),
            ).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('is F(0) = 1 with ∂F/∂z(0) = ab/(a+1), and stays finite as z → 1', () => {
    expect(at(2, 3, 0)).toEqual([0, 0, 0, 2]);
    for (const z of [1 - 1e-12, 1 - 1e-15]) expect(at(3.5, 1.7, z).every(Number.isFinite)).toBe(true);
  });
});
