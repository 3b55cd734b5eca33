import { digamma } from '../math/digamma';
import { lgamma } from '../math/gamma';
import { InputError } from '../input-error';
import { type MinimizeOptions, minimize } from '../math/minimize';
import { assertConverged, LOG_PARAMETER_BOUND } from '../math/optimize-types';
import { asCompressed, type CompressedSummary, type PurchaseHistory } from './compress';

/** BG/NBD parameters: purchase rate ~ Gamma(r, α), dropout probability ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A fitted model: maximum-likelihood parameters and the optimiser's account. */
export interface ModelFit<P> {
  params: P;
  logLikelihood: number;
  iterations: number;
  evaluations: number;
  gradientNorm: number;
}

/** Options of the model fits. */
export interface FitOptions<P> {
  /**
   * Start point (default: unit-free, from the data's time scale or spend scale). A given start is
   * taken to be near the optimum (e.g. yesterday's fit): BFGS then starts from a finite-difference
   * Hessian there, which typically halves the evaluations.
   */
  initial?: P;
  /** Gradient tolerance on the mean log-likelihood per customer, in log-parameters (default 1e-9). */
  gradientTolerance?: number;
  /** Iteration cap of each optimiser stage (default: the optimisers' own). */
  maxIterations?: number;
}

/**
 * BG/NBD log-likelihood, Fader, Hardie & Lee (2005), "Counting your customers the easy way: an
 * alternative to the Pareto/NBD model", Marketing Science 24(2), eq. 6:
 *   L = B(a, b+x)/B(a, b) · Γ(r+x)αʳ / (Γ(r)(α+T)^{r+x})
 *     + 1{x>0} · B(a+1, b+x−1)/B(a, b) · Γ(r+x)αʳ / (Γ(r)(α+t_x)^{r+x}),
 * summed over customers in log form, ln L = A₁ + A₂ + ln(e^{A₃} + 1{x>0} e^{A₄}) with
 * A₁ = ln Γ(r+x) − ln Γ(r) + r ln α, A₂ = ln B(a, b+x) − ln B(a, b), A₃ = −(r+x) ln(α+T),
 * A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x). Weighted rows count as that many customers. When
 * `gradient` is given it receives ∂LL/∂(ln r, ln α, ln a, ln b).
 */
export function evaluateBgNbdLogLikelihood(
  params: BgNbdParams,
  data: readonly PurchaseHistory[] | CompressedSummary,
  gradient?: number[],
): number {
  const d = asCompressed(data);
  const { r, alpha, a, b } = params;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NEGATIVE_INFINITY;
  let ll = d.total * r * Math.log(alpha);
  let gr = d.total * Math.log(alpha);
  let gAlpha = (d.total * r) / alpha;
  let ga = 0;
  let gb = 0;
  const lnA = Math.log(a);
  const lgR = lgamma(r);
  const lgB = lgamma(b);
  const lgAB = lgamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  const nx = d.xValues.length;
  const lnBx1 = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const x = d.xValues[k] as number;
    const w = d.xWeights[k] as number;
    lnBx1[k] = x > 0 ? Math.log(b + x - 1) : 0;
    ll += w * (lgamma(r + x) - lgR + lgAB + lgamma(b + x) - lgB - lgamma(a + b + x));
    if (gradient) {
      const psiABx = digamma(a + b + x);
      gr += w * (digamma(r + x) - psiR);
      ga += w * (psiAB - psiABx);
      gb += w * (psiAB + digamma(b + x) - psiB - psiABx);
    }
  }
  const lnAlphaT = new Float64Array(d.TValues.length);
  for (let j = 0; j < d.TValues.length; j++) lnAlphaT[j] = Math.log(alpha + (d.TValues[j] as number));
  // ln(α + t_x) once per distinct t_x when the summary knows them.
  const txIndex = d.txIndex;
  const txValues = d.txValues;
  const lnAlphaTx = txValues ? new Float64Array(txValues.length) : null;
  if (lnAlphaTx && txValues)
    for (let j = 0; j < txValues.length; j++) lnAlphaTx[j] = Math.log(alpha + (txValues[j] as number));
  const n = d.x.length;
  for (let i = 0; i < n; i++) {
    const x = d.x[i] as number;
    const w = d.weight[i] as number;
    const rx = r + x;
    const lT = lnAlphaT[d.TIndex[i] as number] as number;
    const a3 = -rx * lT;
    if (x === 0) {
      ll += w * a3;
      if (gradient) {
        gr -= w * lT;
        gAlpha -= (w * rx) / (alpha + (d.T[i] as number));
      }
      continue;
    }
    const lt =
      lnAlphaTx && txIndex
        ? (lnAlphaTx[txIndex[i] as number] as number)
        : Math.log(alpha + (d.tx[i] as number));
    const k = d.xIndex[i] as number;
    const a4 = lnA - (lnBx1[k] as number) - rx * lt;
    const hi = Math.max(a3, a4);
    const e = Math.exp(-Math.abs(a3 - a4));
    ll += w * (hi + Math.log1p(e));
    if (gradient) {
      const w4 = a4 >= a3 ? 1 / (1 + e) : e / (1 + e);
      const w3 = 1 - w4;
      gr -= w * (w3 * lT + w4 * lt);
      gAlpha -= w * rx * (w3 / (alpha + (d.T[i] as number)) + w4 / (alpha + (d.tx[i] as number)));
      ga += (w * w4) / a;
      gb -= (w * w4) / (b + x - 1);
    }
  }
  if (gradient) {
    gradient[0] = r * gr;
    gradient[1] = alpha * gAlpha;
    gradient[2] = a * ga;
    gradient[3] = b * gb;
  }
  return ll;
}

