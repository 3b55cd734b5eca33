import { describe, expect, it } from 'vitest';
import { missingDataMessage, readSharedData } from '../../../testing/shared-data';
import { InputError } from '../input-error';
import { computeForecastAccuracy } from './accuracy';
import { forecastSeasonalNaive } from './baseline';
import { evaluateHoltWintersHoldout } from './holdout';
import { parseSeriesCsv } from './series-file';

describe('seasonal naive baseline and accuracy', () => {
  it('repeats the last season', () => {
    expect(Array.from(forecastSeasonalNaive([1, 2, 3, 4, 5, 6, 7], 3, 5))).toEqual([5, 6, 7, 5, 6]);
    expect(() => forecastSeasonalNaive([1], 3, 1)).toThrow(InputError);
  });

  it('computes MAE, MAPE and MASE by hand', () => {
    // Errors 1, 2 on actuals 10, 20: MAE 1.5, MAPE (10% + 10%)/2 = 10%.
    // Training 1 3 2 6 with period 2: |2 − 1| + |6 − 3| = 4 over 2 → scale 2, MASE 0.75.
    const a = computeForecastAccuracy([10, 20], [11, 18], [1, 3, 2, 6], 2);
    expect(a.mae).toBe(1.5);
    expect(a.mape).toBeCloseTo(10, 12);
    expect(a.mase).toBe(0.75);
    expect(computeForecastAccuracy([0, 10], [1, 11], [1, 2, 3], 1).mape).toBeCloseTo(10, 12);
    expect(() => computeForecastAccuracy([1], [1, 2], [1, 2, 3])).toThrow(/field forecast/);
  });
});

describe('series file', () => {
  it('reads monthly dates without a day, sorts, and reports gaps and a short series', () => {
    const text = 'Month,Units\n2020-03,5\n2020-01,3\n2020-02,4\n2020-06,9\n';
    const s = parseSeriesCsv(text, {
      dateColumn: 'Month',
      valueColumn: 'Units',
      period: 'month',
      dateFormat: 'YYYY-MM',
    });
    expect(Array.from(s.values)).toEqual([3, 4, 5, 9]);
    expect(s.gaps).toEqual([{ after: '2020-03', before: '2020-06', missing: 2 }]);
    expect(s.problems).toEqual([
      '2 missing months between 2020-03 and 2020-06',
      '4 monthly points are too short for a season of 12: seasonal forecasting needs at least 25 (two seasons and one more)',
    ]);
  });

  it('checks weekly spacing and repeated dates, naming the line', () => {
    const weeks = 'Week,Orders\n2024-01-01,5\n2024-01-08,6\n2024-01-22,7\n';
    const s = parseSeriesCsv(weeks, { dateColumn: 'Week', valueColumn: 'Orders', period: 'week', season: 1 });
    expect(s.gaps).toEqual([{ after: '2024-01-08', before: '2024-01-22', missing: 1 }]);
    expect(() =>
      parseSeriesCsv('Week,Orders\n2024-01-01,5\n2024-01-09,6\n', {
        dateColumn: 'Week',
        valueColumn: 'Orders',
        period: 'week',
      }),
    ).toThrow(/^line 3, field Week: 2024-01-09 is not a whole number of weeks/);
    expect(() =>
      parseSeriesCsv('Day,Orders\n2024-01-01,5\n2024-01-01,6\n', {
        dateColumn: 'Day',
        valueColumn: 'Orders',
        period: 'day',
      }),
    ).toThrow(/^line 3, field Day: date 2024-01-01 repeats line 2/);
    expect(() =>
      parseSeriesCsv('Day,Orders\n2024-01-01,x\n', {
        dateColumn: 'Day',
        valueColumn: 'Orders',
        period: 'day',
      }),
    ).toThrow(/^line 2, field Orders/);
  });

  const AIR = readSharedData('AirPassengers.csv');
  it.skipIf(!AIR)(
    AIR
      ? 'AirPassengers: Holt-Winters beats the seasonal naive forecast on the 1960 holdout'
      : missingDataMessage('AirPassengers.csv'),
    () => {
      const s = parseSeriesCsv(AIR as string, {
        dateColumn: 'Month',
        valueColumn: '#Passengers',
        period: 'month',
        dateFormat: 'YYYY-MM',
      });
      expect(s.values.length).toBe(144);
      expect(s.problems).toEqual([]);
      const result = evaluateHoltWintersHoldout(s.values, 12, { period: 12, seasonal: 'multiplicative' });
      // Seasonal naive repeats 1959: 1960 was ~8% higher, MAPE ≈ 8%; Holt-Winters is far closer.
      expect(result.seasonalNaive.mape).toBeGreaterThan(5);
      expect(result.holtWinters.mape).toBeLessThan(result.seasonalNaive.mape / 2);
      expect(result.holtWinters.mase).toBeLessThan(result.seasonalNaive.mase);
      expect(result.baseline[0]).toBe(360); // January 1959
    },
  );
});
