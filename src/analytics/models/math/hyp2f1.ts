import { gammaSign, lgamma } from './gamma';
import { digamma } from './digamma';

/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) for real arguments and z < 1 (plus z = 1 when
 * c − a − b > 0), as needed by the Pareto/NBD likelihood (Fader, Hardie & Lee 2005, "A note on
 * implementing the Pareto/NBD model in MATLAB", eq. 2F1(r+s+x, s+1 or r+x; r+s+x+1; z)) and the
 * BG/NBD conditional expectation (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
 * eq. 10, ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))).
 *
 * Method (Abramowitz & Stegun 15.1.1, 15.3.5, 15.3.6; Press et al., Numerical Recipes §6.13):
 * - terminating series when a or b is a non-positive integer;
 * - z < 0: Pfaff transformation ₂F₁(a,b;c;z) = (1−z)^{−a} ₂F₁(a, c−b; c; z/(z−1)) (A&S 15.3.4)
 *   maps to w = z/(z−1) ∈ (0, 1);
 * - 0 ≤ z ≤ 0.75: the defining series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ;
 * - 0.75 < z < 1: the 1−z connection formula (A&S 15.3.6)
 *     Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) ₂F₁(a, b; a+b−c+1; 1−z)
 *     + (1−z)^{c−a−b} Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) ₂F₁(c−a, c−b; c−a−b+1; 1−z);
 *   when m = c − a − b is an integer the logarithmic formulas A&S 15.3.10–15.3.12 (see
 *   `hyp2f1IntegerGap` below), and when m is within 1e-5 of an integer k (where the two terms of 15.3.6
 *   cancel) quadratic interpolation in c through m = k − h, k, k + h with h = 1e-4.
 * - z = 1: Gauss's theorem Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) when c − a − b > 0, else +∞.
 * Relative accuracy against mpmath (see the tests): about 1e-14, 1e-13 when a parameter is large
 * (lgamma of ~30), 1e-12 next to an integer gap. Throws RangeError for z > 1 and for c a
 * non-positive integer (unless the series terminates first).
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c) || Number.isNaN(z)) return Number.NaN;
  if (z === 0 || a === 0 || b === 0) return 1;
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
    const n = -Math.max(isNonPositiveInteger(a) ? a : -Infinity, isNonPositiveInteger(b) ? b : -Infinity);
    if (isNonPositiveInteger(c) && -c < n) throw new RangeError(`hyp2f1: c = ${c} is a pole`);
    return hyp2f1Series(a, b, c, z, n + 1);
  }
  if (isNonPositiveInteger(c)) throw new RangeError(`hyp2f1: c = ${c} is a pole`);
  if (z > 1) throw new RangeError(`hyp2f1: z = ${z} > 1 is on the branch cut`);
  if (z === 1) {
    const m = c - a - b;
    if (m <= 0) return Number.POSITIVE_INFINITY;
    return gammaRatio([c, m], [c - a, c - b]);
  }
  if (z < 0) {
    const w = z / (z - 1);
    // Prefer the variant that terminates.
    if (isNonPositiveInteger(c - a)) return (1 - z) ** -b * hyp2f1(c - a, b, c, w);
    return (1 - z) ** -a * hyp2f1(a, c - b, c, w);
  }
  if (z <= 0.75) return hyp2f1Series(a, b, c, z, 100_000);
  const m = c - a - b;
  const k = Math.round(m);
  const eps = m - k;
  if (Math.abs(eps) > 1e-5) return connection(a, b, c, z);
  const atInteger = hyp2f1IntegerGap(a, b, k, z);
  if (eps === 0) return atInteger;
  const h = 1e-4;
  const below = connection(a, b, c - eps - h, z);
  const above = connection(a, b, c - eps + h, z);
  return (
    atInteger +
    (eps * (above - below)) / (2 * h) +
    (eps * eps * (above - 2 * atInteger + below)) / (2 * h * h)
  );
}

function isNonPositiveInteger(v: number): boolean {
  return v <= 0 && Number.isInteger(v);
}

