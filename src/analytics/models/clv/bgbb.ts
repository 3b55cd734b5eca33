import { InputError } from '../input-error';
import { lbeta } from '../math/beta';
import { digamma } from '../math/digamma';
import { lgamma } from '../math/gamma';
import { logSumExp } from '../math/log-sum-exp';
import { minimize } from '../math/minimize';
import { withNumericGradient } from '../math/numeric-gradient';
import { assertConverged, LOG_PARAMETER_BOUND } from '../math/optimize-types';
import { type FitOptions, fitMinimizeOptions, type ModelFit } from './bgnbd';

/** BG/BB parameters: transaction probability p ~ Beta(α, β), dropout probability θ ~ Beta(γ, δ). */
export interface BgBbParams {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
}

/** Discrete-opportunity history: x transactions, last at opportunity t_x, out of n; weight = customers. */
export interface BgBbHistory {
  x: number;
  tx: number;
  n: number;
  weight?: number;
}

/**
 * ln L(α, β, γ, δ | x, t_x, n) of the beta-geometric/beta-Bernoulli model, Fader, Hardie & Shang
 * (2010), "Customer-base analysis in a discrete-time noncontractual setting", Marketing Science
 * 29(6), eq. 5:
 *   L = B(α+x, β+n−x)/B(α, β) · B(γ, δ+n)/B(γ, δ)
 *     + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α, β) · B(γ+1, δ+t_x+i)/B(γ, δ),
 * summed in log space.
 */
function logLikelihoodOne(p: BgBbParams, x: number, tx: number, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  const base = lbeta(alpha, beta) + lbeta(gamma, delta);
  const terms = [lbeta(alpha + x, beta + n - x) + lbeta(gamma, delta + n)];
  for (let i = 0; i <= n - tx - 1; i++) {
    terms.push(lbeta(alpha + x, beta + tx - x + i) + lbeta(gamma + 1, delta + tx + i));
  }
  return logSumExp(terms) - base;
}

/** BG/BB log-likelihood over (weighted) histories; see `logLikelihoodOne` for the formula. */
export function evaluateBgBbLogLikelihood(params: BgBbParams, rows: readonly BgBbHistory[]): number {
  const { alpha, beta, gamma, delta } = params;
  if (!(alpha > 0 && beta > 0 && gamma > 0 && delta > 0)) return Number.NEGATIVE_INFINITY;
  let ll = 0;
  for (const r of rows) ll += (r.weight ?? 1) * logLikelihoodOne(params, r.x, r.tx, r.n);
  return ll;
}

function validate(rows: readonly BgBbHistory[]): number {
  if (rows.length === 0) throw new InputError('no histories to fit');
  let total = 0;
  rows.forEach((r, i) => {
    const ok = Number.isInteger(r.x) && Number.isInteger(r.tx) && Number.isInteger(r.n);
    if (!ok || r.x < 0 || r.x > r.tx || r.tx > r.n || r.x > 0 !== r.tx > 0) {
      throw new InputError(`need integers 0 ≤ x ≤ t_x ≤ n with x = 0 ⇔ t_x = 0, got ${JSON.stringify(r)}`, {
        line: i + 1,
      });
    }
    const w = r.weight ?? 1;
    if (!(w >= 0)) throw new InputError(`weight ${w}`, { line: i + 1, field: 'weight' });
    total += w;
  });
  return total;
}

/**
 * Maximum-likelihood fit of BG/BB over log-parameters (BFGS with numerical gradients, Nelder-Mead
 * fallback); throws ConvergenceError when the optimum is not reached. Published on the donation
 * data (Fader, Hardie & Shang 2010, 11,104 donors, 6 opportunities): α = 1.204, β = 0.750,
 * γ = 0.657, δ = 2.783, LL = −33,225.6.
 */
