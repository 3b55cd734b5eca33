import type { GradientObjective } from './optimize-types';

/**
 * Hessian by forward differences of the gradient, symmetrised: H ≈ ½(J + Jᵀ) with
 * Jᵢⱼ = (∂ᵢf(x + h eⱼ) − ∂ᵢf(x)) / h, h = step · max(1, |xⱼ|) (Nocedal & Wright, Numerical
 * Optimization 2nd ed., §8.1, eq. 8.7). Costs n gradient evaluations. Returns undefined when a
 * probe is not finite.
 */
export function finiteDifferenceHessian(
  f: GradientObjective,
  x: readonly number[],
  gradient: readonly number[],
  step = 1e-5,
): number[][] | undefined {
  const n = x.length;
  const probe = x.slice();
  const g = new Array<number>(n).fill(0);
  const j: number[][] = [];
  for (let c = 0; c < n; c++) {
    const h = step * Math.max(1, Math.abs(x[c] as number));
    probe[c] = (x[c] as number) + h;
    const v = f(probe, g);
    probe[c] = x[c] as number;
    if (!Number.isFinite(v) || !g.every(Number.isFinite)) return undefined;
    j.push(g.map((gi, r) => (gi - (gradient[r] as number)) / h));
  }
  return j.map((row, r) => row.map((v, c) => 0.5 * (v + ((j[c] as number[])[r] as number))));
}

/**
 * Inverse of a symmetric matrix by Cholesky factorisation A = LLᵀ (Golub & Van Loan, Matrix
 * Computations 4th ed., Algorithm 4.2.1); undefined when A is not positive definite.
 */
export function invertPositiveDefinite(a: readonly (readonly number[])[]): number[][] | undefined {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k <= i; k++) {
      let s = (a[i] as number[])[k] as number;
      for (let p = 0; p < k; p++) s -= ((l[i] as number[])[p] as number) * ((l[k] as number[])[p] as number);
      if (i === k) {
        if (!(s > 0)) return undefined;
        (l[i] as number[])[i] = Math.sqrt(s);
      } else (l[i] as number[])[k] = s / ((l[k] as number[])[k] as number);
    }
  }
  // Columns of the inverse: solve L Lᵀ x = eⱼ.
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let p = 0; p < i; p++) s -= ((l[i] as number[])[p] as number) * (y[p] as number);
      y[i] = s / ((l[i] as number[])[i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i] as number;
      for (let p = i + 1; p < n; p++)
        s -= ((l[p] as number[])[i] as number) * ((inv[p] as number[])[c] as number);
      (inv[i] as number[])[c] = s / ((l[i] as number[])[i] as number);
    }
  }
  return inv;
}
