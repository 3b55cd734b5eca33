import { describe, expect, it } from 'vitest';
import { missingDataMessage, readSharedData } from '../../../testing/shared-data';
import { InputError } from '../input-error';
import { lgamma } from '../math/gamma';
import { computeBidPrices, computeDisplacementCost } from './bid-price';
import { decideBookingRequest } from './booking-request';
import { parseFareClassCsv } from './class-file';
import { computeEmsrb } from './emsrb';
import type { FareClass } from './fare-classes';
import { computeLittlewoodProtection } from './littlewood';
import { binomialUpperTail, computeOverbookingLimit, estimateShowProbability } from './overbooking';
import { generateDemandScenarios, simulateRevenuePolicies } from './simulate';
import { computeYieldFigures } from './yield-figures';

/**
 * Fiig, Isler, Hopperstad & Belobaba (2010), "Optimization of mixed fare structures: theory and
 * applications", J. Revenue and Pricing Management 9(1/2):152–170, Table 2: six classes, capacity
 * 100, EMSR-b booking limits 100, 80, 65, 46, 20, 0 (as reproduced by flix-tech/RevPy,
 * examples/EMSRb-MR_example.ipynb @ 14b43d1, "Reproduce table 2").
 */
const FIIG: FareClass[] = [
  { name: '1', fare: 1200, mean: 31.2, sd: 11.2 },
  { name: '2', fare: 1000, mean: 10.9, sd: 6.6 },
  { name: '3', fare: 800, mean: 14.8, sd: 7.7 },
  { name: '4', fare: 600, mean: 19.9, sd: 8.9 },
  { name: '5', fare: 400, mean: 26.9, sd: 10.4 },
  { name: '6', fare: 200, mean: 36.3, sd: 12 },
];

describe('Littlewood and EMSR-b', () => {
  it("Littlewood's rule: y = μ + σ Φ⁻¹(1 − r₂/r₁)", () => {
    // 80 + 20 Φ⁻¹(0.4) = 74.933057937284 (scipy.stats.norm.ppf)
    expect(computeLittlewoodProtection(100, 60, { mean: 80, sd: 20 })).toBeCloseTo(74.933057937284, 10);
    expect(computeLittlewoodProtection(100, 60, { mean: 80, sd: 20 }, 50)).toBe(50);
    expect(computeLittlewoodProtection(100, 50, { mean: 80, sd: 20 })).toBeCloseTo(80, 12);
    expect(() => computeLittlewoodProtection(60, 100, { mean: 80, sd: 20 })).toThrow(InputError);
  });

  it('EMSR-b gives the booking limits of Fiig et al. (2010), Table 2', () => {
    const controls = computeEmsrb(FIIG, 100);
    expect(controls.bookingLimit).toEqual([100, 80, 65, 46, 20, 0]);
    // Continuous levels, computed with scipy.stats.norm.ppf from eq. 2.13-2.14.
    const expected = [20.36487845966095, 35.404702515546305, 54.33898695587652, 80.07351698015307, 100];
    controls.protection.slice(0, 4).forEach((y, j) => {
      expect(y).toBeCloseTo(expected[j] as number, 9);
    });
    expect(controls.protection[4]).toBe(100); // 117.4 clamped to the capacity
    expect(controls.protectionUnits).toEqual([20, 35, 54, 80, 100, 100]);
  });

  it('rejects fares out of order and non-positive spreads, naming the class', () => {
    const swapped = [FIIG[1], FIIG[0]] as FareClass[];
    expect(() => computeEmsrb(swapped, 100)).toThrow(/^line 2, field fare: class 1: fares must fall/);
    expect(() => computeEmsrb([{ name: 'Y', fare: 100, mean: 5, sd: 0 }], 10)).toThrow(/^line 1, field sd/);
  });
});

