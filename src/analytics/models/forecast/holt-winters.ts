import { InputError } from '../input-error';
import { minimizeBounded } from '../math/bounded';
import { decomposeClassical, type Seasonality } from './decompose';
import { createSseWorkspace, evaluateHoltWintersSse } from './hw-gradient';
import type { HoltWintersParams, HoltWintersStart } from './hw-types';

export type { HoltWintersParams, HoltWintersStart } from './hw-types';

/** Result of running the Holt-Winters recursions over a series. */
export interface HoltWintersRun {
  /** Sum of squared one-step errors from t = period + 1 on. */
  sse: number;
  /** One-step forecasts x̂_t for t = period … n − 1 (0-based), NaN before. */
  fitted: Float64Array;
  /** Level, trend and the last `period` seasonal values after the last observation. */
  level: number;
  trend: number;
  season: Float64Array;
}

/** A fitted Holt-Winters model. */
export interface HoltWintersFit {
  seasonal: Seasonality;
  period: number;
  params: HoltWintersParams;
  start: HoltWintersStart;
  run: HoltWintersRun;
  series: Float64Array;
  /** Optimiser's account. */
  iterations: number;
  converged: boolean;
}

/** Options of `fitHoltWinters`. */
export interface HoltWintersOptions {
  period: number;
  seasonal?: Seasonality;
  /** Damped trend: true fits φ in [0.8, 0.98] (Hyndman et al. 2008, §2.4); a number fixes φ. */
  damped?: boolean | number;
  /** Fixed smoothing parameters; the others are fitted. */
  alpha?: number;
  beta?: number;
  gamma?: number;
}

/**
 * R's start values for seasonal Holt-Winters (`stats::HoltWinters`, start.periods = 2): decompose the
 * first two seasons (`decomposeClassical`), regress the non-missing trend on 1, 2, … : the intercept
 * is the start level and the slope the start trend; the seasonal figure gives the start seasons.
 * Fitting starts at observation period + 1.
 */
export function initializeHoltWinters(
  x: ArrayLike<number>,
  period: number,
  seasonal: Seasonality,
): HoltWintersStart {
  const { trend, figure } = decomposeClassical(
    Array.prototype.slice.call(x, 0, 2 * period),
    period,
    seasonal,
  );
  const ys: number[] = [];
  for (const v of trend) if (!Number.isNaN(v)) ys.push(v);
  const m = ys.length;
  const meanT = (m + 1) / 2;
  let meanY = 0;
  for (const y of ys) meanY += y / m;
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, i) => {
    sxy += (i + 1 - meanT) * (y - meanY);
    sxx += (i + 1 - meanT) ** 2;
  });
  const slope = sxy / sxx;
  return { level: meanY - slope * meanT, trend: slope, season: figure };
}

/**
 * The Holt-Winters recursions (Holt 1957; Winters 1960, "Forecasting sales by exponentially weighted
 * moving averages", Management Science 6(3)) as R's C routine `HoltWinters` runs them, with the
 * damped trend of Gardner & McKenzie (1985): for t = p+1 … n, with s = s_{t−p},
 *   x̂_t = (L + φB) + s            or (L + φB)·s (multiplicative),
 *   L' = α(x_t − s) + (1 − α)(L + φB)   or α x_t/s + (1 − α)(L + φB),
 *   B' = β(L' − L) + (1 − β)φB,
 *   s_t = γ(x_t − L') + (1 − γ)s      or γ x_t/L' + (1 − γ)s,
 * and SSE = Σ (x_t − x̂_t)². With φ = 1 this is R's filter exactly.
 */
export function runHoltWinters(
  x: ArrayLike<number>,
  period: number,
  seasonal: Seasonality,
  params: HoltWintersParams,
  start: HoltWintersStart,
): HoltWintersRun {
  const n = x.length;
  const { alpha, beta, gamma, phi } = params;
  const mult = seasonal === 'multiplicative';
  const season = new Float64Array(n + period);
  season.set(start.season);
  const fitted = new Float64Array(n).fill(Number.NaN);
  let level = start.level;
  let trend = start.trend;
  let sse = 0;
  for (let t = period; t < n; t++) {
    const s = season[t - period] as number;
    const base = level + phi * trend;
    const xhat = mult ? base * s : base + s;
    const xt = x[t] as number;
    fitted[t] = xhat;
    const res = xt - xhat;
    sse += res * res;
    const newLevel = alpha * (mult ? xt / s : xt - s) + (1 - alpha) * base;
    trend = beta * (newLevel - level) + (1 - beta) * phi * trend;
    level = newLevel;
    season[t] = gamma * (mult ? xt / level : xt - level) + (1 - gamma) * s;
  }
  return { sse, fitted, level, trend, season: season.slice(n - period, n) };
}

