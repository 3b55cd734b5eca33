import { describe, expect, it } from 'vitest';
import { missingDataMessage, readSharedData, relativeDifference } from '../../../testing/shared-data';
import { parseItemLines } from '../basket/basket-file';
import { InputError } from '../input-error';
import { composeDemandByCategory } from './composition';
import { computeContribution } from './contribution';
import { correlateDriver } from './driver';
import { fitPriceElasticity, predictDemandAtPrice } from './elasticity';
import { computeDemandProfile, computeHourWeekdayHeatmap, isoWeek } from './profiles';

const at = (iso: string) => new Date(`${iso}Z`);

describe('demand profiles', () => {
  it('hour × weekday heatmap: totals, and means over every such weekday in the range', () => {
    // Mon 2017-01-02 … Mon 2017-01-09: two Mondays, one of each other weekday.
    const points = [
      { time: at('2017-01-02T09:15:00'), value: 3 },
      { time: at('2017-01-02T09:45:00'), value: 1 },
      { time: at('2017-01-04T14:00:00'), value: 2 },
      { time: at('2017-01-09T09:05:00'), value: 2 },
    ];
    const h = computeHourWeekdayHeatmap(points);
    expect(h.days).toEqual([1, 2, 1, 1, 1, 1, 1]);
    expect(h.total[1]?.[9]).toBe(6);
    expect(h.mean[1]?.[9]).toBe(3);
    expect(h.total[3]?.[14]).toBe(2);
    expect(h.mean[0]?.[9]).toBe(0);
  });

  it('profiles by hour, weekday, ISO week, month and season', () => {
    const points = [
      { time: at('2017-01-01T10:00:00'), value: 1 }, // Sunday, ISO week 52 of 2016, winter
      { time: at('2017-04-10T10:00:00'), value: 2 }, // spring
      { time: at('2017-07-15T18:00:00'), value: 3 }, // summer
      { time: at('2017-12-31T18:00:00'), value: 4 }, // ISO week 52, winter
    ];
    const season = computeDemandProfile(points, 'season');
    expect(season.map((b) => [b.key, b.total])).toEqual([
      ['winter', 5],
      ['spring', 2],
      ['summer', 3],
      ['autumn', 0],
    ]);
    expect(computeDemandProfile(points, 'season', { southern: true })[2]).toMatchObject({
      key: 'summer',
      total: 5,
    });
    const hours = computeDemandProfile(points, 'hour');
    expect(hours).toHaveLength(24);
    expect(hours[18]).toMatchObject({ total: 7, share: 0.7, count: 2 });
    expect(computeDemandProfile(points, 'month')[0]).toMatchObject({ key: 1, total: 1 });
    expect(computeDemandProfile(points, 'weekday')[0]).toMatchObject({ key: 0, total: 5 }); // both Sundays
    expect(isoWeek(at('2017-01-01T00:00:00'))).toBe(52);
    expect(isoWeek(at('2015-12-31T00:00:00'))).toBe(53);
    expect(isoWeek(at('2018-01-01T00:00:00'))).toBe(1);
    expect(() =>
      computeDemandProfile([{ time: at('2017-01-01T00:00:00'), value: Number.NaN }], 'hour'),
    ).toThrow(/^line 1, field value/);
  });

  const BREAD = readSharedData('BreadBasket_DMS.csv');
  it.skipIf(!BREAD)(
    BREAD
      ? 'BreadBasket: the heatmap holds every basket; the busiest hour is late morning'
      : missingDataMessage('BreadBasket_DMS.csv'),
    () => {
      const { baskets } = parseItemLines(BREAD as string, {
        basketColumn: 'Transaction',
        itemColumn: 'Item',
        dateColumn: 'Date',
        timeColumn: 'Time',
      });
      const points = baskets.map((b) => ({ time: b.time as Date, value: 1 }));
      const h = computeHourWeekdayHeatmap(points);
      expect(h.total.flat().reduce((s, v) => s + v, 0)).toBe(9531);
      // 2016-10-30 … 2017-04-09 is 162 days: 24 Sundays, 23 of every other weekday.
      expect(h.days.reduce((s, d) => s + d, 0)).toBe(162);
      const hours = computeDemandProfile(points, 'hour');
      const busiest = hours.reduce((a, b) => (b.total > a.total ? b : a));
      expect([10, 11, 12]).toContain(busiest.key);
    },
  );
});