describe('bid prices and accept/deny', () => {
  it('bid prices are the fare of the lowest open class', () => {
    expect(computeBidPrices([100, 80, 50], [3, 7, 10], 10)).toEqual([
      100, 100, 100, 80, 80, 80, 80, 50, 50, 50,
    ]);
  });

  it('the displacement test reproduces the EMSR-b protection level', () => {
    // Class 2 (1000) against class 1 (1200, N(31.2, 11.2²)): y₁ = 20.36, so a class-2 unit is worth
    // selling with 21 units left and not with 20.
    expect(computeDisplacementCost(FIIG, 1000, 21)).toBeLessThan(1000);
    expect(computeDisplacementCost(FIIG, 1000, 20)).toBeGreaterThan(1000);
    expect(computeDisplacementCost(FIIG, 1300, 1)).toBe(0);
  });

  it('decides multi-unit, multi-night requests with a reason', () => {
    const classes = [{ name: 'rack', fare: 200, mean: 10, sd: 3 }];
    // 2 units at 100 with 5 left: 200(1 − Φ(−5/3)) + 200(1 − Φ(−2)) = 385.89 > 200 → deny.
    const tight = decideBookingRequest({
      units: 2,
      fare: 100,
      nights: [{ night: '2017-08-01', unitsLeft: 5, classes }],
    });
    expect(tight.decision).toBe('deny');
    expect(tight.displacementCost).toBeCloseTo(385.89190315580123, 8);
    expect(tight.reason).toBe('revenue 200.00 is below the 385.89 expected from higher fares');
    const loose = decideBookingRequest({
      units: 2,
      fare: 100,
      nights: [
        { night: '2017-08-01', unitsLeft: 40, classes },
        { night: '2017-08-02', unitsLeft: 40, classes },
      ],
    });
    expect(loose.decision).toBe('accept');
    expect(loose.revenue).toBe(400);
    expect(loose.nights).toHaveLength(2);
    const full = decideBookingRequest({
      units: 3,
      fare: 500,
      nights: [{ night: '2017-08-03', unitsLeft: 2, classes }],
    });
    expect(full).toMatchObject({ decision: 'deny', reason: 'only 2 unit(s) left on 2017-08-03, 3 asked' });
    expect(() => decideBookingRequest({ units: 0, fare: 1, nights: [] })).toThrow(/field units/);
  });
});

describe('overbooking', () => {
  it('binomial tail', () => {
    expect(binomialUpperTail(3, 0.5, 2)).toBeCloseTo(0.5, 14);
    expect(binomialUpperTail(3, 0.5, 3)).toBeCloseTo(0.125, 14);
    expect(binomialUpperTail(3, 0.5, 4)).toBe(0);
  });

  it('hand case: C = 1, q = ½, r = 1, D = 3 → accept 2 bookings', () => {
    // E[revenue](b) = b·r − D·E[(Bin(b, ½) − 1)⁺]: b=1 → 1, b=2 → 2 − 3·¼ = 1.25, b=3 → 3 − 3·⅝ = 1.125.
    const o = computeOverbookingLimit({ capacity: 1, showProbability: 0.5, revenue: 1, deniedCost: 3 });
    expect(o.limit).toBe(2);
    expect(o.criticalRatio).toBeCloseTo(2 / 3, 14);
    expect(o.denialProbability).toBeCloseTo(0.25, 14);
    expect(o.expectedDenied).toBeCloseTo(0.25, 14);
  });

  const expectedRevenue = (b: number, c: number, q: number, r: number, d: number): number => {
    // Independent: the binomial pmf in log form, summed directly.
    let denied = 0;
    for (let k = c + 1; k <= b; k++) {
      const logPmf =
        lgamma(b + 1) - lgamma(k + 1) - lgamma(b - k + 1) + k * Math.log(q) + (b - k) * Math.log1p(-q);
      denied += (k - c) * Math.exp(logPmf);
    }
    return b * r - d * denied;
  };

  it('the limit maximises expected revenue minus denied-service cost (brute force)', () => {
    for (const [c, q, r, d] of [
      [100, 0.9, 120, 400],
      [50, 0.75, 80, 200],
      [200, 0.95, 150, 1000],
    ] as const) {
      const { limit } = computeOverbookingLimit({
        capacity: c,
        showProbability: q,
        revenue: r,
        deniedCost: d,
      });
      let best = c;
      for (let b = c; b <= 3 * c; b++)
        if (expectedRevenue(b, c, q, r, d) > expectedRevenue(best, c, q, r, d)) best = b;
      expect(limit).toBe(best);
    }
  });

  const HOTEL = readSharedData('hotel_bookings.csv');
  it.skipIf(!HOTEL)(
    HOTEL
      ? 'show-up rate of the hotel booking data and its overbooking limit'
      : missingDataMessage('hotel_bookings.csv'),
    () => {
      const lines = (HOTEL as string).split('\n').filter((l) => l !== '');
      const header = (lines[0] as string).split(',');
      const col = header.indexOf('is_canceled');
      const canceled = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[col]), 0);
      // SOURCES.md: 119,390 bookings, is_canceled sums to 44,224 (cancellations and no-shows).
      expect(lines.length - 1).toBe(119390);
      expect(canceled).toBe(44224);
      const q = estimateShowProbability(119390, canceled);
      expect(q).toBeCloseTo(0.629584, 6);
      const o = computeOverbookingLimit({ capacity: 100, showProbability: q, revenue: 100, deniedCost: 300 });
      let best = 100;
      for (let b = 100; b <= 250; b++)
        if (expectedRevenue(b, 100, q, 100, 300) > expectedRevenue(best, 100, q, 100, 300)) best = b;
      expect(o.limit).toBe(best);
      expect(o.limit).toBeGreaterThan(150);
    },
  );
});

