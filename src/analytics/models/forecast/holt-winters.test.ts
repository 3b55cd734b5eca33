import { describe, expect, it } from 'vitest';
import { missingDataMessage, readSharedData, relativeDifference } from '../../../testing/shared-data';
import { InputError } from '../input-error';
import { decomposeClassical } from './decompose';
import { fitHoltWinters, initializeHoltWinters, runHoltWinters } from './holt-winters';
import { forecastHoltWinters } from './hw-forecast';
import { parseSeriesCsv } from './series-file';

/**
 * R's `HoltWinters(AirPassengers, seasonal = "multiplicative")` (stats, R ≥ 2.x, start.periods = 2,
 * L-BFGS-B from α 0.3, β 0.1, γ 0.1), as printed by R:
 *   alpha 0.2755925, beta 0.03269295, gamma 0.8707292; coefficients a 469.3232206, b 3.0215391,
 *   s1 … s12 below. (The parameters are the ones quoted in the issue; the same print-out with the
 *   coefficients is in public course notes found through the code search.)
 * R's 12-month forecast is predict.HoltWinters' fit = (a + h·b)·s_h, computed here from those printed
 * coefficients (we found no published print-out of the forecast itself):
 *   447.0559 419.7123 464.8671 496.0839 507.5327 575.4509 666.5923 657.9137 550.3088 492.9853
 *   420.2073 465.6345.
 * R's additive fit, `HoltWinters(AirPassengers)`: alpha 0.2479595, beta 0.03453373, gamma 1 (R output
 * quoted in a public R course script).
 */
const R_MULT = { alpha: 0.2755925, beta: 0.03269295, gamma: 0.8707292 };
const R_MULT_COEF = {
  a: 469.3232206,
  b: 3.0215391,
  s: [
    0.9464611, 0.8829239, 0.9717369, 1.0304825, 1.0476884, 1.1805272, 1.3590778, 1.3331706, 1.1083381,
    0.9868813, 0.8361333, 0.9209877,
  ],
};
const R_MULT_FORECAST = [
  447.0559, 419.7123, 464.8671, 496.0839, 507.5327, 575.4509, 666.5923, 657.9137, 550.3088, 492.9853,
  420.2073, 465.6345,
];
const R_ADD = { alpha: 0.2479595, beta: 0.03453373, gamma: 1 };

describe('Holt-Winters building blocks', () => {
  it("decomposes like R's decompose: centred moving average and normalised figure (by hand)", () => {
    // Period 2, x = 1 2 3 4 5 6: trend_t = (x_{t−1}/2 + x_t + x_{t+1}/2)/2 = x_t (linear data),
    // x − trend = 0 everywhere, so the additive figure is 0 0.
    const d = decomposeClassical([1, 2, 3, 4, 5, 6], 2, 'additive');
    expect(Array.from(d.trend)).toEqual([Number.NaN, 2, 3, 4, 5, Number.NaN]);
    expect(Array.from(d.figure)).toEqual([0, 0]);
    // Period 3 (odd: plain mean of 3), x = 1 5 3 1 5 3: trend 3 at t = 1…4; x − trend at
    // positions (1, 2, 0, 1): 2, 0, −2, 2 → figure [−2, 2, 0] (mean 0 already).
    const odd = decomposeClassical([1, 5, 3, 1, 5, 3], 3, 'additive');
    expect(Array.from(odd.figure)).toEqual([-2, 2, 0]);
  });

  it('runs the recursions of R on a hand-checked case', () => {
    // Period 2, α = 0.5, β = 0.5, γ = 0.5, start L 10, B 1, s [1, −1]; x_2 = 13, x_3 = 9.
    // t=2: x̂ = 11 + 1 = 12, e = 1; L' = 0.5·12 + 0.5·11 = 11.5; B' = 0.5·1.5 + 0.5·1 = 1.25;
    //      s = 0.5·(13 − 11.5) + 0.5·1 = 1.25.
    // t=3: x̂ = 12.75 − 1 = 11.75, e = −2.75; SSE = 1 + 7.5625 = 8.5625.
    const run = runHoltWinters(
      [0, 0, 13, 9],
      2,
      'additive',
      { alpha: 0.5, beta: 0.5, gamma: 0.5, phi: 1 },
      { level: 10, trend: 1, season: Float64Array.from([1, -1]) },
    );
    expect(run.sse).toBeCloseTo(8.5625, 12);
    expect(run.fitted[2]).toBeCloseTo(12, 12);
    expect(run.fitted[3]).toBeCloseTo(11.75, 12);
  });

  it('rejects series too short for their season and zeros in multiplicative data', () => {
    expect(() => fitHoltWinters([1, 2, 3, 4, 5, 6, 7, 8], { period: 4 })).toThrow(/needs at least 9/);
    expect(() =>
      fitHoltWinters([1, 2, 0, 4, 5, 6, 7, 8, 9], { period: 4, seasonal: 'multiplicative' }),
    ).toThrow(InputError);
    expect(() => fitHoltWinters([1, 2, 3], { period: 1 })).toThrow(/field period/);
  });
});

const AIR = readSharedData('AirPassengers.csv');

