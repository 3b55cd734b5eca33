import { InputError } from '../input-error';

/** Holdout accuracy of a forecast. */
export interface ForecastAccuracy {
  /** Mean absolute error, in the units of the series. */
  mae: number;
  /** Mean absolute percentage error, in percent (points with actual 0 left out; NaN if all are 0). */
  mape: number;
  /** Mean absolute scaled error: MAE over the in-sample MAE of the seasonal naive forecast. */
  mase: number;
  points: number;
}

/**
 * MAE, MAPE and MASE of a forecast against the held-out actuals (Hyndman & Koehler 2006, "Another
 * look at measures of forecast accuracy", Int. J. Forecasting 22(4), eq. for MASE):
 *   MASE = MAE / ((1/(n−p)) Σ_{t=p+1}^{n} |x_t − x_{t−p}|), scaled by the seasonal naive errors on
 * the training series (p = 1 for non-seasonal data). MASE < 1 beats the naive method in sample.
 */
export function computeForecastAccuracy(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  training: ArrayLike<number>,
  period = 1,
): ForecastAccuracy {
  if (actual.length !== forecast.length || actual.length === 0) {
    throw new InputError(
      `actual (${actual.length}) and forecast (${forecast.length}) must have the same length ≥ 1`,
      {
        field: 'forecast',
      },
    );
  }
  if (training.length <= period) {
    throw new InputError(`the training series needs more than ${period} points`, { field: 'training' });
  }
  let abs = 0;
  let pct = 0;
  let pctCount = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = Math.abs(a - (forecast[i] as number));
    abs += e;
    if (a !== 0) {
      pct += e / Math.abs(a);
      pctCount++;
    }
  }
  let scale = 0;
  for (let t = period; t < training.length; t++) {
    scale += Math.abs((training[t] as number) - (training[t - period] as number));
  }
  scale /= training.length - period;
  const mae = abs / actual.length;
  return {
    mae,
    mape: pctCount > 0 ? (100 * pct) / pctCount : Number.NaN,
    mase: mae / scale,
    points: actual.length,
  };
}
