/**
 * Shared types of the unconstrained optimisers (`minimizeBfgs`, `minimizeNelderMead`, `minimize`)
 * and the `ConvergenceError` thrown by model fits that do not converge.
 */

/** Objective value only. */
export type Objective = (x: readonly number[]) => number;

/** Objective that writes ∇f(x) into `gradient` (length = x.length) and returns f(x). */
export type GradientObjective = (x: readonly number[], gradient: number[]) => number;

/** Final state of an optimiser run. */
export interface OptimizeResult {
  /** Best point found. */
  x: number[];
  /** Objective at `x`. */
  value: number;
  /** Iterations (BFGS steps or Nelder-Mead moves, summed over restarts and stages). */
  iterations: number;
  /** True when the stopping test (gradient or simplex tolerance) was met. */
  converged: boolean;
  /** Max-norm of the gradient at `x` when known. */
  gradientNorm?: number;
  /** Objective evaluations. */
  evaluations: number;
  /** Why the run stopped. */
  message: string;
}

/** Thrown by a fit whose optimiser did not converge; `state` is the optimiser's last state. */
export class ConvergenceError extends Error {
  readonly state: OptimizeResult;

  constructor(what: string, state: OptimizeResult) {
    super(
      `${what} did not converge after ${state.iterations} iterations: ${state.message} ` +
        `(value ${state.value}, x [${state.x.join(', ')}])`,
    );
    this.name = 'ConvergenceError';
    this.state = state;
  }
}

/**
 * Returns `result` when converged, otherwise throws a `ConvergenceError` naming `what`. For fits on
 * log-parameters, `logBound` also rejects an optimum with some |xᵢ| > logBound: there the parameter
 * ran off to 0 or ∞ (a boundary "optimum" such as r → 0 when nobody repeats), where the gradient in
 * log space vanishes although no interior maximum exists.
 */
export function assertConverged(
  what: string,
  result: OptimizeResult,
  logBound = Number.POSITIVE_INFINITY,
): OptimizeResult {
  if (!result.converged || !Number.isFinite(result.value)) throw new ConvergenceError(what, result);
  const off = result.x.findIndex((v) => !(Math.abs(v) <= logBound));
  if (off >= 0) {
    throw new ConvergenceError(what, {
      ...result,
      converged: false,
      message: `parameter ${off} drifted to the boundary (log value ${result.x[off]}); the data do not identify the model`,
    });
  }
  return result;
}

/** Log-parameter bound of the model fits: parameters must stay within [1e-8, 1e8]. */
export const LOG_PARAMETER_BOUND = Math.log(1e8);
