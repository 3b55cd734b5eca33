import { digamma } from '../math/digamma';
import { lgamma } from '../math/gamma';
import { lnHyp2f1Beta } from '../math/hyp2f1-beta';
import { logAddExp, logDiffExp } from '../math/log-sum-exp';
import { minimize } from '../math/minimize';
import { argsortNumbers } from '../ranking';
import { assertConverged, LOG_PARAMETER_BOUND } from '../math/optimize-types';
import { type FitOptions, fitMinimizeOptions, type ModelFit, requireRepeatBuyers } from './bgnbd';
import { asCompressed, type CompressedSummary, distinctValues, type PurchaseHistory } from './compress';

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
  const hyp = new Float64Array(4);
  lnHyp2f1Beta(rsx, b2, gap / (big + tx), hyp);
  const l1 = (hyp[0] as number) - rsx * Math.log(big + tx);
  lnHyp2f1Beta(rsx, b2, gap / (big + T), hyp);
  const l2 = (hyp[0] as number) - rsx * Math.log(big + T);
  const logA0 = l1 > l2 ? logDiffExp(l1, l2) : Number.NEGATIVE_INFINITY;
  return {
    first: -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T),
    second: Math.log(s) - Math.log(rsx) + logA0,
  };
}

/**
 * Pareto/NBD log-likelihood summed over (weighted) customers; see `paretoTerms` for the formula
 * (evaluated as `paretoNbdLikelihood` does, once per distinct (x, t_x) and (x, T)).
 */
export function evaluateParetoNbdLogLikelihood(
  params: ParetoNbdParams,
  data: readonly PurchaseHistory[] | CompressedSummary,
): number {
  return paretoNbdLikelihood(data).evaluate(params);
}

/**
 * The Pareto/NBD log-likelihood of a compressed summary (`evaluateParetoNbdLogLikelihood`'s
 * formula) with its analytic gradient, for the fit. The two ₂F₁ terms of a row depend on
 * (x, t_x) and on (x, T) only, so they are computed once per distinct pair (a million customers
 * have some tens of thousands) by `lnHyp2f1Beta`, which also gives their derivatives in
 * a = r+s+x, b and z; each row then combines its two pairs with log-sum-exp and the chain rule.
 */
export interface ParetoNbdLikelihood {
  /**
   * ln L at `params`; with `gradient`, writes ∂ln L/∂(ln r, ln α, ln s, ln β) into it. −∞ outside
   * the parameter space.
   */
  evaluate(params: ParetoNbdParams, gradient?: number[]): number;
  /** P(alive) of every compressed row (`predictParetoNbdAlive`). */
  alive(params: ParetoNbdParams): Float64Array;
}