describe('yield figures, policy simulation and the class file', () => {
  it('occupancy, ADR and RevPAR by hand; the total from sums', () => {
    const { days, total } = computeYieldFigures([
      { date: '2017-08-01', available: 100, sold: 80, revenue: 8000 },
      { date: '2017-08-02', available: 100, sold: 0, revenue: 0 },
    ]);
    expect(days[0]).toEqual({ date: '2017-08-01', occupancy: 0.8, adr: 100, revpar: 80 });
    expect(days[1]?.adr).toBeNaN();
    expect(total).toEqual({ date: 'total', occupancy: 0.4, adr: 100, revpar: 40 });
    expect(() => computeYieldFigures([{ date: 'x', available: 10, sold: 11, revenue: 0 }])).toThrow(
      InputError,
    );
  });

  it('EMSR-b, first come first served and hindsight on a hand case', () => {
    // y₁ = 5 + σ Φ⁻¹(1 − 50/100) = 5: class 2 may sell 5. Demand (8, 10), capacity 10.
    const classes = [
      { name: 'high', fare: 100, mean: 5, sd: 2 },
      { name: 'low', fare: 50, mean: 10, sd: 3 },
    ];
    const r = simulateRevenuePolicies(classes, 10, [[8, 10]]);
    expect(r.bookingLimits).toEqual([10, 5]);
    expect(r.hindsight.revenue).toBe(900); // 8·100 + 2·50
    expect(r.emsrb.revenue).toBe(750); // 5·50 + 5·100
    expect(r.firstComeFirstServed.revenue).toBe(500); // 10·50
    expect(r.emsrb.shareOfOptimum).toBeCloseTo(750 / 900, 14);
  });

  it('on generated demand, EMSR-b beats first come first served and stays below hindsight', () => {
    const scenarios = generateDemandScenarios(FIIG, 2000, 7);
    expect(generateDemandScenarios(FIIG, 3, 7)).toEqual(scenarios.slice(0, 3));
    const r = simulateRevenuePolicies(FIIG, 100, scenarios);
    expect(r.hindsight.shareOfOptimum).toBe(1);
    expect(r.emsrb.shareOfOptimum).toBeLessThanOrEqual(1);
    expect(r.emsrb.shareOfOptimum).toBeGreaterThan(r.firstComeFirstServed.shareOfOptimum);
    expect(r.emsrb.shareOfOptimum).toBeGreaterThan(0.85);
  });

  it('parses a class file and names the line of a fare out of order or a bad spread', () => {
    const text = 'class,fare,mean,sd\nY,1200,31.2,11.2\nB,1000,10.9,6.6\n';
    expect(parseFareClassCsv(text)).toEqual(FIIG.slice(0, 2).map((c, i) => ({ ...c, name: ['Y', 'B'][i] })));
    expect(() => parseFareClassCsv('class,fare,mean,sd\nY,1000,1,1\nB,1200,1,1\n')).toThrow(
      /^line 3, field fare: fare 1200 is not below 1000 on line 2/,
    );
    expect(() => parseFareClassCsv('Class,Fare,Mean,SD\nY,1000,1,0\n')).toThrow(
      /^line 2, field sd: the spread must be > 0/,
    );
    expect(() => parseFareClassCsv('class,fare,mean\nY,1,1\n')).toThrow(/^line 1, field sd: no such column/);
    expect(() => parseFareClassCsv('class,fare,mean,sd\nY,abc,1,1\n')).toThrow(/^line 2, field fare/);
  });
});
