import { describe, expect, it } from 'vitest';
import { finiteDifferenceHessian, invertPositiveDefinite } from './hessian';
import type { GradientObjective } from './optimize-types';

describe('finite-difference Hessian and Cholesky inverse', () => {
  // f = x² + 3xy + 5y² has the constant Hessian [[2, 3], [3, 10]] (determinant 11).
  const f: GradientObjective = (v, g) => {
    const [x, y] = [v[0] as number, v[1] as number];
    g[0] = 2 * x + 3 * y;
    g[1] = 3 * x + 10 * y;
    return x * x + 3 * x * y + 5 * y * y;
  };

  it('recovers the Hessian of a quadratic and inverts it', () => {
    const g = [0, 0];
    f([0.5, -1], g);
    const h = finiteDifferenceHessian(f, [0.5, -1], g) as number[][];
    expect(h[0]?.[0]).toBeCloseTo(2, 8);
    expect(h[0]?.[1]).toBeCloseTo(3, 8);
    expect(h[1]?.[1]).toBeCloseTo(10, 8);
    const inv = invertPositiveDefinite([
      [2, 3],
      [3, 10],
    ]) as number[][];
    // [[10, −3], [−3, 2]] / 11
    expect(inv[0]?.[0]).toBeCloseTo(10 / 11, 14);
    expect(inv[0]?.[1]).toBeCloseTo(-3 / 11, 14);
    expect(inv[1]?.[1]).toBeCloseTo(2 / 11, 14);
  });

  it('reports an indefinite matrix', () => {
    expect(
      invertPositiveDefinite([
        [1, 2],
        [2, 1],
      ]),
    ).toBeUndefined();
  });
});