describe.skipIf(!AIR)('Holt-Winters on AirPassengers against R', () => {
  if (!AIR) {
    it.skip(missingDataMessage('AirPassengers.csv'), () => {});
    return;
  }
  const { values } = parseSeriesCsv(AIR, {
    dateColumn: 'Month',
    valueColumn: '#Passengers',
    period: 'month',
    dateFormat: 'YYYY-MM',
  });

  it("at R's parameters, R's start values and filter give R's printed coefficients", () => {
    const start = initializeHoltWinters(values, 12, 'multiplicative');
    const run = runHoltWinters(values, 12, 'multiplicative', { ...R_MULT, phi: 1 }, start);
    expect(relativeDifference(run.level, R_MULT_COEF.a)).toBeLessThan(1e-8);
    expect(relativeDifference(run.trend, R_MULT_COEF.b)).toBeLessThan(1e-6);
    R_MULT_COEF.s.forEach((s, i) => {
      expect(Math.abs((run.season[i] as number) - s)).toBeLessThan(1e-7);
    });
  });

  it("fits R's multiplicative α, β, γ to 1e-3 and its 12-month forecast to 0.5%", () => {
    const fit = fitHoltWinters(values, { period: 12, seasonal: 'multiplicative' });
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.alpha - R_MULT.alpha)).toBeLessThan(1e-3);
    expect(Math.abs(fit.params.beta - R_MULT.beta)).toBeLessThan(1e-3);
    expect(Math.abs(fit.params.gamma - R_MULT.gamma)).toBeLessThan(1e-3);
    // Our optimum is a hair lower than R's (scipy L-BFGS-B with tight tolerances finds the same
    // point: α 0.2756035, β 0.0326774, γ 0.8707616, SSE 16570.77775 against 16570.77787 at R's).
    expect(fit.run.sse).toBeLessThanOrEqual(16570.7779);
    const forecast = forecastHoltWinters(fit, 12);
    forecast.forEach((point, i) => {
      expect(relativeDifference(point.value, R_MULT_FORECAST[i] as number)).toBeLessThan(0.005);
    });
  });

  it("fits R's additive α, β and γ = 1 (on the bound) to 1e-3", () => {
    const fit = fitHoltWinters(values, { period: 12 });
    expect(Math.abs(fit.params.alpha - R_ADD.alpha)).toBeLessThan(1e-3);
    expect(Math.abs(fit.params.beta - R_ADD.beta)).toBeLessThan(1e-3);
    expect(fit.params.gamma).toBe(1);
  });

  it("gives R's additive prediction intervals (predict.HoltWinters' formula, coded again here)", () => {
    const fit = fitHoltWinters(values, { period: 12 });
    const forecast = forecastHoltWinters(fit, 30, 0.95);
    const residuals: number[] = [];
    for (let t = 12; t < values.length; t++)
      residuals.push((values[t] as number) - (fit.run.fitted[t] as number));
    const mean = residuals.reduce((s, e) => s + e, 0) / residuals.length;
    const variance = residuals.reduce((s, e) => s + (e - mean) ** 2, 0) / (residuals.length - 1);
    const { alpha, beta, gamma } = fit.params;
    const psi = (j: number) => alpha * (1 + j * beta) + (j % 12 === 0 ? 1 : 0) * gamma * (1 - alpha);
    for (const h of [1, 2, 12, 13, 25, 30]) {
      let sum = 1;
      for (let j = 1; j <= h - 1; j++) sum += psi(j) ** 2;
      const half = 1.959963984540054 * Math.sqrt(variance * sum);
      const point = forecast[h - 1] as (typeof forecast)[number];
      expect(point.upper - point.value).toBeCloseTo(half, 8);
      expect(point.value - point.lower).toBeCloseTo(half, 8);
    }
  });

  it('multiplicative intervals (our approximation) widen with the horizon and scale with the level', () => {
    const fit = fitHoltWinters(values, { period: 12, seasonal: 'multiplicative' });
    const forecast = forecastHoltWinters(fit, 24);
    const width = forecast.map((p) => (p.upper - p.lower) / p.value);
    expect(width[23] as number).toBeGreaterThan(width[0] as number);
    for (const p of forecast) expect(p.lower).toBeLessThan(p.value);
  });

  it('damped trend: φ = 1 is the undamped model; a fitted φ stays in [0.8, 0.98] and flattens the forecast', () => {
    const plain = fitHoltWinters(values, { period: 12, seasonal: 'multiplicative' });
    const one = fitHoltWinters(values, { period: 12, seasonal: 'multiplicative', damped: 1 });
    expect(one.params.alpha).toBeCloseTo(plain.params.alpha, 6);
    const damped = fitHoltWinters(values, { period: 12, seasonal: 'multiplicative', damped: true });
    expect(damped.params.phi).toBeGreaterThanOrEqual(0.8);
    expect(damped.params.phi).toBeLessThanOrEqual(0.98);
    const f = forecastHoltWinters(damped, 120);
    // Same season 9 years apart: the trend contribution keeps shrinking.
    const level = (i: number) => (f[i] as (typeof f)[number]).value / (damped.run.season[i % 12] as number);
    expect(level(119) - level(107)).toBeLessThan(level(23) - level(11));
  });
});
