import type { GradientObjective, Objective, OptimizeResult } from './optimize-types';

/** Options of `minimizeBounded`. */
export interface BoundedOptions {
  /** Stop when the relative reduction of f in a step is ≤ this (default 1e-12; R's optim uses 2.2e-9). */
  valueTolerance?: number;
  /** Stop when the max-norm of the projected gradient is ≤ this (default 1e-9). */
  gradientTolerance?: number;
  /** Maximum number of quasi-Newton steps (default 200). */
  maxIterations?: number;
}

const C1 = 1e-4;

/**
 * Minimisation of f on a box lower ≤ x ≤ upper by the projected quasi-Newton method of Bertsekas
 * (1982), "Projected Newton methods for optimization problems with simple constraints", SIAM J.
 * Control Optim. 20(2): variables at a bound whose gradient points out of the box are held fixed;
 * the others take a BFGS step (Nocedal & Wright 2nd ed., eq. 6.17) projected back onto the box, with
 * Armijo backtracking along the projection arc. It plays the part of L-BFGS-B (Byrd, Lu, Nocedal &
 * Zhu 1995) used by R's `optim(method = "L-BFGS-B")` for the small problems here (2–4 parameters).
 * Converged when the projected gradient ‖P(x − ∇f) − x‖∞ is ≤ `gradientTolerance` or a step
 * reduces f by a relative amount ≤ `valueTolerance` (R's `factr` test). Never throws.
 */
export function minimizeBounded(
  f: GradientObjective,
  x0: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  options: BoundedOptions = {},
): OptimizeResult {
  const n = x0.length;
  const ftol = options.valueTolerance ?? 1e-12;
  const gtol = options.gradientTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 200;
  const clamp = (v: number, i: number): number =>
    Math.min(upper[i] as number, Math.max(lower[i] as number, v));
  let x = x0.map(clamp);
  let g = new Array<number>(n).fill(0);
  let fx = f(x, g);
  let evaluations = 1;
  const h = identity(n);
  const done = (iterations: number, converged: boolean, message: string): OptimizeResult => ({
    x,
    value: fx,
    iterations,
    converged,
    gradientNorm: projectedNorm(x, g, lower, upper),
    evaluations,
    message,
  });
  if (!Number.isFinite(fx)) return done(0, false, 'non-finite objective at start');
  let width = 0;
  for (let i = 0; i < n; i++) width = Math.max(width, (upper[i] as number) - (lower[i] as number));
  if (!Number.isFinite(width)) width = Number.POSITIVE_INFINITY;
  const d = new Array<number>(n).fill(0);
  const trial = new Array<number>(n).fill(0);
  let gNew = new Array<number>(n).fill(0);
  let previousFree: boolean[] | undefined;
  let scale = 1;
  for (let k = 0; k < maxIterations; k++) {
    if (projectedNorm(x, g, lower, upper) <= gtol) return done(k, true, 'projected gradient tolerance met');
    const free = x.map(
      (xi, i) =>
        !(
          (xi <= (lower[i] as number) && (g[i] as number) > 0) ||
          (xi >= (upper[i] as number) && (g[i] as number) < 0)
        ),
    );
    // A change of the active set makes the curvature learnt on the old face misleading: restart
    // from the scaled identity (Bertsekas 1982 restarts the same way).
    if (previousFree && free.some((f, i) => f !== previousFree?.[i])) {
      resetIdentity(h);
      for (let i = 0; i < n; i++) (h[i] as number[])[i] = scale;
    }
    previousFree = free;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      if (free[i])
        for (let j = 0; j < n; j++) if (free[j]) acc += ((h[i] as number[])[j] as number) * (g[j] as number);
      d[i] = -acc;
    }
    if (!(dot(d, g) < 0)) {
      resetIdentity(h);
      for (let i = 0; i < n; i++) d[i] = free[i] ? -(g[i] as number) : 0;
    }
    // No step longer than the box is wide (a quasi-Newton step far outside the box projects onto a
    // corner, and halving it would revisit that corner many times).
    let step = Math.min(k === 0 ? 0.1 : 1, width / Math.max(maxAbs(d), 1e-300));
    let fNew = Number.NaN;
    let accepted = false;
    let tried = false;
    for (let tries = 0; tries < 60; tries++) {
      let moved = !tried;
      for (let i = 0; i < n; i++) {
        const v = clamp((x[i] as number) + step * (d[i] as number), i);
        if (v !== trial[i]) moved = true;
        trial[i] = v;
      }
      if (moved) {
        let decrease = 0;
        for (let i = 0; i < n; i++) decrease += (g[i] as number) * ((trial[i] as number) - (x[i] as number));
        fNew = f(trial, gNew);
        evaluations++;
        tried = true;
        if (Number.isFinite(fNew) && fNew <= fx + C1 * decrease) {
          accepted = true;
          break;
        }
      }
      step *= 0.5;
    }
    if (!accepted) return done(k, projectedNorm(x, g, lower, upper) <= gtol * 1e3, 'line search failed');
    const s = trial.map((v, i) => v - (x[i] as number));
    const y = gNew.map((v, i) => v - (g[i] as number));
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      scale = sy / dot(y, y);
      update(h, s, y, 1 / sy, k === 0);
    }
    const reduction = fx - fNew;
    x = trial.slice();
    const swap = g;
    g = gNew;
    gNew = swap;
    fx = fNew;
    if (reduction <= ftol * Math.max(Math.abs(fx), Math.abs(fx + reduction), 1)) {
      return done(k + 1, true, 'relative reduction of f below tolerance');
    }
  }
  return done(maxIterations, false, 'iteration limit reached');
}

