import { InputError } from '../input-error';

/** Additive (x = trend + season + noise) or multiplicative (x = trend · season · noise) seasonality. */
export type Seasonality = 'additive' | 'multiplicative';

/** A classical decomposition: the centred moving-average trend (NaN at the ends) and the seasonal figure. */
export interface Decomposition {
  trend: Float64Array;
  /** One value per position in the season (length = period), normalised to mean 0 (additive) or 1. */
  figure: Float64Array;
}

/**
 * Classical decomposition by moving averages, as R's `decompose` (stats; Kendall & Stuart 1983, "The
 * Advanced Theory of Statistics" vol. 3, pp. 410–414, as R's help page cites): the trend is the centred moving average over one
 * period (weights ½, 1, …, 1, ½ over period + 1 points for an even period, 1/period over period
 * points for an odd one); the seasonal figure is the mean of x − trend (or x / trend) at each
 * position of the season, normalised to sum 0 (or mean 1). Needs two full periods.
 */
export function decomposeClassical(x: ArrayLike<number>, period: number, type: Seasonality): Decomposition {
  const n = x.length;
  if (!(Number.isInteger(period) && period >= 2)) {
    throw new InputError(`must be a whole number ≥ 2, got ${period}`, { field: 'period' });
  }
  if (n < 2 * period) {
    throw new InputError(`the series has ${n} points, fewer than 2 periods of ${period}`, {
      field: 'series',
    });
  }
  const even = period % 2 === 0;
  const half = even ? period / 2 : (period - 1) / 2;
  const trend = new Float64Array(n).fill(Number.NaN);
  for (let t = half; t < n - half; t++) {
    let sum = 0;
    for (let k = -half; k <= half; k++) {
      const w = even && Math.abs(k) === half ? 0.5 : 1;
      sum += w * (x[t + k] as number);
    }
    trend[t] = sum / period;
  }
  const figure = new Float64Array(period);
  for (let i = 0; i < period; i++) {
    let sum = 0;
    let count = 0;
    for (let t = i; t < n; t += period) {
      const tr = trend[t] as number;
      if (Number.isNaN(tr)) continue;
      sum += type === 'additive' ? (x[t] as number) - tr : (x[t] as number) / tr;
      count++;
    }
    figure[i] = sum / count;
  }
  let mean = 0;
  for (const v of figure) mean += v / period;
  for (let i = 0; i < period; i++) {
    figure[i] = type === 'additive' ? (figure[i] as number) - mean : (figure[i] as number) / mean;
  }
  return { trend, figure };
}
