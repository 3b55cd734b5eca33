import { InputError } from '../input-error';
import { normalQuantile } from '../math/normal';
import type { HoltWintersFit } from './holt-winters';

/** A point forecast with its prediction interval. */
export interface ForecastPoint {
  /** Steps ahead, 1 … h. */
  step: number;
  value: number;
  lower: number;
  upper: number;
}

/**
 * Forecasts h steps ahead from a fitted Holt-Winters model, as R's `predict.HoltWinters`:
 *   x̂_{n+h} = L + φ_h B + s_h (additive) or (L + φ_h B)·s_h (multiplicative),
 * with φ_h = φ + φ² + … + φʰ (= h undamped) and s_h the seasonal value h steps on (cycling).
 * Prediction intervals at `level` (default 0.95), x̂ ± z·√v_h with z = Φ⁻¹((1 + level)/2):
 * - additive: R's formula (Yar & Chatfield 1990), v_h = σ² (1 + Σ_{j=1}^{h−1} ψ_j²) with
 *   ψ_j = α(1 + jβ) + γ(1 − α)·[j ≡ 0 mod p] and σ² the sample variance of the one-step residuals;
 *   with damping jβ becomes β φ_j (the ETS(A,Ad,A) weights of Hyndman et al. 2008, ch. 6);
 * - multiplicative: an approximation of ours, not R's: the same ψ weights applied on the relative
 *   scale, v_h = x̂² σ_r² (1 + Σ ψ_j²) with σ_r² the variance of the relative residuals (x − x̂)/x̂.
 *   It ignores the interaction of level and season errors, so it is narrow for long horizons when
 *   γ is large; R uses another heuristic, and exact intervals need the state-space model
 *   (Hyndman, Koehler, Ord & Snyder 2008, "Forecasting with Exponential Smoothing", ch. 6).
 */
export function forecastHoltWinters(fit: HoltWintersFit, h: number, level = 0.95): ForecastPoint[] {
  if (!(Number.isInteger(h) && h >= 1))
    throw new InputError(`must be a whole number ≥ 1, got ${h}`, { field: 'h' });
  if (!(level > 0 && level < 1)) throw new InputError(`must be in (0, 1), got ${level}`, { field: 'level' });
  const { alpha, beta, gamma, phi } = fit.params;
  const { period, run, series } = fit;
  const mult = fit.seasonal === 'multiplicative';
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (let t = period; t < series.length; t++) {
    const fitted = run.fitted[t] as number;
    const e = mult ? ((series[t] as number) - fitted) / fitted : (series[t] as number) - fitted;
    sum += e;
    sumSq += e * e;
    count++;
  }
  const variance = count > 1 ? (sumSq - (sum * sum) / count) / (count - 1) : Number.NaN;
  const z = normalQuantile((1 + level) / 2);
  const out: ForecastPoint[] = [];
  let phiH = 0;
  let weights = 1;
  for (let step = 1; step <= h; step++) {
    phiH += phi ** step;
    const s = run.season[(step - 1) % period] as number;
    const base = run.level + phiH * run.trend;
    const value = mult ? base * s : base + s;
    if (step > 1) {
      const j = step - 1;
      let phiJ = 0;
      for (let k = 1; k <= j; k++) phiJ += phi ** k;
      const psi = alpha * (1 + beta * phiJ) + (j % period === 0 ? gamma * (1 - alpha) : 0);
      weights += psi * psi;
    }
    const half = z * Math.sqrt(variance * weights) * (mult ? Math.abs(value) : 1);
    out.push({ step, value, lower: value - half, upper: value + half });
  }
  return out;
}