/**
 * Central-difference gradient inside a box, as R's optim computes it for L-BFGS-B: the probes
 * x ± h eᵢ are clamped to the bounds and the difference is divided by the distance actually
 * spanned, so no probe leaves the box. Costs 2n evaluations.
 */
export function withBoundedNumericGradient(
  f: Objective,
  lower: readonly number[],
  upper: readonly number[],
  step = 1e-6,
): GradientObjective {
  return (x, gradient) => {
    const value = f(x);
    if (!Number.isFinite(value)) return value;
    const probe = x.slice();
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      const hi = Math.min(upper[i] as number, xi + step);
      const lo = Math.max(lower[i] as number, xi - step);
      probe[i] = hi;
      const fHi = hi === xi ? value : f(probe);
      probe[i] = lo;
      const fLo = lo === xi ? value : f(probe);
      probe[i] = xi;
      gradient[i] = hi > lo ? (fHi - fLo) / (hi - lo) : 0;
    }
    return value;
  };
}

function projectedNorm(
  x: readonly number[],
  g: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
) {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const p = Math.min(upper[i] as number, Math.max(lower[i] as number, xi - (g[i] as number))) - xi;
    m = Math.max(m, Math.abs(p));
  }
  return Number.isNaN(m) ? Number.POSITIVE_INFINITY : m;
}

function update(h: number[][], s: number[], y: number[], rho: number, scale: boolean): void {
  const n = s.length;
  if (scale) {
    const gamma = 1 / (rho * dot(y, y));
    resetIdentity(h);
    for (let i = 0; i < n; i++) (h[i] as number[])[i] = gamma;
  }
  const hy = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += ((h[i] as number[])[j] as number) * (y[j] as number);
    hy[i] = acc;
  }
  const factor = (1 + rho * dot(y, hy)) * rho;
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

function dot(a: readonly number[], b: readonly number[]): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += (a[i] as number) * (b[i] as number);
  return acc;
}

function maxAbs(v: readonly number[]): number {
  let m = 0;
  for (const e of v) m = Math.max(m, Math.abs(e));
  return m;
}
