/**
 * Log-domain arithmetic helpers.
 *
 * `logSumExp` computes log(Σ w_i · e^{v_i}) as m + log(Σ w_i · e^{v_i − m}) with m = max v_i, the
 * standard shift that keeps the exponentials in [0, 1] (see e.g. Blanchard, Higham & Higham 2021,
 * "Accurately computing the log-sum-exp and softmax functions", IMA J. Numer. Anal. 41(4)).
 */

/** log(e^a + e^b), exact for infinite arguments. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * log(e^a − e^b) for a ≥ b. Returns −∞ when a = b and NaN when a < b (the difference is negative).
 * Uses log1p(−e^{b−a}) when the terms are far apart and log(−expm1(b−a)) when they are close, as
 * recommended by Mächler (2012), "Accurately computing log(1 − exp(−|a|))".
 */
export function logDiffExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  if (a < b || Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  if (a === b) return Number.NEGATIVE_INFINITY;
  const d = b - a;
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/**
 * log(Σ_i weights_i · exp(values_i)). Weights default to 1 and must be ≥ 0.
 * An empty input or all-zero weights gives −∞.
 */
export function logSumExp(values: ArrayLike<number>, weights?: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) return Number.NaN;
    if ((weights === undefined || (weights[i] as number) !== 0) && v > m) m = v;
  }
  if (m === Number.NEGATIVE_INFINITY) return m;
  if (m === Number.POSITIVE_INFINITY) return m;
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (w !== 0) s += w * Math.exp((values[i] as number) - m);
  }
  return m + Math.log(s);
}
