import type { Objective, OptimizeResult } from './optimize-types';

/** Options of `minimizeNelderMead`. */
export interface NelderMeadOptions {
  /** Initial simplex edge along each axis, scaled by max(1, |x₀ᵢ|) (default 0.5). */
  step?: number;
  /** Stop when the spread of the simplex values is ≤ this, relative to 1 + |f_best| (default 1e-12). */
  valueTolerance?: number;
  /** …and every vertex is within this of the best one in max-norm (default 1e-9). */
  pointTolerance?: number;
  /** Maximum simplex moves per run (default 20000). */
  maxIterations?: number;
  /** Fresh simplices started from the best point after a run converges (default 3). */
  restarts?: number;
}

/**
 * Nelder-Mead downhill simplex (Nelder & Mead 1965, "A simplex method for function minimization",
 * Computer Journal 7) with the dimension-adaptive coefficients of Gao & Han (2012): reflection 1,
 * expansion 1 + 2/n, contraction 0.75 − 1/(2n), shrink 1 − 1/n. Restarts (a new simplex of the
 * initial size around the best vertex) guard against the known stalls of the method (McKinnon 1998);
 * the result is converged when the last run met both tolerances and the restart improved the value
 * by no more than the value tolerance. Non-finite values are treated as +∞. Never throws.
 */
export function minimizeNelderMead(
  f: Objective,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): OptimizeResult {
  const restarts = options.restarts ?? 3;
  const ftol = options.valueTolerance ?? 1e-12;
  let best = runSimplex(f, x0, options);
  let iterations = best.iterations;
  let evaluations = best.evaluations;
  for (let r = 0; r < restarts && best.converged; r++) {
    const next = runSimplex(f, best.x, options);
    iterations += next.iterations;
    evaluations += next.evaluations;
    const improved = best.value - next.value > ftol * (1 + Math.abs(best.value));
    if (next.value <= best.value) best = next;
    if (!improved) return { ...best, iterations, evaluations, converged: next.converged };
  }
  return {
    ...best,
    iterations,
    evaluations,
    converged: false,
    message: `${best.message}; restarts kept improving`,
  };
}

function runSimplex(f: Objective, x0: readonly number[], options: NelderMeadOptions): OptimizeResult {
  const n = x0.length;
  const step = options.step ?? 0.5;
  const ftol = options.valueTolerance ?? 1e-12;
  const xtol = options.pointTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 20_000;
  const [rho, chi, psi, sigma] = [1, 1 + 2 / n, 0.75 - 1 / (2 * n), 1 - 1 / n];
  let evaluations = 0;
  const value = (x: readonly number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const points: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] = (p[i] as number) + step * Math.max(1, Math.abs(p[i] as number));
    points.push(p);
  }
  let values = points.map(value);
  const along = (centroid: number[], worst: number[], t: number): number[] =>
    centroid.map((c, j) => c + t * (c - (worst[j] as number)));
  for (let it = 0; it < maxIterations; it++) {
    const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
    const sorted = order.map((i) => points[i] as number[]);
    values = order.map((i) => values[i] as number);
    points.splice(0, points.length, ...sorted);
    const fBest = values[0] as number;
    const fWorst = values[n] as number;
    const best = points[0] as number[];
    const spread = Math.max(
      ...points.map((p) => Math.max(...p.map((v, j) => Math.abs(v - (best[j] as number))))),
    );
    if (fWorst - fBest <= ftol * (1 + Math.abs(fBest)) && spread <= xtol) {
      return {
        x: best.slice(),
        value: fBest,
        iterations: it,
        converged: true,
        evaluations,
        message: 'simplex collapsed',
      };
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (points[i]?.[j] as number) / n;
    const worst = points[n] as number[];
    const xr = along(centroid, worst, rho);
    const fr = value(xr);
    if (fr < fBest) {
      const xe = along(centroid, worst, rho * chi);
      const fe = value(xe);
      [points[n], values[n]] = fe < fr ? [xe, fe] : [xr, fr];
    } else if (fr < (values[n - 1] as number)) {
      [points[n], values[n]] = [xr, fr];
    } else {
      const outside = fr < fWorst;
      const xc = along(centroid, worst, outside ? rho * psi : -psi);
      const fc = value(xc);
      if (fc < (outside ? fr : fWorst)) {
        [points[n], values[n]] = [xc, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          const p = (points[i] as number[]).map(
            (v, j) => (best[j] as number) + sigma * (v - (best[j] as number)),
          );
          points[i] = p;
          values[i] = value(p);
        }
      }
    }
  }
  const i = values.indexOf(Math.min(...values));
  return {
    x: (points[i] as number[]).slice(),
    value: values[i] as number,
    iterations: maxIterations,
    converged: false,
    evaluations,
    message: 'iteration limit reached',
  };
}
