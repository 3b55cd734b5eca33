import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import { computeCustomerProfit } from './customer-profit';
import { computeProfitDeciles, computeProfitShares, computeWhaleCurve } from './distribution';

const ORDERS = [
  { customerId: 'A', revenue: 600, costOfGoods: 350 },
  { customerId: 'A', revenue: 400, costOfGoods: 250 },
  { customerId: 'B', revenue: 500, costOfGoods: 300 },
  { customerId: 'C', revenue: 200, costOfGoods: 100 },
  { customerId: 'D', revenue: 100, costOfGoods: 80 },
];
const ACTIVITIES = [
  { customerId: 'A', activity: 'order', quantity: 5 },
  { customerId: 'A', activity: 'visit', quantity: 1 },
  { customerId: 'B', activity: 'order', quantity: 2 },
  { customerId: 'B', activity: 'support_call', quantity: 2 },
  { customerId: 'C', activity: 'order', quantity: 1 },
  { customerId: 'D', activity: 'order', quantity: 1 },
  { customerId: 'D', activity: 'return', quantity: 2 },
  { customerId: 'D', activity: 'support_call', quantity: 4 },
  { customerId: 'E', activity: 'support_call', quantity: 1 },
];
const COSTS = { order: 10, support_call: 25, return: 15, visit: 100 };

// Hand-computed: profit A = 1000 − 600 − (50 + 100) = 250, B = 500 − 300 − (20 + 50) = 130,
// C = 200 − 100 − 10 = 90, D = 100 − 80 − (10 + 30 + 100) = −120, E = −25; total 325.
const profits = computeCustomerProfit(ORDERS, ACTIVITIES, COSTS);

describe('customer profitability', () => {
  it('computes revenue, cost of goods, activity cost to serve and profit', () => {
    expect(profits.map((p) => [p.customerId, p.profit])).toEqual([
      ['A', 250],
      ['B', 130],
      ['C', 90],
      ['D', -120],
      ['E', -25],
    ]);
    expect(profits[3]).toMatchObject({
      revenue: 100,
      costOfGoods: 80,
      grossMargin: 20,
      costToServe: 140,
      costToServeByActivity: { order: 10, return: 30, support_call: 100 },
    });
    expect(() =>
      computeCustomerProfit([], [{ customerId: 'x', activity: 'fax', quantity: 1 }], COSTS),
    ).toThrow('line 1, field activity: no unit cost for activity "fax"');
    expect(() =>
      computeCustomerProfit([{ customerId: 'x', revenue: Number.NaN, costOfGoods: 0 }], [], COSTS),
    ).toThrow(InputError);
  });

  it('whale curve: cumulative 250, 380, 470, 445, 325; peak 470 = 144.6% at 60% of customers', () => {
    const curve = computeWhaleCurve(profits);
    expect(curve.points.map((p) => p.cumulativeProfit)).toEqual([0, 250, 380, 470, 445, 325]);
    expect(curve.totalProfit).toBe(325);
    expect(curve.peak).toMatchObject({ customers: 3, customerShare: 0.6, cumulativeProfit: 470 });
    expect(curve.peak.profitShare).toBeCloseTo(470 / 325, 15);
    expect(curve.points.at(-1)?.profitShare).toBe(1);
  });

  it('top and bottom 20% shares: 250/325 and −120/325', () => {
    const shares = computeProfitShares(profits);
    expect(shares.top).toBeCloseTo(250 / 325, 15);
    expect(shares.bottom).toBeCloseTo(-120 / 325, 15);
  });

  it('deciles: five customers land in deciles 1, 3, 5, 7, 9', () => {
    const deciles = computeProfitDeciles(profits);
    expect(deciles).toHaveLength(10);
    expect(deciles.map((d) => d.customers)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(deciles.map((d) => d.profit)).toEqual([250, 0, 130, 0, 90, 0, -25, 0, -120, 0]);
    expect(deciles[0]?.revenue).toBe(1000);
    expect(deciles[0]?.profitShare).toBeCloseTo(250 / 325, 15);
    // Twenty customers: two per decile; ties broken by id.
    const twenty = Array.from({ length: 20 }, (_, i) => ({ customerId: `k${i}`, revenue: 1, profit: i % 2 }));
    expect(computeProfitDeciles(twenty).map((d) => d.profit)).toEqual([2, 2, 2, 2, 2, 0, 0, 0, 0, 0]);
  });
});