/**
 * Maximum-likelihood fit of the BG/NBD model (Fader, Hardie & Lee 2005, eq. 6) on customer
 * summaries (x, t_x, T), compressed with weights. Optimises the mean log-likelihood over
 * log-parameters by BFGS with the analytic gradient (`minimize` falls back to Nelder-Mead);
 * throws ConvergenceError when the optimum is not reached. On Fader & Hardie's CDNOW sample the
 * published estimates are r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
 */
export function fitBgNbd(
  data: readonly PurchaseHistory[] | CompressedSummary,
  options: FitOptions<BgNbdParams> = {},
): ModelFit<BgNbdParams> {
  const d = asCompressed(data);
  requireRepeatBuyers(d, 'BG/NBD');
  const start = options.initial ?? defaultStart(d);
  const fromLog = (v: readonly number[]): BgNbdParams => ({
    r: Math.exp(v[0] as number),
    alpha: Math.exp(v[1] as number),
    a: Math.exp(v[2] as number),
    b: Math.exp(v[3] as number),
  });
  const result = minimize(
    (v, g) => {
      const value = -evaluateBgNbdLogLikelihood(fromLog(v), d, g) / d.total;
      for (let i = 0; i < 4; i++) g[i] = -(g[i] as number) / d.total;
      return value;
    },
    [start.r, start.alpha, start.a, start.b].map(Math.log),
    fitMinimizeOptions(options),
  );
  assertConverged('BG/NBD fit', result, LOG_PARAMETER_BOUND);
  const params = fromLog(result.x);
  return {
    params,
    logLikelihood: evaluateBgNbdLogLikelihood(params, d),
    iterations: result.iterations,
    evaluations: result.evaluations,
    gradientNorm: result.gradientNorm ?? Number.NaN,
  };
}

/** r = 1, a = 1, b = 1 and α = mean T, so the start does not depend on the time unit. */
function defaultStart(d: CompressedSummary): BgNbdParams {
  let sum = 0;
  for (let i = 0; i < d.T.length; i++) sum += (d.T[i] as number) * (d.weight[i] as number);
  return { r: 1, alpha: Math.max(sum / d.total, 1e-6), a: 1, b: 1 };
}

/** Optimiser options of a fit. */
export function fitMinimizeOptions<P>(options: FitOptions<P>): MinimizeOptions {
  return {
    gradientTolerance: options.gradientTolerance ?? 1e-9,
    initialHessian: options.initial !== undefined,
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
  };
}

/** Without any repeat purchase the likelihood rises towards r → 0 and has no maximum. */
export function requireRepeatBuyers(d: CompressedSummary, model: string): void {
  let repeats = 0;
  for (let i = 0; i < d.x.length; i++) if ((d.x[i] as number) > 0) repeats += d.weight[i] as number;
  if (repeats === 0)
    throw new InputError(`${model}: no customer has a repeat purchase (x > 0); nothing to fit`);
}
