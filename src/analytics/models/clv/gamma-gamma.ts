import { digamma } from '../math/digamma';
import { lgamma } from '../math/gamma';
import { minimize } from '../math/minimize';
import { assertConverged, LOG_PARAMETER_BOUND } from '../math/optimize-types';
import { InputError } from '../input-error';
import { type FitOptions, fitMinimizeOptions, type ModelFit } from './bgnbd';

/** Gamma-Gamma parameters: transaction value ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** Spend history: repeat transactions x and their mean value (z̄). */
export interface SpendHistory {
  x: number;
  monetaryValue: number;
}

interface SpendData {
  x: Float64Array;
  m: Float64Array;
  /** Σ over customers of (px − 1) ln m + px ln x, split as coefficients of p and constant. */
  pCoefficient: number;
  constant: number;
  xValues: number[];
  xCounts: number[];
  n: number;
}

function prepare(rows: readonly SpendHistory[]): SpendData {
  return prepareColumns(
    Float64Array.from(rows, (r) => r.x),
    Float64Array.from(rows, (r) => r.monetaryValue),
    false,
  );
}

/**
 * The repeat buyers (x > 0) of columns; each must have a positive, finite mean spend (an
 * InputError naming its 1-based row) unless `positiveOnly`, which leaves the others out.
 */
function prepareColumns(xs: Float64Array, ms: Float64Array, positiveOnly: boolean): SpendData {
  let kept = 0;
  for (let i = 0; i < xs.length; i++) {
    const mi = ms[i] as number;
    if (!((xs[i] as number) > 0)) continue;
    if (!(mi > 0) || !Number.isFinite(mi)) {
      if (positiveOnly) continue;
      throw new InputError(
        `mean spend ${mi} must be > 0 when x > 0 (leave such customers out of the Gamma-Gamma fit)`,
        { line: i + 1, field: 'monetaryValue' },
      );
    }
    kept++;
  }
  const x = new Float64Array(kept);
  const m = new Float64Array(kept);
  let pCoefficient = 0;
  let constant = 0;
  const counts = new Map<number, number>();
  let k = 0;
  for (let i = 0; i < xs.length; i++) {
    const xi = xs[i] as number;
    const mi = ms[i] as number;
    if (!(xi > 0) || !(mi > 0) || !Number.isFinite(mi)) continue;
    x[k] = xi;
    m[k] = mi;
    k++;
    const lnM = Math.log(mi);
    pCoefficient += xi * (lnM + Math.log(xi));
    constant -= lnM;
    counts.set(xi, (counts.get(xi) ?? 0) + 1);
  }
  if (kept === 0) throw new InputError('no repeat buyers (x > 0) to fit');
  return {
    x,
    m,
    pCoefficient,
    constant,
    xValues: [...counts.keys()],
    xCounts: [...counts.values()],
    n: kept,
  };
}

function logLikelihood(params: GammaGammaParams, d: SpendData, gradient?: number[]): number {
  const { p, q, gamma } = params;
  if (!(p > 0 && q > 0 && gamma > 0)) return Number.NEGATIVE_INFINITY;
  const lnGamma = Math.log(gamma);
  let ll = d.n * (q * lnGamma - lgamma(q)) + p * d.pCoefficient + d.constant;
  let gp = d.pCoefficient;
  let gq = d.n * (lnGamma - digamma(q));
  let gGamma = (d.n * q) / gamma;
  for (let k = 0; k < d.xValues.length; k++) {
    const x = d.xValues[k] as number;
    const c = d.xCounts[k] as number;
    ll += c * (lgamma(p * x + q) - lgamma(p * x));
    if (gradient) {
      const psiSum = digamma(p * x + q);
      gp += c * x * (psiSum - digamma(p * x));
      gq += c * psiSum;
    }
  }
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i] as number;
    const denominator = gamma + x * (d.m[i] as number);
    const lnDen = Math.log(denominator);
    ll -= (p * x + q) * lnDen;
    if (gradient) {
      gp -= x * lnDen;
      gq -= lnDen;
      gGamma -= (p * x + q) / denominator;
    }
  }
  if (gradient) {
    gradient[0] = p * gp;
    gradient[1] = q * gq;
    gradient[2] = gamma * gGamma;
  }
  return ll;
}

/**
 * Gamma-Gamma spend model log-likelihood over repeat buyers (x > 0), Fader, Hardie & Lee (2005),
 * "RFM and CLV: using iso-value curves for customer base analysis", JMR 42(4), eq. 4 (after
 * Colombo & Jiang 1999): with z̄ the mean of x transactions,
 *   ln L = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄).
 * Customers with x = 0 are ignored.
 */
