import { computeEmsrb, decideBookingRequest, type FareClass } from '../src/analytics/index';

/** Figures of the yield benchmark (milliseconds). */
export interface YieldBenchFigures {
  /** EMSR-b booking limits for 365 dates × 6 classes (median of runs); target < 200 ms. */
  bookingLimitsYearMs: number;
  /** One accept/deny decision for 2 units × 3 nights (mean over many); target well under 1 ms. */
  decisionMs: number;
  runs: number;
}

/**
 * Times EMSR-b over a year of dates (demand scaled by a weekly and a yearly wave) and the
 * accept/deny decision of a multi-night request. Not pure: reads the clock.
 */
export function benchYield(runs = 21): YieldBenchFigures {
  const base: FareClass[] = [
    { name: 'rack', fare: 220, mean: 12, sd: 5 },
    { name: 'corporate', fare: 180, mean: 20, sd: 7 },
    { name: 'advance', fare: 150, mean: 25, sd: 8 },
    { name: 'package', fare: 130, mean: 20, sd: 7 },
    { name: 'group', fare: 110, mean: 30, sd: 10 },
    { name: 'opaque', fare: 90, mean: 40, sd: 12 },
  ];
  const dates = Array.from({ length: 365 }, (_, d) => {
    const scale = (1 + 0.2 * Math.sin((2 * Math.PI * d) / 7)) * (1 + 0.3 * Math.sin((2 * Math.PI * d) / 365));
    return base.map((c) => ({ ...c, mean: c.mean * scale, sd: c.sd * Math.sqrt(scale) }));
  });
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (const classes of dates) computeEmsrb(classes, 120);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const request = {
    units: 2,
    fare: 140,
    nights: [0, 1, 2].map((d) => ({
      night: `day ${d}`,
      unitsLeft: 40 + d,
      classes: dates[d] as FareClass[],
    })),
  };
  const decisions = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < decisions; i++) decideBookingRequest(request);
  return {
    bookingLimitsYearMs: times[Math.floor(runs / 2)] as number,
    decisionMs: (performance.now() - t0) / decisions,
    runs,
  };
}
