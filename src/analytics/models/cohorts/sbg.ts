import { InputError } from '../input-error';
import { minimize } from '../math/minimize';
import { withNumericGradient } from '../math/numeric-gradient';
import { assertConverged, LOG_PARAMETER_BOUND } from '../math/optimize-types';

/** Shifted-beta-geometric parameters: churn probability θ ~ Beta(α, β). */
export interface SbgParams {
  alpha: number;
  beta: number;
}

/** A fitted sBG model. */
export interface SbgFit {
  params: SbgParams;
  logLikelihood: number;
  iterations: number;
}

/**
 * P(T = t), the probability of churning at period t (t = 1, 2, …), Fader & Hardie (2007), "How to
 * project customer retention", J. Interactive Marketing 21(1), eq. 7, by the recursion
 * P(1) = α/(α+β), P(t) = P(t−1) · (β+t−2)/(α+β+t−1).
 */
export function computeSbgChurnProbability(params: SbgParams, t: number): number {
  const { alpha, beta } = params;
  let p = alpha / (alpha + beta);
  for (let k = 2; k <= t; k++) p *= (beta + k - 2) / (alpha + beta + k - 1);
  return t >= 1 ? p : 0;
}

/**
 * S(t) = P(T > t), the share of the cohort still active after t periods, Fader & Hardie (2007),
 * eq. 8: S(t) = B(α, β+t)/B(α, β), by the recursion S(0) = 1, S(t) = S(t−1) · (β+t−1)/(α+β+t−1).
 */
export function computeSbgSurvival(params: SbgParams, t: number): number {
  const { alpha, beta } = params;
  let s = 1;
  for (let k = 1; k <= t; k++) s *= (beta + k - 1) / (alpha + beta + k - 1);
  return s;
}

/** Retention rate r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1), Fader & Hardie (2007), eq. 9. */
export function computeSbgRetentionRate(params: SbgParams, t: number): number {
  return (params.beta + t - 1) / (params.alpha + params.beta + t - 1);
}

/** Expected survivors of a cohort of `initial` customers after 0, 1, …, periods periods. */
export function projectSbgSurvivors(params: SbgParams, initial: number, periods: number): number[] {
  return Array.from({ length: periods + 1 }, (_, t) => initial * computeSbgSurvival(params, t));
}

/**
 * sBG log-likelihood of a cohort's survivor counts alive[0..n] (alive[0] = cohort size),
 * Fader & Hardie (2007), eq. B1: LL = Σ_{t=1}^{n} (alive[t−1] − alive[t]) ln P(T = t) + alive[n] ln S(n).
 */
export function evaluateSbgLogLikelihood(params: SbgParams, alive: readonly number[]): number {
  const { alpha, beta } = params;
  if (!(alpha > 0 && beta > 0)) return Number.NEGATIVE_INFINITY;
  let ll = 0;
  let p = alpha / (alpha + beta);
  let s = 1;
  for (let t = 1; t < alive.length; t++) {
    if (t > 1) p *= (beta + t - 2) / (alpha + beta + t - 1);
    s *= (beta + t - 1) / (alpha + beta + t - 1);
    const churned = (alive[t - 1] as number) - (alive[t] as number);
    if (churned > 0) ll += churned * Math.log(p);
  }
  const last = alive[alive.length - 1] as number;
  return last > 0 ? ll + last * Math.log(s) : ll;
}

/**
 * Maximum-likelihood fit of the sBG model to a cohort's survivor counts (alive[0] = initial size,
 * non-increasing), over log-parameters with BFGS (numerical gradients, Nelder-Mead fallback);
 * throws ConvergenceError when no optimum is reached and InputError for invalid counts. Published
 * (Fader & Hardie 2007, Table 1, years 0–7): "regular" 1000, 631, 468, 382, 326, 289, 262, 241 →
 * α = 0.704, β = 1.182; "high end" 1000, 869, 743, 653, 593, 551, 517, 491 → α = 0.668, β = 3.806.
 */
export function fitShiftedBetaGeometric(alive: readonly number[]): SbgFit {
  if (alive.length < 2) throw new InputError('need the cohort size and at least one later count');
  alive.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) throw new InputError(`count ${v} is not ≥ 0`, { line: i + 1 });
    if (i > 0 && v > (alive[i - 1] as number)) {
      throw new InputError(`survivors rose from ${alive[i - 1]} to ${v}`, { line: i + 1 });
    }
  });
  const size = alive[0] as number;
  if (size === 0) throw new InputError('empty cohort', { line: 1 });
  const result = minimize(
    withNumericGradient(
      (v) =>
        -evaluateSbgLogLikelihood(
          { alpha: Math.exp(v[0] as number), beta: Math.exp(v[1] as number) },
          alive,
        ) / size,
    ),
    [0, 0],
  );
  assertConverged('sBG fit', result, LOG_PARAMETER_BOUND);
  const params = { alpha: Math.exp(result.x[0] as number), beta: Math.exp(result.x[1] as number) };
  return { params, logLikelihood: evaluateSbgLogLikelihood(params, alive), iterations: result.iterations };
}