export function evaluateGammaGammaLogLikelihood(
  params: GammaGammaParams,
  rows: readonly SpendHistory[],
): number {
  return logLikelihood(params, prepare(rows));
}

/**
 * Maximum-likelihood fit of the Gamma-Gamma model on the repeat buyers, over log-parameters by
 * BFGS with the analytic gradient; throws ConvergenceError when the optimum is not reached.
 * Published CDNOW estimates (Fader, Hardie & Lee 2005, "RFM and CLV"): p = 6.25, q = 3.74,
 * γ = 15.44.
 */
export function fitGammaGamma(
  rows: readonly SpendHistory[],
  options: FitOptions<GammaGammaParams> = {},
): ModelFit<GammaGammaParams> {
  return fitPrepared(prepare(rows), options);
}

/**
 * `fitGammaGamma` over columns of repeat counts and mean spends (one entry per customer; x = 0
 * is skipped), with `positiveOnly` leaving out repeat buyers without a positive mean spend. Also
 * gives the customers fitted and their frequency-spend correlation (`correlateFrequencySpend`).
 */
export function fitGammaGammaColumns(
  x: Float64Array,
  monetaryValue: Float64Array,
  positiveOnly: boolean,
  options: FitOptions<GammaGammaParams> = {},
): ModelFit<GammaGammaParams> & { customers: number; correlation: number } {
  const d = prepareColumns(x, monetaryValue, positiveOnly);
  return { ...fitPrepared(d, options), customers: d.n, correlation: correlate(d.x, d.m) };
}

function fitPrepared(d: SpendData, options: FitOptions<GammaGammaParams>): ModelFit<GammaGammaParams> {
  // Unit-free start: p = 1, q = 2 and γ = mean z̄, so the prior mean pγ/(q − 1) is the mean spend.
  const start = options.initial ?? { p: 1, q: 2, gamma: d.m.reduce((s, v) => s + v, 0) / d.n };
  const fromLog = (v: readonly number[]): GammaGammaParams => ({
    p: Math.exp(v[0] as number),
    q: Math.exp(v[1] as number),
    gamma: Math.exp(v[2] as number),
  });
  const result = minimize(
    (v, g) => {
      const value = -logLikelihood(fromLog(v), d, g) / d.n;
      for (let i = 0; i < 3; i++) g[i] = -(g[i] as number) / d.n;
      return value;
    },
    [start.p, start.q, start.gamma].map(Math.log),
    fitMinimizeOptions(options),
  );
  assertConverged('Gamma-Gamma fit', result, LOG_PARAMETER_BOUND);
  const params = fromLog(result.x);
  return {
    params,
    logLikelihood: logLikelihood(params, d),
    iterations: result.iterations,
    evaluations: result.evaluations,
    gradientNorm: result.gradientNorm ?? Number.NaN,
  };
}

/**
 * Conditional expected mean transaction value, Fader, Hardie & Lee (2005), "RFM and CLV", eq. 5:
 *   E[Z | p, q, γ, x, z̄] = (q−1)/(px+q−1) · pγ/(q−1) + px/(px+q−1) · z̄ = p(γ + x z̄)/(px + q − 1),
 * a weighted mean of the population mean pγ/(q−1) and the customer's z̄ (for x = 0, the population
 * mean; requires q > 1 then).
 */
export function predictGammaGammaSpend(params: GammaGammaParams, customer: SpendHistory): number {
  const { p, q, gamma } = params;
  const x = customer.x;
  return (p * (gamma + (x > 0 ? x * customer.monetaryValue : 0))) / (p * x + q - 1);
}

/**
 * Pearson correlation between the number of repeat transactions x and the mean spend z̄ over the
 * repeat buyers, the independence check of the Gamma-Gamma model (Fader, Hardie & Lee 2005, "RFM
 * and CLV", §"Spend": 0.11 on CDNOW). NaN when fewer than two repeat buyers or no variance.
 */
export function correlateFrequencySpend(rows: readonly SpendHistory[]): number {
  const repeat = rows.filter((r) => r.x > 0);
  return correlate(
    Float64Array.from(repeat, (r) => r.x),
    Float64Array.from(repeat, (r) => r.monetaryValue),
  );
}

/** Pearson correlation of two columns; NaN below two entries or without variance. */
function correlate(x: Float64Array, m: Float64Array): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  let sx = 0;
  let sm = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sm += m[i] as number;
  }
  const mx = sx / n;
  const mm = sm / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dm = (m[i] as number) - mm;
    sxy += dx * dm;
    sxx += dx ** 2;
    syy += dm ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
