import { InputError } from '../input-error';

/**
 * Seasonal naive forecast (Hyndman & Athanasopoulos, "Forecasting: principles and practice", 3rd
 * ed., §5.2): each future value repeats the last observed value of the same season,
 *   x̂_{n+h} = x_{n+h−p·k}, k = ⌈h/p⌉.
 * The baseline every seasonal method has to beat.
 */
export function forecastSeasonalNaive(series: ArrayLike<number>, period: number, h: number): Float64Array {
  const n = series.length;
  if (!(Number.isInteger(period) && period >= 1)) {
    throw new InputError(`must be a whole number ≥ 1, got ${period}`, { field: 'period' });
  }
  if (n < period)
    throw new InputError(`the series has ${n} points, fewer than one period of ${period}`, {
      field: 'series',
    });
  const out = new Float64Array(h);
  for (let step = 1; step <= h; step++) {
    out[step - 1] = series[n - period + ((step - 1) % period)] as number;
  }
  return out;
}
