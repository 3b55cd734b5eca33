import { finiteDifferenceHessian, invertPositiveDefinite } from './hessian';
import type { GradientObjective, OptimizeResult } from './optimize-types';

/** Options of `minimizeBfgs`. */
export interface BfgsOptions {
  /** Stop when max |∂f/∂xᵢ| ≤ this (default 1e-9). */
  gradientTolerance?: number;
  /** Maximum number of BFGS steps (default 500). */
  maxIterations?: number;
  /**
   * Start from the inverse of a finite-difference Hessian at x₀ (n extra gradient evaluations)
   * instead of the identity; falls back to the identity when that Hessian is not positive
   * definite. Pays off when x₀ is near the optimum of a badly scaled problem. Default false.
   */
  initialHessian?: boolean;
}

const C1 = 1e-4;
const C2 = 0.9;
/** Relative rise of f still taken as 'flat' (rounding noise of a sum of many likelihood terms). */
const FLAT = 1e-10;

/**
 * Quasi-Newton minimisation by BFGS (Nocedal & Wright, Numerical Optimization 2nd ed., Algorithm
 * 6.1): inverse-Hessian update H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ with ρ = 1/(yᵀs), initial scaling
 * H₀ = (yᵀs / yᵀy)·I (eq. 6.20), and a bisection line search for the weak Wolfe conditions
 * (Lewis & Overton 2013) that also accepts the "approximate Wolfe" point of Hager & Zhang (2005)
 * when the objective has flattened to rounding level. Never throws: `converged` is false when the
 * gradient test was not met (iteration limit, failed line search, non-finite objective).
 */
export function minimizeBfgs(
  f: GradientObjective,
  x0: readonly number[],
  options: BfgsOptions = {},
): OptimizeResult {
  const gtol = options.gradientTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 500;
  const n = x0.length;
  let x = x0.slice();
  let g = new Array<number>(n).fill(0);
  let fx = f(x, g);
  let evaluations = 1;
  const result = (iterations: number, converged: boolean, message: string): OptimizeResult => ({
    x,
    value: fx,
    iterations,
    converged,
    gradientNorm: maxAbs(g),
    evaluations,
    message,
  });
  if (!Number.isFinite(fx) || !g.every(Number.isFinite))
    return result(0, false, 'non-finite objective at start');
  const h = identity(n);
  let scaled = false;
  if (options.initialHessian) {
    const inverse = invertPositiveDefinite(finiteDifferenceHessian(f, x, g) ?? [[Number.NaN]]);
    evaluations += n;
    if (inverse && inverse.length === n) {
      inverse.forEach((row, i) => {
        h[i] = row;
      });
      scaled = true;
    }
  }
  const d = new Array<number>(n).fill(0);
  const xNew = new Array<number>(n).fill(0);
  let gNew = new Array<number>(n).fill(0);
  for (let k = 0; k < maxIterations; k++) {
    if (maxAbs(g) <= gtol) return result(k, true, 'gradient tolerance met');
    multiply(h, g, d, -1);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      resetIdentity(h);
      for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
      slope = dot(g, d);
    }
    // Weak Wolfe line search by expansion and bisection.
    let lo = 0;
    let hi = Number.POSITIVE_INFINITY;
    let step = k === 0 && !scaled ? Math.min(1, 1 / maxAbs(g)) : 1;
    let fNew = Number.NaN;
    let accepted = false;
    for (let trial = 0; trial < 80 && !accepted; trial++) {
      for (let i = 0; i < n; i++) xNew[i] = (x[i] as number) + step * (d[i] as number);
      fNew = f(xNew, gNew);
      evaluations++;
      const slopeNew = dot(gNew, d);
      const finite = Number.isFinite(fNew) && gNew.every(Number.isFinite);
      const armijo = finite && fNew <= fx + C1 * step * slope;
      const flat = finite && fNew <= fx + FLAT * (1 + Math.abs(fx)) && slopeNew <= (2 * C1 - 1) * slope;
      if (!armijo && !flat) hi = step;
      else if (slopeNew < C2 * slope) lo = step;
      else accepted = true;
      if (!accepted) step = hi < Number.POSITIVE_INFINITY ? 0.5 * (lo + hi) : 2 * step;
    }
    if (!accepted) return result(k, maxAbs(g) <= gtol, 'line search failed');
    const s = new Array<number>(n);
    const y = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      s[i] = (xNew[i] as number) - (x[i] as number);
      y[i] = (gNew[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-14 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (!scaled) {
        const gamma = sy / dot(y, y);
        for (let i = 0; i < n; i++) (h[i] as number[])[i] = gamma;
        scaled = true;
      }
      update(h, s, y, 1 / sy);
    }
    x = xNew.slice();
    fx = fNew;
    const swap = g;
    g = gNew;
    gNew = swap;
  }
  return result(maxIterations, maxAbs(g) <= gtol, 'iteration limit reached');
}

function update(h: number[][], s: number[], y: number[], rho: number): void {
  const n = s.length;
  const hy = new Array<number>(n).fill(0);
  multiply(h, y, hy, 1);
  const yhy = dot(y, hy);
  const factor = (1 + rho * yhy) * rho;
  for (let i = 0; i < n; i++) {
    const row = h[i] as number[];
    for (let j = 0; j < n; j++) {
      row[j] =
        (row[j] as number) +
        factor * (s[i] as number) * (s[j] as number) -
        rho * ((hy[i] as number) * (s[j] as number) + (s[i] as number) * (hy[j] as number));
    }
  }
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

function resetIdentity(h: number[][]): void {
  h.forEach((row, i) => {
    row.fill(0);
    row[i] = 1;
  });
}

function multiply(m: number[][], v: number[], out: number[], sign: number): void {
  for (let i = 0; i < v.length; i++) {
    let acc = 0;
    const row = m[i] as number[];
    for (let j = 0; j < v.length; j++) acc += (row[j] as number) * (v[j] as number);
    out[i] = sign * acc;
  }
}

function dot(a: readonly number[], b: readonly number[]): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += (a[i] as number) * (b[i] as number);
  return acc;
}

function maxAbs(v: readonly number[]): number {
  let m = 0;
  for (const e of v) m = Math.max(m, Math.abs(e));
  return Number.isNaN(m) ? Number.POSITIVE_INFINITY : m;
}