describe('composition by category', () => {
  it('splits each period by category with shares', () => {
    const rows = composeDemandByCategory(
      [
        { time: at('2017-01-02T10:00:00'), category: 'coffee', value: 3 },
        { time: at('2017-01-08T10:00:00'), category: 'tea', value: 1 }, // Sunday: same week
        { time: at('2017-01-09T10:00:00'), category: 'tea', value: 2 },
        { time: at('2017-01-02T11:00:00'), category: 'coffee', value: 1 },
      ],
      'week',
    );
    expect(rows).toEqual([
      {
        period: '2017-01-02',
        total: 5,
        categories: [
          { category: 'coffee', value: 4, share: 0.8 },
          { category: 'tea', value: 1, share: 0.2 },
        ],
      },
      { period: '2017-01-09', total: 2, categories: [{ category: 'tea', value: 2, share: 1 }] },
    ]);
    expect(
      composeDemandByCategory([{ time: at('2017-03-05T00:00:00'), category: 'x', value: 1 }], 'month')[0]
        ?.period,
    ).toBe('2017-03');
  });
});

describe('price response and outside drivers', () => {
  it('log-log elasticity: exact on a constant-elasticity curve', () => {
    const fit = fitPriceElasticity([1, 2, 4, 8].map((price) => ({ price, quantity: 100 * price ** -1.5 })));
    expect(fit.elasticity).toBeCloseTo(-1.5, 12);
    expect(Math.exp(fit.intercept)).toBeCloseTo(100, 9);
    expect(fit.rSquared).toBeCloseTo(1, 12);
    expect(predictDemandAtPrice(fit, 3)).toBeCloseTo(100 * 3 ** -1.5, 9);
  });

  it('log-log elasticity with its t interval matches scipy.stats.linregress and t.ppf', () => {
    const prices = [1.0, 1.2, 1.5, 1.8, 2.0, 2.4, 2.5, 3.0];
    const quantities = [120, 101, 85, 70, 62, 50, 49, 40];
    const fit = fitPriceElasticity(prices.map((price, i) => ({ price, quantity: quantities[i] as number })));
    // scipy 1.17.1: slope −1.0060530845945137, stderr 0.025383315577165538, intercept 4.812689419651751,
    // 95% CI (t, 6 df) [−1.068163820301633, −0.9439423488873944], R² 0.9961950362096822.
    expect(relativeDifference(fit.elasticity, -1.0060530845945137)).toBeLessThan(1e-12);
    expect(relativeDifference(fit.standardError, 0.025383315577165538)).toBeLessThan(1e-10);
    expect(relativeDifference(fit.intercept, 4.812689419651751)).toBeLessThan(1e-12);
    expect(relativeDifference(fit.confidenceInterval[0], -1.068163820301633)).toBeLessThan(1e-10);
    expect(relativeDifference(fit.confidenceInterval[1], -0.9439423488873944)).toBeLessThan(1e-10);
    expect(relativeDifference(fit.rSquared, 0.9961950362096822)).toBeLessThan(1e-12);
    expect(fit.degreesOfFreedom).toBe(6);
    expect(() =>
      fitPriceElasticity([{ price: 1, quantity: 0 }, ...prices.map((price) => ({ price, quantity: 1 }))]),
    ).toThrow(/^line 1, field quantity/);
    expect(() => fitPriceElasticity([1, 1, 1].map((price) => ({ price, quantity: 2 })))).toThrow(InputError);
  });

  it('driver correlation aligned by date matches scipy.stats.pearsonr', () => {
    const temps = [12, 15, 11, 18, 20, 22, 19, 25, 24, 16];
    const sales = [100, 110, 98, 130, 150, 160, 135, 170, 168, 120];
    const day = (i: number) => `2017-06-${String(i + 1).padStart(2, '0')}`;
    const demand = [...sales.map((value, i) => ({ date: day(i), value })), { date: '2017-07-01', value: 5 }];
    // Driver given in another order, with one extra date.
    const driver = [
      { date: '2017-05-31', value: 0 },
      ...temps.map((value, i) => ({ date: day(i), value })).reverse(),
    ];
    const c = correlateDriver(demand, driver);
    // scipy 1.17.1: r 0.9891584753340239, p 5.965929988971294e-08, 95% CI (Fisher z)
    // [0.95316107451401, 0.997525625384172].
    expect(relativeDifference(c.r, 0.9891584753340239)).toBeLessThan(1e-12);
    expect(relativeDifference(c.pValue, 5.965929988971294e-8)).toBeLessThan(1e-8);
    expect(relativeDifference(c.confidenceInterval[0], 0.95316107451401)).toBeLessThan(1e-12);
    expect(relativeDifference(c.confidenceInterval[1], 0.997525625384172)).toBeLessThan(1e-12);
    expect(c).toMatchObject({ n: 10, unmatchedDemand: 1, unmatchedDriver: 1 });
  });
});