/** Prepares `ParetoNbdLikelihood` for a compressed summary (pair tables, once per data set). */
export function paretoNbdLikelihood(
  data: readonly PurchaseHistory[] | CompressedSummary,
): ParetoNbdLikelihood {
  const d = asCompressed(data);
  const n = d.x.length;
  // Distinct (x, q) pairs for q = t_x and q = T: q values of both, ascending, and a pair table.
  const txs = d.txIndex && d.txValues ? { index: d.txIndex, values: d.txValues } : distinctValues(d.tx);
  const qs = distinctValues(Float64Array.from([...txs.values, ...d.TValues]));
  const qOfTx = qs.index.subarray(0, txs.values.length);
  const qOfT = qs.index.subarray(txs.values.length);
  const nq = qs.values.length;
  const nx = d.xValues.length;
  const dense = nx * nq <= 1 << 24 ? new Int32Array(nx * nq).fill(-1) : null;
  const sparse = new Map<number, number>();
  const pairX: number[] = [];
  const pairQ: number[] = [];
  const pair = (k: number, q: number): number => {
    const key = k * nq + q;
    let j = dense ? (dense[key] as number) : (sparse.get(key) ?? -1);
    if (j < 0) {
      j = pairX.length;
      if (dense) dense[key] = j;
      else sparse.set(key, j);
      pairX.push(d.xValues[k] as number);
      pairQ.push(qs.values[q] as number);
    }
    return j;
  };
  const firstPair = new Float64Array(n);
  const secondPair = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = d.xIndex[i] as number;
    firstPair[i] = pair(k, qOfTx[txs.index[i] as number] as number);
    secondPair[i] = pair(k, qOfT[d.TIndex[i] as number] as number);
  }
  const pairs = pairX.length;
  // Rows in the order of their pairs, so that a row's pair terms are near the last row's in memory.
  const byPair = new Float64Array(n);
  for (let i = 0; i < n; i++) byPair[i] = (firstPair[i] as number) * pairs + (secondPair[i] as number);
  const order = argsortNumbers(byPair);
  const gather = <A extends Float64Array | Int32Array>(values: ArrayLike<number>, into: A, scale = 1): A => {
    for (let i = 0; i < n; i++) into[i] = (values[order[i] as number] as number) * scale;
    return into;
  };
  const row = {
    weight: gather(d.weight, new Float64Array(n)),
    x: gather(d.x, new Float64Array(n)),
    T: gather(d.T, new Float64Array(n)),
    xIndex: gather(d.xIndex, new Int32Array(n)),
    TIndex: gather(d.TIndex, new Int32Array(n)),
    first: gather(firstPair, new Int32Array(n), 5),
    second: gather(secondPair, new Int32Array(n), 5),
  };
  // Per pair, side by side: l, ∂l/∂r, ∂l/∂α, ∂l/∂s, ∂l/∂β.
  const terms = new Float64Array(pairs * 5);
  const hyp = new Float64Array(4);
  const nT = d.TValues.length;
  const lnAlphaT = new Float64Array(nT);
  const lnBetaT = new Float64Array(nT);
  const lnRsx = new Float64Array(nx);

  /** ln A-terms of every pair: l = ln ₂F₁(a, b; a+1; z) − a ln(big + q), and ∂l/∂(r, α, s, β). */
  const pairTerms = (p: ParetoNbdParams, withGradient: boolean): void => {
    const { r, alpha, s, beta } = p;
    const alphaBig = alpha >= beta;
    const big = alphaBig ? alpha : beta;
    const small = alphaBig ? beta : alpha;
    const gap = big - small;
    for (let j = 0; j < pairs; j++) {
      const x = pairX[j] as number;
      const q = pairQ[j] as number;
      const a = r + s + x;
      const b = alphaBig ? s + 1 : r + x;
      const bq = big + q;
      const z = gap / bq;
      lnHyp2f1Beta(a, b, z, hyp);
      const lnBq = Math.log(bq);
      const at = j * 5;
      terms[at] = (hyp[0] as number) - a * lnBq;
      if (!withGradient) continue;
      const dA = (hyp[1] as number) - lnBq;
      const dB = hyp[2] as number;
      const dZ = hyp[3] as number;
      const dBig = (dZ * (small + q)) / (bq * bq) - a / bq;
      const dSmall = -dZ / bq;
      terms[at + 1] = dA + (alphaBig ? 0 : dB);
      terms[at + 2] = alphaBig ? dBig : dSmall;
      terms[at + 3] = dA + (alphaBig ? dB : 0);
      terms[at + 4] = alphaBig ? dSmall : dBig;
    }
  };

  /** Logs shared by rows: ln(α + T), ln(β + T) per distinct T, ln(r + s + x) per distinct x. */
  const sharedLogs = (p: ParetoNbdParams) => {
    const { r, alpha, s, beta } = p;
    for (let t = 0; t < nT; t++) {
      lnAlphaT[t] = Math.log(alpha + (d.TValues[t] as number));
      lnBetaT[t] = Math.log(beta + (d.TValues[t] as number));
    }
    for (let k = 0; k < nx; k++) lnRsx[k] = Math.log(r + s + (d.xValues[k] as number));
  };

  const evaluate = (p: ParetoNbdParams, gradient?: number[]): number => {
    const { r, alpha, s, beta } = p;
    if (!(r > 0 && alpha > 0 && s > 0 && beta > 0)) return Number.NEGATIVE_INFINITY;
    const withGradient = gradient !== undefined;
    pairTerms(p, withGradient);
    sharedLogs(p);
    const lnS = Math.log(s);
    let ll = d.total * (r * Math.log(alpha) + s * Math.log(beta) - lgamma(r));
    let gr = d.total * (Math.log(alpha) - digamma(r));
    let gAlpha = (d.total * r) / alpha;
    let gs = d.total * Math.log(beta);
    let gBeta = (d.total * s) / beta;
    for (let k = 0; k < nx; k++) {
      const w = d.xWeights[k] as number;
      const x = d.xValues[k] as number;
      ll += w * lgamma(r + x);
      if (withGradient) gr += w * digamma(r + x);
    }
    const { weight, x: xs, T: Ts, xIndex, TIndex, first, second } = row;
    for (let i = 0; i < n; i++) {
      const w = weight[i] as number;
      const x = xs[i] as number;
      const t = TIndex[i] as number;
      const lT = lnAlphaT[t] as number;
      const bT = lnBetaT[t] as number;
      const rx = r + x;
      const firstTerm = -rx * lT - s * bT;
      const j1 = first[i] as number;
      const j2 = second[i] as number;
      const l1 = terms[j1] as number;
      const l2 = terms[j2] as number;
      if (!(l1 > l2)) {
        ll += w * firstTerm;
        if (withGradient) {
          const T = Ts[i] as number;
          gr -= w * lT;
          gAlpha -= (w * rx) / (alpha + T);
          gs -= w * bT;
          gBeta -= (w * s) / (beta + T);
        }
        continue;
      }
      const rho = Math.exp(l2 - l1);
      const secondTerm = lnS - (lnRsx[xIndex[i] as number] as number) + l1 + Math.log1p(-rho);
      const gap = Math.abs(firstTerm - secondTerm);
      const e = Math.exp(-gap);
      ll += w * (Math.max(firstTerm, secondTerm) + Math.log1p(e));
      if (!withGradient) continue;
      // Weights of the two terms in their sum, and d ln(e^{l1} − e^{l2}) = (dl1 − ρ dl2)/(1 − ρ).
      const w2 = secondTerm >= firstTerm ? 1 / (1 + e) : e / (1 + e);
      const w1 = 1 - w2;
      const inv = 1 / (1 - rho);
      const T = Ts[i] as number;
      const rsx = r + s + x;
      const diffR = ((terms[j1 + 1] as number) - rho * (terms[j2 + 1] as number)) * inv;
      const diffA = ((terms[j1 + 2] as number) - rho * (terms[j2 + 2] as number)) * inv;
      const diffS = ((terms[j1 + 3] as number) - rho * (terms[j2 + 3] as number)) * inv;
      const diffB = ((terms[j1 + 4] as number) - rho * (terms[j2 + 4] as number)) * inv;
      gr += w * (w1 * -lT + w2 * (diffR - 1 / rsx));
      gAlpha += w * (w1 * (-rx / (alpha + T)) + w2 * diffA);
      gs += w * (w1 * -bT + w2 * (1 / s - 1 / rsx + diffS));
      gBeta += w * (w1 * (-s / (beta + T)) + w2 * diffB);
    }
    if (gradient) {
      gradient[0] = r * gr;
      gradient[1] = alpha * gAlpha;
      gradient[2] = s * gs;
      gradient[3] = beta * gBeta;
    }
    return ll;
  };

  const alive = (p: ParetoNbdParams): Float64Array => {
    const { r, s } = p;
    pairTerms(p, false);
    sharedLogs(p);
    const lnS = Math.log(s);
    const out = new Float64Array(n);
    const { x: xs, xIndex, TIndex, first, second } = row;
    for (let i = 0; i < n; i++) {
      const t = TIndex[i] as number;
      const firstTerm = -(r + (xs[i] as number)) * (lnAlphaT[t] as number) - s * (lnBetaT[t] as number);
      const l1 = terms[first[i] as number] as number;
      const l2 = terms[second[i] as number] as number;
      const into = order[i] as number;
      if (!(l1 > l2)) {
        out[into] = 1;
        continue;
      }
      const secondTerm = lnS - (lnRsx[xIndex[i] as number] as number) + l1 + Math.log1p(-Math.exp(l2 - l1));
      out[into] = Math.exp(firstTerm - logAddExp(firstTerm, secondTerm));
    }
    return out;
  };
  return { evaluate, alive };
}