/**
 * Holt-Winters fitted by least squares as R's `HoltWinters` does: R's start values
 * (`initializeHoltWinters`), then α, β, γ (and φ when damped) minimising the SSE of the one-step
 * errors on the box [0, 1]³ (φ in [0.8, 0.98]) from R's start point α = 0.3, β = 0.1, γ = 0.1, by
 * the projected quasi-Newton `minimizeBounded` in place of R's L-BFGS-B. On AirPassengers this gives
 * R's α = 0.2755925, β = 0.03269295, γ = 0.8707292 (multiplicative) to 1e-4. Throws InputError for a
 * period below 2, a series shorter than two periods plus one, non-finite values, or a zero in a
 * multiplicative series.
 */
export function fitHoltWinters(series: ArrayLike<number>, options: HoltWintersOptions): HoltWintersFit {
  const seasonal = options.seasonal ?? 'additive';
  const { period } = options;
  const x = Float64Array.from(series as ArrayLike<number>);
  if (!(Number.isInteger(period) && period >= 2)) {
    throw new InputError(`must be a whole number ≥ 2, got ${period}`, { field: 'period' });
  }
  if (x.length < 2 * period + 1) {
    throw new InputError(
      `the series has ${x.length} points; Holt-Winters with a season of ${period} needs at least ${2 * period + 1} (two seasons to start from, one to fit)`,
      { field: 'series' },
    );
  }
  const bad = x.findIndex((v) => !Number.isFinite(v) || (seasonal === 'multiplicative' && v === 0));
  if (bad >= 0) {
    throw new InputError(
      `point ${bad + 1} is ${x[bad]}: ${seasonal} Holt-Winters needs finite non-zero values`,
      {
        line: bad + 1,
        field: 'series',
      },
    );
  }
  const start = initializeHoltWinters(x, period, seasonal);
  const fixedPhi = typeof options.damped === 'number' ? options.damped : options.damped ? undefined : 1;
  const names: (keyof HoltWintersParams)[] = [];
  const x0: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const free = (name: keyof HoltWintersParams, initial: number, lo: number, hi: number) => {
    names.push(name);
    x0.push(initial);
    lower.push(lo);
    upper.push(hi);
  };
  if (options.alpha === undefined) free('alpha', 0.3, 0, 1);
  if (options.beta === undefined) free('beta', 0.1, 0, 1);
  if (options.gamma === undefined) free('gamma', 0.1, 0, 1);
  if (fixedPhi === undefined) free('phi', 0.9, 0.8, 0.98);
  const paramsOf = (v: readonly number[]): HoltWintersParams => {
    const p: HoltWintersParams = {
      alpha: options.alpha ?? 0,
      beta: options.beta ?? 0,
      gamma: options.gamma ?? 0,
      phi: fixedPhi ?? 1,
    };
    names.forEach((name, i) => {
      p[name] = v[i] as number;
    });
    return p;
  };
  let iterations = 0;
  let converged = true;
  let params = paramsOf(x0);
  if (names.length > 0) {
    const full = new Float64Array(4);
    const work = createSseWorkspace(x.length + period);
    const order: (keyof HoltWintersParams)[] = ['alpha', 'beta', 'gamma', 'phi'];
    const slot = names.map((name) => order.indexOf(name));
    const objective = (v: readonly number[], g: number[]): number => {
      const value = evaluateHoltWintersSse(x, period, seasonal, paramsOf(v), start, full, work);
      slot.forEach((k, i) => {
        g[i] = full[k] as number;
      });
      return value;
    };
    const sse0 = runHoltWinters(x, period, seasonal, paramsOf(x0), start).sse;
    const result = minimizeBounded(objective, x0, lower, upper, {
      valueTolerance: 1e-10,
      gradientTolerance: 1e-8 * Math.max(1, sse0),
      maxIterations: 100,
    });
    iterations = result.iterations;
    converged = result.converged;
    params = paramsOf(result.x);
  }
  return {
    seasonal,
    period,
    params,
    start,
    run: runHoltWinters(x, period, seasonal, params, start),
    series: x,
    iterations,
    converged,
  };
}