describe('contribution', () => {
  it('per segment and price after variable costs, fixed costs only off the total', () => {
    const report = computeContribution(
      [
        { segment: 'business', price: 200, units: 10, variableCostPerUnit: 40 },
        { segment: 'business', price: 150, units: 4, variableCostPerUnit: 40 },
        { segment: 'leisure', price: 90, units: 30, variableCostPerUnit: 40 },
      ],
      2000,
    );
    // business: revenue 2000 + 600 = 2600, variable 560, contribution 2040; leisure: 2700 − 1200 = 1500.
    expect(report.segments.map((s) => [s.segment, s.contribution])).toEqual([
      ['business', 2040],
      ['leisure', 1500],
    ]);
    expect(report.segments[0]?.byPrice.map((p) => [p.price, p.contribution, p.perUnit])).toEqual([
      [150, 440, 110],
      [200, 1600, 160],
    ]);
    expect(report.total).toMatchObject({ units: 44, revenue: 5300, variableCost: 1760, contribution: 3540 });
    expect(report.total.margin).toBeCloseTo(3540 / 5300, 14);
    expect(report.operatingProfit).toBe(1540);
    expect(() =>
      computeContribution([{ segment: 'x', price: -1, units: 1, variableCostPerUnit: 0 }]),
    ).toThrow(/field price/);
  });
});

const HOTEL = readSharedData('hotel_bookings.csv');
describe.skipIf(!HOTEL)('hotel booking demand (Antonio, de Almeida & Nunes 2019)', () => {
  if (!HOTEL) {
    it.skip(missingDataMessage('hotel_bookings.csv'), () => {});
    return;
  }
  it('arrivals by month and hotel add up to the published 40,060 resort and 79,330 city bookings', () => {
    const lines = HOTEL.split('\n').filter((l) => l !== '');
    const header = (lines[0] as string).split(',');
    const col = (name: string) => header.indexOf(name);
    const [hotel, year, month, day] = [
      col('hotel'),
      col('arrival_date_year'),
      col('arrival_date_month'),
      col('arrival_date_day_of_month'),
    ];
    const months = [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ];
    const points = lines.slice(1).map((line) => {
      const f = line.split(',');
      const time = new Date(Date.UTC(Number(f[year]), months.indexOf(f[month] as string), Number(f[day])));
      return { time, category: f[hotel] as string, value: 1 };
    });
    const rows = composeDemandByCategory(points, 'month');
    // Arrivals 2015-07 … 2017-08: 26 months.
    expect(rows.map((r) => r.period)).toHaveLength(26);
    expect(rows[0]?.period).toBe('2015-07');
    const totals = new Map<string, number>();
    for (const r of rows)
      for (const c of r.categories) totals.set(c.category, (totals.get(c.category) ?? 0) + c.value);
    expect(Object.fromEntries(totals)).toEqual({ 'City Hotel': 79330, 'Resort Hotel': 40060 });
    const season = computeDemandProfile(points, 'season');
    expect(season.reduce((s, b) => s + b.total, 0)).toBe(119390);
  });
});