/**
 * Maximum-likelihood fit of the Pareto/NBD model on customer summaries, over log-parameters, by
 * BFGS with the analytic gradient of `paretoNbdLikelihood` (Nelder-Mead fallback); throws
 * ConvergenceError when the optimum is not reached. Published CDNOW estimates (Fader, Hardie &
 * Lee 2005): r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9595.0.
 */
export function fitParetoNbd(
  data: readonly PurchaseHistory[] | CompressedSummary,
  options: FitOptions<ParetoNbdParams> = {},
  /** `paretoNbdLikelihood` of the same compressed data, when the caller keeps it for `alive`. */
  prepared?: ParetoNbdLikelihood,
): ModelFit<ParetoNbdParams> {
  const d = asCompressed(data);
  requireRepeatBuyers(d, 'Pareto/NBD');
  const likelihood = prepared ?? paretoNbdLikelihood(d);
  const start = options.initial ?? { r: 1, alpha: 1, s: 1, beta: 1 };
  const fromLog = (v: readonly number[]): ParetoNbdParams => ({
    r: Math.exp(v[0] as number),
    alpha: Math.exp(v[1] as number),
    s: Math.exp(v[2] as number),
    beta: Math.exp(v[3] as number),
  });
  const result = minimize(
    (v, g) => {
      const value = -likelihood.evaluate(fromLog(v), g) / d.total;
      for (let i = 0; i < 4; i++) g[i] = -(g[i] as number) / d.total;
      return value;
    },
    [start.r, start.alpha, start.s, start.beta].map(Math.log),
    fitMinimizeOptions(options),
  );
  assertConverged('Pareto/NBD fit', result, LOG_PARAMETER_BOUND);
  const params = fromLog(result.x);
  return {
    params,
    logLikelihood: likelihood.evaluate(params),
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
  return predictParetoNbdRate(params, t, customer) * predictParetoNbdAlive(params, customer);
}

/**
 * `predictParetoNbd` without its P(alive) factor: the expected purchases in (T, T + t] of a
 * customer alive at T, (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^{s−1}], which depends on x
 * and T only.
 */
export function predictParetoNbdRate(
  params: ParetoNbdParams,
  t: number,
  customer: { x: number; T: number },
): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = params;
  const { x, T } = customer;
  const rate = ((r + x) * (beta + T)) / (alpha + T);
  return rate * dropoutFactor(s, -Math.log1p(t / (beta + T)));
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