/** The defining series, stopping once the terms are negligible and can no longer grow. */
export function hyp2f1Series(a: number, b: number, c: number, z: number, maxTerms: number): number {
  let term = 1;
  let sum = 1;
  const settle = Math.max(0, -a, -b, -c) + 2;
  let small = 0;
  for (let n = 0; n < maxTerms; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    if (term === 0) return sum;
    sum += term;
    if (n > settle && Math.abs(term) <= 1e-17 * Math.abs(sum)) {
      const ratio = Math.abs(((a + n + 1) * (b + n + 1)) / ((c + n + 1) * (n + 2))) * Math.abs(z);
      if (ratio < 1 && ++small >= 2) return sum;
    } else small = 0;
  }
  if (Math.abs(term) <= 1e-14 * Math.abs(sum)) return sum;
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}): series did not converge in ${maxTerms} terms`);
}

/** Γ(n₁)…Γ(n_k) / (Γ(d₁)…Γ(d_m)), with 1/Γ = 0 at the poles of the denominator. */
export function gammaRatio(num: number[], den: number[]): number {
  let sign = 1;
  let log = 0;
  for (const v of den) {
    const s = gammaSign(v);
    if (s === 0) return 0;
    sign *= s;
    log -= lgamma(v);
  }
  for (const v of num) {
    sign *= gammaSign(v);
    log += lgamma(v);
  }
  return sign * Math.exp(log);
}

/** A&S 15.3.6, valid when c − a − b is not an integer; both series are at 1 − z < 0.25. */
function connection(a: number, b: number, c: number, z: number): number {
  const m = c - a - b;
  const y = 1 - z;
  const first = gammaRatio([c, m], [c - a, c - b]);
  const second = gammaRatio([c, -m], [a, b]);
  const t1 = first === 0 ? 0 : first * hyp2f1Series(a, b, 1 - m, y, 100_000);
  const t2 = second === 0 ? 0 : second * y ** m * hyp2f1Series(c - a, c - b, 1 + m, y, 100_000);
  return t1 + t2;
}

/**
 * ₂F₁(a, b; a + b + m; z) for an integer gap m = c − a − b and 0 < z < 1, where the connection
 * formula A&S 15.3.6 is singular. Abramowitz & Stegun 15.3.10 (m = 0) and 15.3.11 (m ≥ 1), with
 * w = 1 − z:
 *   F = Γ(m)Γ(a+b+m)/(Γ(a+m)Γ(b+m)) Σ_{n<m} (a)ₙ(b)ₙ/(n!(1−m)ₙ) wⁿ
 *     − (−w)^m Γ(a+b+m)/(Γ(a)Γ(b)) Σ_{n≥0} (a+m)ₙ(b+m)ₙ/(n!(n+m)!) wⁿ
 *         · [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n+m) + ψ(b+n+m)].
 * A negative gap is first reduced by Euler's transformation (A&S 15.3.3)
 * F(a, b; c; z) = (1−z)^{c−a−b} F(c−a, c−b; c; z), whose gap is −m > 0 (A&S 15.3.12 in effect).
 * Used only for z > 0.75, so w < 0.25 and the series converge quickly.
 */
export function hyp2f1IntegerGap(a: number, b: number, m: number, z: number): number {
  const c = a + b + m;
  const w = 1 - z;
  if (m < 0) return w ** m * hyp2f1(c - a, c - b, c, z);
  let finite = 0;
  if (m > 0) {
    let term = 1;
    for (let n = 0; n < m; n++) {
      finite += term;
      term *= (((a + n) * (b + n)) / ((n + 1) * (1 - m + n))) * w;
    }
    finite *= gammaRatio([m, c], [a + m, b + m]);
  }
  const lead = (m % 2 === 0 ? 1 : -1) * w ** m * gammaRatio([c], [a, b]);
  if (lead === 0) return finite;
  const lnW = Math.log(w);
  let psiN1 = digamma(1);
  let psiNm1 = digamma(m + 1);
  let psiA = digamma(a + m);
  let psiB = digamma(b + m);
  let coefficient = 1;
  for (let k = 1; k <= m; k++) coefficient /= k; // 1/m!
  let sum = 0;
  for (let n = 0; n < 10_000; n++) {
    const term = coefficient * (lnW - psiN1 - psiNm1 + psiA + psiB);
    sum += term;
    if (n > 2 && Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    coefficient *= ((a + m + n) * (b + m + n) * w) / ((n + 1) * (n + m + 1));
    psiN1 += 1 / (n + 1);
    psiNm1 += 1 / (n + m + 1);
    psiA += 1 / (a + m + n);
    psiB += 1 / (b + m + n);
  }
  return finite - lead * sum;
}
