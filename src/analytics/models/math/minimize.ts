import { minimizeBfgs } from './bfgs';
import { minimizeNelderMead } from './nelder-mead';
import type { GradientObjective, OptimizeResult } from './optimize-types';

/** Options of `minimize`. */
export interface MinimizeOptions {
  /** Gradient max-norm tolerance of the BFGS stages (default 1e-9). */
  gradientTolerance?: number;
  /** Iteration cap of each stage (default 500 for BFGS, 20000 per Nelder-Mead run). */
  maxIterations?: number;
  /** BFGS starts from a finite-difference Hessian (see `BfgsOptions.initialHessian`). */
  initialHessian?: boolean;
}

/**
 * Robust unconstrained minimisation used by the model fits (on log-parameters):
 * 1. BFGS from x₀ (`minimizeBfgs`);
 * 2. if that does not converge, Nelder-Mead with restarts (`minimizeNelderMead`) from the best point
 *    so far, which needs no gradient and survives non-finite regions;
 * 3. BFGS again from the simplex optimum to meet the gradient tolerance.
 * Returns the last stage's state; `converged` tells whether the gradient test was finally met (the
 * fits turn a false into a `ConvergenceError`).
 */
export function minimize(
  f: GradientObjective,
  x0: readonly number[],
  options: MinimizeOptions = {},
): OptimizeResult {
  const first = minimizeBfgs(f, x0, options);
  if (first.converged) return first;
  const start = Number.isFinite(first.value) ? first.x : x0;
  const scratch = new Array<number>(x0.length).fill(0);
  const simplex = minimizeNelderMead((x) => f(x, scratch), start, {
    restarts: 3,
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
  });
  const second = minimizeBfgs(f, simplex.x, options);
  const iterations = first.iterations + simplex.iterations + second.iterations;
  const evaluations = first.evaluations + simplex.evaluations + second.evaluations;
  if (second.converged || !(simplex.value < second.value)) return { ...second, iterations, evaluations };
  return { ...simplex, iterations, evaluations, converged: false, message: `BFGS: ${second.message}` };
}
