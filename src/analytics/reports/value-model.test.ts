import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/index';
import { simulateHistories } from '../models/clv/simulate';
import { fitBgNbd } from '../models/clv/bgnbd';
import { predictBgNbd, predictBgNbdAlive } from '../models/clv/bgnbd-predict';
import { downsampleWhaleCurve } from './profit-report';
import { explainModelFailure, fitValueModel, valueCustomers } from './value-model';

const never = Array.from({ length: 50 }, (_, i) => ({
  customerId: `n${i}`,
  x: 0,
  tx: 0,
  T: 10 + i,
  monetaryValue: 0,
}));
const some = [
  ...never,
  { customerId: 'r1', x: 3, tx: 8, T: 20, monetaryValue: 12 },
  { customerId: 'r2', x: 1, tx: 2, T: 30, monetaryValue: 30 },
  { customerId: 'r3', x: 5, tx: 25, T: 40, monetaryValue: 20 },
];

describe('model failures become clear 409s', () => {
  it('reports a fit that stops early with its last state, on the natural scale', () => {
    let caught: unknown;
    try {
      explainModelFailure(() => fitBgNbd(some, { maxIterations: 2 }));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    const err = caught as AppError;
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/^BG\/NBD fit did not converge after \d+ iterations/);
    expect(err.message).toMatch(
      /last parameters \(natural scale\): \[[0-9.e+-]+, [0-9.e+-]+, [0-9.e+-]+, [0-9.e+-]+\]/,
    );
    expect(err.details?.state).toBeDefined();
  });

  it('reports data without a repeat purchase, and data that identify no model', () => {
    expect(() => fitValueModel(never)).toThrow(/no customer has a repeat purchase/);
    // Three repeat buyers who never drop out: a and b run off to infinity.
    expect(() => fitValueModel(some)).toThrow(/did not converge.*last parameters/);
  });
});

describe('valueCustomers', () => {
  it('factors E[Y(t)] as G(t; x, T) · P(alive) and matches predictBgNbd', () => {
    const histories = simulateHistories(3000, 7);
    const model = fitValueModel(histories);
    const horizon = { horizon: 26, clvMonths: 6, discountRate: 0.02, unitsPerMonth: 4.345 };
    for (const v of valueCustomers(model, histories, horizon)) {
      expect(v.pAlive).toBeCloseTo(predictBgNbdAlive(model.bgnbd, v), 14);
      const direct = predictBgNbd(model.bgnbd, 26, v);
      expect(Math.abs(v.expectedPurchases - direct)).toBeLessThanOrEqual(1e-12 * Math.max(1, direct));
      expect(v.churnRisk).toBeCloseTo(1 - v.pAlive, 14);
      expect(v.clv).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('downsampleWhaleCurve', () => {
  const points = Array.from({ length: 11 }, (_, k) => ({
    customers: k,
    customerShare: k / 10,
    cumulativeProfit: k <= 7 ? k * 10 : 70 - (k - 7) * 5,
    profitShare: 0,
  }));
  it('keeps the first, the last and the peak, evenly spaced otherwise', () => {
    const peak = points[7] as (typeof points)[number];
    expect(downsampleWhaleCurve(points, peak, 3).map((p) => p.customers)).toEqual([0, 7, 10]);
    expect(downsampleWhaleCurve(points, peak, 5).map((p) => p.customers)).toEqual([0, 3, 5, 7, 10]);
    expect(downsampleWhaleCurve(points, peak, 20)).toHaveLength(11);
  });
});
