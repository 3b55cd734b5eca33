import { lgamma } from './gamma';
import { regularizedIncompleteBeta } from './incomplete-beta';
import { normalQuantile } from './normal';

/**
 * Student's t distribution with ν degrees of freedom (ν > 0, not necessarily whole).
 *
 * CDF through the incomplete beta function (A&S 26.7.1): for t > 0,
 *   P(T ≤ t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½), and by symmetry for t < 0.
 * Quantile: closed forms for ν = 1 (Cauchy, tan(π(p − ½))) and ν = 2 ((2p − 1)/√(2p(1 − p))),
 * otherwise Newton's method on the CDF from the Cornish-Fisher start of A&S 26.7.5, kept inside a
 * shrinking bracket (bisection when a Newton step leaves it); relative accuracy about 1e-12.
 */

/** Density of Student's t with ν degrees of freedom. */
export function studentTPdf(t: number, df: number): number {
  const logC = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** P(T ≤ t) for T ~ t(ν). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`Student t: degrees of freedom must be > 0, got ${df}`);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p, T ~ t(ν); e.g. studentTQuantile(0.975, 10) = 2.228138851986274. */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`Student t: degrees of freedom must be > 0, got ${df}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`Student t quantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  // Work in the upper half: t(p) = −t(1 − p).
  const upper = p > 0.5;
  const target = upper ? 1 - p : p; // lower-tail probability of −|t|
  const z = normalQuantile(1 - target);
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  let t =
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
    (3 * z5 * z * z + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df);
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 200; i++) {
    // F(t) = P(T > t) − target, decreasing in t.
    const f = studentTCdf(-t, df) - target;
    if (f > 0) lo = t;
    else hi = t;
    const step = f / studentTPdf(t, df);
    let next = t + step;
    if (!(next > lo && next < hi)) next = hi === Number.POSITIVE_INFINITY ? 2 * t + 1 : 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-13 * Math.max(1, Math.abs(t))) {
      t = next;
      break;
    }
    t = next;
  }
  return upper ? t : -t;
}
