import { InputError } from '../input-error';
import { computeForecastAccuracy, type ForecastAccuracy } from './accuracy';
import { forecastSeasonalNaive } from './baseline';
import { fitHoltWinters, type HoltWintersOptions, type HoltWintersParams } from './holt-winters';
import { forecastHoltWinters } from './hw-forecast';

/** Holt-Winters against the seasonal naive baseline on a holdout. */
export interface HoldoutComparison {
  params: HoltWintersParams;
  forecast: Float64Array;
  baseline: Float64Array;
  holtWinters: ForecastAccuracy;
  seasonalNaive: ForecastAccuracy;
}

/**
 * Splits off the last `holdout` points, fits Holt-Winters on the rest (`fitHoltWinters`), forecasts
 * the holdout, and scores it and the seasonal naive forecast with MAE, MAPE and MASE (both scaled by
 * the same in-sample seasonal naive error, so their MASEs compare directly).
 */
export function evaluateHoltWintersHoldout(
  series: ArrayLike<number>,
  holdout: number,
  options: HoltWintersOptions,
): HoldoutComparison {
  if (!(Number.isInteger(holdout) && holdout >= 1 && holdout < series.length)) {
    throw new InputError(`must be a whole number in [1, ${series.length - 1}], got ${holdout}`, {
      field: 'holdout',
    });
  }
  const all = Float64Array.from(series as ArrayLike<number>);
  const training = all.subarray(0, all.length - holdout);
  const actual = all.subarray(all.length - holdout);
  const fit = fitHoltWinters(training, options);
  const forecast = Float64Array.from(forecastHoltWinters(fit, holdout), (p) => p.value);
  const baseline = forecastSeasonalNaive(training, options.period, holdout);
  return {
    params: fit.params,
    forecast,
    baseline,
    holtWinters: computeForecastAccuracy(actual, forecast, training, options.period),
    seasonalNaive: computeForecastAccuracy(actual, baseline, training, options.period),
  };
}