export function fitBgBb(
  rows: readonly BgBbHistory[],
  options: FitOptions<BgBbParams> = {},
): ModelFit<BgBbParams> {
  const total = validate(rows);
  const start = options.initial ?? { alpha: 1, beta: 1, gamma: 1, delta: 1 };
  const fromLog = (v: readonly number[]): BgBbParams => ({
    alpha: Math.exp(v[0] as number),
    beta: Math.exp(v[1] as number),
    gamma: Math.exp(v[2] as number),
    delta: Math.exp(v[3] as number),
  });
  const result = minimize(
    withNumericGradient((v) => -evaluateBgBbLogLikelihood(fromLog(v), rows) / total),
    [start.alpha, start.beta, start.gamma, start.delta].map(Math.log),
    fitMinimizeOptions(options),
  );
  assertConverged('BG/BB fit', result, LOG_PARAMETER_BOUND);
  const params = fromLog(result.x);
  return {
    params,
    logLikelihood: evaluateBgBbLogLikelihood(params, rows),
    iterations: result.iterations,
    evaluations: result.evaluations,
    gradientNorm: result.gradientNorm ?? Number.NaN,
  };
}

/**
 * P(alive at opportunity n + 1 | x, t_x, n), Fader, Hardie & Shang (2010), eq. 11:
 *   B(α+x, β+n−x)/B(α, β) · B(γ, δ+n+1)/B(γ, δ) / L(α, β, γ, δ | x, t_x, n).
 */
export function predictBgBbAlive(params: BgBbParams, h: BgBbHistory): number {
  const { alpha, beta, gamma, delta } = params;
  const numerator =
    lbeta(alpha + h.x, beta + h.n - h.x) -
    lbeta(alpha, beta) +
    lbeta(gamma, delta + h.n + 1) -
    lbeta(gamma, delta);
  return Math.exp(numerator - logLikelihoodOne(params, h.x, h.tx, h.n));
}

/**
 * Expected transactions in the next n* opportunities, Fader, Hardie & Shang (2010), eq. 13:
 *   E[X(n, n+n*) | x, t_x, n] = 1/L · B(α+x+1, β+n−x)/B(α, β) · δ/(γ−1) · Γ(γ+δ)/Γ(1+δ)
 *       · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)],
 * with the bracket over (γ − 1) taken in its limit ψ(1+δ+n+n*) − ψ(1+δ+n) at γ = 1 (for γ within
 * ~1e-7 of 1 the lgamma differences leave about 1e-8 relative accuracy).
 */
export function predictBgBb(params: BgBbParams, nStar: number, h: BgBbHistory): number {
  const { alpha, beta, gamma, delta } = params;
  const lead =
    lbeta(alpha + h.x + 1, beta + h.n - h.x) -
    lbeta(alpha, beta) +
    Math.log(delta) +
    lgamma(gamma + delta) -
    lgamma(1 + delta) -
    logLikelihoodOne(params, h.x, h.tx, h.n);
  return Math.exp(lead) * bracket(gamma, delta, h.n, nStar);
}

/**
 * Unconditional expected transactions in the first n opportunities, Fader, Hardie & Shang (2010),
 * eq. 9: E[X(n)] = α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)/Γ(γ+δ+n) · Γ(1+δ+n)/Γ(1+δ)].
 */
export function predictBgBbUnconditional(params: BgBbParams, n: number): number {
  const { alpha, beta, gamma, delta } = params;
  const scale = Math.exp(lgamma(gamma + delta) - lgamma(1 + delta));
  return (alpha / (alpha + beta)) * delta * scale * bracket(gamma, delta, 0, n);
}

/** [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+m)/Γ(γ+δ+n+m)] / (γ − 1). */
function bracket(gamma: number, delta: number, n: number, m: number): number {
  if (gamma === 1) return digamma(1 + delta + n + m) - digamma(1 + delta + n);
  const a = lgamma(1 + delta + n) - lgamma(gamma + delta + n);
  const b = lgamma(1 + delta + n + m) - lgamma(gamma + delta + n + m);
  return (Math.exp(b) * Math.expm1(a - b)) / (gamma - 1);
}
