import { createRandom, evaluateHoltWintersHoldout } from '../src/analytics/index';

/** Figures of the forecasting benchmark. */
export interface ForecastBenchFigures {
  series: number;
  points: number;
  holdout: number;
  /** Wall time of fitting and scoring every series (milliseconds); target < 10 s for 10,000. */
  totalMs: number;
  /** CPU time of this process over the same run (user + system), for loaded machines. */
  cpuMs: number;
  perSeriesMs: number;
  /** Share of series where Holt-Winters had a lower holdout MAE than the seasonal naive forecast. */
  holtWintersBetterShare: number;
  meanMaseHoltWinters: number;
  meanMaseSeasonalNaive: number;
}

/**
 * Weekly demand series (156 points = 3 years, season 52): level 100–1000, a trend of up to ±0.5% a
 * week, a yearly wave of 10–40% and 5–15% noise, multiplicative. Deterministic for a seed.
 */
export function generateWeeklySeries(count: number, points = 156, seed = 1): Float64Array[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const level = 100 + 900 * random.next();
    const growth = (random.next() - 0.5) * 0.01;
    const amplitude = 0.1 + 0.3 * random.next();
    const phase = 2 * Math.PI * random.next();
    const noise = 0.05 + 0.1 * random.next();
    return Float64Array.from({ length: points }, (_, t) =>
      Math.max(
        1,
        level *
          (1 + growth) ** t *
          (1 + amplitude * Math.sin((2 * Math.PI * t) / 52 + phase)) *
          (1 + noise * random.nextNormal()),
      ),
    );
  });
}

/**
 * Times Holt-Winters (additive, R's start values, SSE by the bounded optimiser) with a 13-week
 * holdout against the seasonal naive forecast on `count` weekly series of 156 points (default
 * 10,000; target under 10 s in total). Not pure: reads the clock and the process's CPU time.
 */
export function benchForecastHoldout(count = 10_000, seed = 1): ForecastBenchFigures {
  const series = generateWeeklySeries(count, 156, seed);
  const holdout = 13;
  let better = 0;
  let maseHw = 0;
  let maseNaive = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const s of series) {
    const result = evaluateHoltWintersHoldout(s, holdout, { period: 52 });
    if (result.holtWinters.mae < result.seasonalNaive.mae) better++;
    maseHw += result.holtWinters.mase;
    maseNaive += result.seasonalNaive.mase;
  }
  const totalMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return {
    cpuMs: (used.user + used.system) / 1000,
    series: count,
    points: 156,
    holdout,
    totalMs,
    perSeriesMs: totalMs / count,
    holtWintersBetterShare: better / count,
    meanMaseHoltWinters: maseHw / count,
    meanMaseSeasonalNaive: maseNaive / count,
  };
}
