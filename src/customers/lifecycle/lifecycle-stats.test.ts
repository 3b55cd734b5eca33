import { describe, expect, it } from 'vitest';
import { type FunnelStay, lifecycleFunnel, mean, median, staysOf, timeInStage } from './lifecycle-stats';
import type { LifecycleStage } from '../tables';

const DAY = 86_400;
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * DAY * 1000);

describe('median and mean', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
  });
});

describe('stays of one person', () => {
  it('closes each stay at the next change and leaves the last open until now', () => {
    const stays = staysOf(
      [
        { from: null, to: 'awareness', at: day(0) },
        { from: 'awareness', to: 'consideration', at: day(2) },
        { from: 'consideration', to: 'awareness', at: day(3) },
        { from: 'awareness', to: 'customer', at: day(7) },
      ],
      day(10),
    );
    expect(stays.map((s) => [s.stage, s.seconds / DAY, s.nextStage])).toEqual([
      ['awareness', 2, 'consideration'],
      ['consideration', 1, 'awareness'],
      ['awareness', 4, 'customer'],
      ['customer', 3, null],
    ]);
    // awareness twice: 2 + 4 days.
    expect(timeInStage(stays)).toEqual({ awareness: 6 * DAY, consideration: 1 * DAY, customer: 3 * DAY });
  });
});

describe('the funnel of a period', () => {
  const stay = (
    stage: LifecycleStage,
    enter: number,
    leave: number | null,
    next: LifecycleStage | null,
  ): FunnelStay => ({
    stage,
    nextStage: next,
    seconds: leave === null ? null : (leave - enter) * DAY,
  });

  it('counts entries, time in stage of those that moved on, and where they went', () => {
    // Hand-computed: four people enter awareness; A leaves after 2 days for consideration, B after 4 days
    // for consideration, C after 9 days for churned, D is still there. Median of (2, 4, 9) = 4 days,
    // mean = 5 days; consideration 2/4 = 0.5, churned 1/4 = 0.25; advance rate 2/4 = 0.5.
    // Consideration: A stays 1 day and becomes a customer, B is still there: median = mean = 1 day.
    const funnel = lifecycleFunnel([
      stay('awareness', 0, 2, 'consideration'),
      stay('awareness', 0, 4, 'consideration'),
      stay('awareness', 1, 10, 'churned'),
      stay('awareness', 3, null, null),
      stay('consideration', 2, 3, 'customer'),
      stay('consideration', 4, null, null),
      stay('customer', 3, null, null),
    ]);
    const awareness = funnel.find((f) => f.stage === 'awareness');
    expect(awareness).toEqual({
      stage: 'awareness',
      entered: 4,
      exited: 3,
      stillIn: 1,
      medianSeconds: 4 * DAY,
      meanSeconds: 5 * DAY,
      conversions: [
        { to: 'consideration', count: 2, rate: 0.5 },
        { to: 'churned', count: 1, rate: 0.25 },
      ],
      advanceRate: 0.5,
    });
    expect(funnel.find((f) => f.stage === 'consideration')).toMatchObject({
      entered: 2,
      exited: 1,
      medianSeconds: DAY,
      meanSeconds: DAY,
      conversions: [{ to: 'customer', count: 1, rate: 0.5 }],
      advanceRate: 0.5,
    });
    expect(funnel.find((f) => f.stage === 'customer')).toMatchObject({
      entered: 1,
      exited: 0,
      stillIn: 1,
      medianSeconds: null,
      conversions: [],
      advanceRate: 0,
    });
    expect(funnel.find((f) => f.stage === 'retained')).toMatchObject({ entered: 0, advanceRate: null });
    expect(funnel.map((f) => f.stage)).toEqual([
      'awareness',
      'knowledge',
      'consideration',
      'pre_sales',
      'evaluation',
      'customer',
      'retained',
      'expanded',
      'churned',
    ]);
  });
});
