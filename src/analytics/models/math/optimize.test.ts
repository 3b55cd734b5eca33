import { describe, expect, it } from 'vitest';
import { minimizeBfgs } from './bfgs';
import { minimize } from './minimize';
import { minimizeNelderMead } from './nelder-mead';
import { numericGradient, withNumericGradient } from './numeric-gradient';
import { assertConverged, ConvergenceError, type GradientObjective } from './optimize-types';

/** Rosenbrock's banana, minimum 0 at (1, 1). */
const rosenbrock: GradientObjective = (x, g) => {
  const [a, b] = [x[0] as number, x[1] as number];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('optimisers', () => {
  it('BFGS solves Rosenbrock from (−1.2, 1)', () => {
    const r = minimizeBfgs(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
    expect(r.gradientNorm).toBeLessThanOrEqual(1e-9);
  });

  it('Nelder-Mead with restarts solves Rosenbrock without gradients', () => {
    const r = minimizeNelderMead((x) => rosenbrock(x, [0, 0]), [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it('numeric gradients are accurate to ~1e-10', () => {
    const g = [0, 0];
    const exact = [0, 0];
    rosenbrock([0.3, -0.4], exact);
    numericGradient((x) => rosenbrock(x, [0, 0]), [0.3, -0.4], g);
    expect(g[0]).toBeCloseTo(exact[0] as number, 9);
    expect(g[1]).toBeCloseTo(exact[1] as number, 9);
    const r = minimize(
      withNumericGradient((x) => rosenbrock(x, [0, 0])),
      [-1.2, 1],
    );
    expect(r.x[0]).toBeCloseTo(1, 7);
  });

  it('minimize falls back to Nelder-Mead when BFGS starts in a non-finite region', () => {
    // f is +∞ for x₀ > 2: BFGS from there cannot start, the simplex walks out.
    const f: GradientObjective = (x, g) => {
      const v = x[0] as number;
      g[0] = 2 * (v - 1);
      return v > 2 ? Number.POSITIVE_INFINITY : (v - 1) ** 2;
    };
    const r = minimize(f, [1.9]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 9);
  });

  it('reports non-convergence and a fit turns it into ConvergenceError with the last state', () => {
    const r = minimizeBfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(3);
    let caught: unknown;
    try {
      assertConverged('Rosenbrock', r);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConvergenceError);
    expect((caught as ConvergenceError).state.x).toEqual(r.x);
    expect((caught as ConvergenceError).message).toMatch(/Rosenbrock did not converge after 3 iterations/);
  });

  it('an unbounded objective does not converge', () => {
    const r = minimize(
      (x, g) => {
        g[0] = -1;
        return -(x[0] as number);
      },
      [0],
    );
    expect(r.converged).toBe(false);
  });
});
