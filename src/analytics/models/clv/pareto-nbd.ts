import { lgamma } from '../math/gamma';
import { hyp2f1 } from '../math/hyp2f1';
import { logAddExp, logDiffExp } from '../math/log-sum-exp';
import { minimize } from '../math/minimize';
import { withNumericGradient } from '../math/numeric-gradient';
import { assertConverged, LOG_PARAMETER_BOUND } from '../math/optimize-types';
import { type FitOptions, fitMinimizeOptions, type ModelFit, requireRepeatBuyers } from './bgnbd';
import { asCompressed, type CompressedSummary, type PurchaseHistory } from './compress';

/** Pareto/NBD parameters: purchase rate ~ Gamma(r, α), dropout rate ~ Gamma(s, β). */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/**
 * Per-customer Pareto/NBD log-likelihood terms, Schmittlein, Morrison & Colombo (1987) in the form
 * of Fader, Hardie & Lee (2005), "A note on implementing the Pareto/NBD model in MATLAB", eq. 3:
 *   L = Γ(r+x)αʳβˢ/Γ(r) · [ 1/((α+T)^{r+x}(β+T)ˢ) + s/(r+s+x) · A₀ ],
 *   A₀ = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t_x)) / (α+t_x)^{r+s+x}
 *      − ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+T)) / (α+T)^{r+s+x}                  if α ≥ β,
 *   A₀ = the same with (β−α)/(β+·), second parameter r+x and denominators (β+·)^{r+s+x}   if α < β,
 * so that the ₂F₁ argument is always in [0, 1). A₀ is a difference of positive terms and is taken
 * in log space (log-diff-exp), as in lifetimes' `_log_A_0`. Returns ln A₀ (−∞ when t_x = T) and
 * the first term, both without the common factor.
 */
function paretoTerms(
  p: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
): { first: number; second: number } {
  const { r, alpha, s, beta } = p;
  const rsx = r + s + x;
  const [big, small, b2] = alpha >= beta ? [alpha, beta, s + 1] : [beta, alpha, r + x];
  const gap = big - small;
  const q1 = big + tx;
  const q2 = big + T;
  const l1 = Math.log(hyp2f1(rsx, b2, rsx + 1, gap / q1)) - rsx * Math.log(q1);
  const l2 = Math.log(hyp2f1(rsx, b2, rsx + 1, gap / q2)) - rsx * Math.log(q2);
  const logA0 = l1 > l2 ? logDiffExp(l1, l2) : Number.NEGATIVE_INFINITY;
  return {
    first: -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T),
    second: Math.log(s) - Math.log(rsx) + logA0,
  };
}

/** Pareto/NBD log-likelihood summed over (weighted) customers; see `paretoTerms` for the formula. */
export function evaluateParetoNbdLogLikelihood(
  params: ParetoNbdParams,
  data: readonly PurchaseHistory[] | CompressedSummary,
): number {
  const d = asCompressed(data);
  const { r, alpha, s, beta } = params;
  if (!(r > 0 && alpha > 0 && s > 0 && beta > 0)) return Number.NEGATIVE_INFINITY;
  let ll = d.total * (r * Math.log(alpha) + s * Math.log(beta) - lgamma(r));
  for (let k = 0; k < d.xValues.length; k++) {
    ll += (d.xWeights[k] as number) * lgamma(r + (d.xValues[k] as number));
  }
  for (let i = 0; i < d.x.length; i++) {
    const { first, second } = paretoTerms(params, d.x[i] as number, d.tx[i] as number, d.T[i] as number);
    ll += (d.weight[i] as number) * logAddExp(first, second);
  }
  return ll;
}

/**
 * Maximum-likelihood fit of the Pareto/NBD model on customer summaries, over log-parameters, by
 * BFGS with fourth-order numerical gradients (Nelder-Mead fallback); throws ConvergenceError when
 * the optimum is not reached. Published CDNOW estimates (Fader, Hardie & Lee 2005): r = 0.553,
 * α = 10.578, s = 0.606, β = 11.669, LL = −9595.0.
 */
export function fitParetoNbd(
  data: readonly PurchaseHistory[] | CompressedSummary,
  options: FitOptions<ParetoNbdParams> = {},
): ModelFit<ParetoNbdParams> {
  const d = asCompressed(data);
  requireRepeatBuyers(d, 'Pareto/NBD');
  const start = options.initial ?? { r: 1, alpha: 1, s: 1, beta: 1 };
  const fromLog = (v: readonly number[]): ParetoNbdParams => ({
    r: Math.exp(v[0] as number),
    alpha: Math.exp(v[1] as number),
    s: Math.exp(v[2] as number),
    beta: Math.exp(v[3] as number),
  });
  const objective = (v: readonly number[]): number =>
    -evaluateParetoNbdLogLikelihood(fromLog(v), d) / d.total;
  const result = minimize(
    withNumericGradient(objective),
    [start.r, start.alpha, start.s, start.beta].map(Math.log),
    fitMinimizeOptions(options),
  );
  assertConverged('Pareto/NBD fit', result, LOG_PARAMETER_BOUND);
  const params = fromLog(result.x);
  return {
    params,
    logLikelihood: evaluateParetoNbdLogLikelihood(params, d),
    iterations: result.iterations,
    evaluations: result.evaluations,
    gradientNorm: result.gradientNorm ?? Number.NaN,
  };
}

/**
 * P(alive | x, t_x, T) under Pareto/NBD (Fader, Hardie & Lee 2005, "A note on implementing the
 * Pareto/NBD model", eq. 4): the share of the likelihood's first term,
 *   P = [1/((α+T)^{r+x}(β+T)ˢ)] / [1/((α+T)^{r+x}(β+T)ˢ) + s/(r+s+x) · A₀].
 */
export function predictParetoNbdAlive(params: ParetoNbdParams, customer: PurchaseHistory): number {
  const { first, second } = paretoTerms(params, customer.x, customer.tx, customer.T);
  return Math.exp(first - logAddExp(first, second));
}

/**
 * Conditional expected purchases in (T, T + t] (Schmittlein, Morrison & Colombo 1987; Fader, Hardie
 * & Lee 2005, "A note on implementing the Pareto/NBD model", eq. 5):
 *   E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^{s−1}] · P(alive),
 * with [1 − u^{s−1}]/(s−1) computed as −expm1((s−1) ln u)/(s−1) (→ −ln u at s = 1).
 */
export function predictParetoNbd(params: ParetoNbdParams, t: number, customer: PurchaseHistory): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = params;
  const { x, T } = customer;
  const rate = ((r + x) * (beta + T)) / (alpha + T);
  return rate * dropoutFactor(s, -Math.log1p(t / (beta + T))) * predictParetoNbdAlive(params, customer);
}

/**
 * Unconditional expected purchases of a new customer in (0, t] (Schmittlein, Morrison & Colombo
 * 1987, eq. 17): E[X(t)] = rβ / (α(s−1)) · [1 − (β/(β+t))^{s−1}].
 */
export function predictParetoNbdUnconditional(params: ParetoNbdParams, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = params;
  return ((r * beta) / alpha) * dropoutFactor(s, -Math.log1p(t / beta));
}

/** [1 − e^{(s−1)·lnU}] / (s − 1), finite at s = 1. */
function dropoutFactor(s: number, lnU: number): number {
  const sm1 = s - 1;
  return sm1 === 0 ? -lnU : -Math.expm1(sm1 * lnU) / sm1;
}
