/**
 * Digamma function ψ(x) = d/dx ln Γ(x).
 *
 * Recurrence ψ(x) = ψ(x + 1) − 1/x until x ≥ 10, then the asymptotic series
 * ψ(x) ~ ln x − 1/(2x) − Σ_k B_{2k} / (2k x^{2k}) (Abramowitz & Stegun 6.3.18), truncated after
 * x^{-14} (error < 1e-16 for x ≥ 10). For x ≤ 0 the reflection ψ(1 − x) − ψ(x) = π cot(πx)
 * (A&S 6.3.7). Used for the analytic gradients of the BG/NBD and Gamma-Gamma likelihoods.
 */

/** ψ(x) = d/dx ln Γ(x); NaN at the poles. */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.NaN;
    const r = x - Math.floor(x);
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * r);
  }
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // Bernoulli terms B_{2k}/(2k): 1/12, −1/120, 1/252, −1/240, 1/132, −691/32760, 1/12
  const tail =
    inv2 *
    (1 / 12 -
      inv2 *
        (1 / 120 -
          inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return shift + Math.log(x) - 0.5 / x - tail;
}
