import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import { computeTopShare } from '../ranking';
import { computeTopRevenueShare } from './concentration';
import { computeSegmentMigration } from './migration';
import { computeRfm, type RfmRecord } from './rfm';
import { scoreRfm } from './scores';
import { classifyRfm, segmentRfm } from './segments';

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const tx = (customerId: string, iso: string, amount = 10) => ({ customerId, date: day(iso), amount });

describe('computeRfm', () => {
  it('measures recency in days, counts and sums up to the as-of date (hand-computed)', () => {
    const rows = computeRfm(
      [
        tx('a', '2024-01-01', 10),
        tx('a', '2024-01-20', 30),
        tx('b', '2024-01-31', 5),
        tx('c', '2024-02-01', 100),
        tx('a', '2024-02-02'),
      ],
      day('2024-01-31'),
    );
    expect(rows).toEqual([
      { customerId: 'a', recencyDays: 11, frequency: 2, monetary: 40 },
      { customerId: 'b', recencyDays: 0, frequency: 1, monetary: 5 },
    ]);
    expect(() => computeRfm([tx('a', '2024-01-01', Number.NaN)], day('2024-01-31'))).toThrow(
      'line 1, field amount',
    );
    expect(() => computeRfm([{ customerId: 'a', date: new Date(''), amount: 1 }], day('2024-01-31'))).toThrow(
      InputError,
    );
  });
});

// Ten customers; scores worked out by hand with the tie rule (rank worst → best, ties by id,
// score = floor(rank · 5 / 10) + 1).
const TEN: RfmRecord[] = [
  [5, 3, 100],
  [50, 1, 20],
  [5, 4, 300],
  [200, 1, 20],
  [30, 5, 500],
  [1, 9, 900],
  [90, 2, 50],
  [15, 6, 600],
  [60, 5, 450],
  [10, 3, 120],
].map(([recencyDays, frequency, monetary], i) => ({
  customerId: `c${String(i + 1).padStart(2, '0')}`,
  recencyDays: recencyDays as number,
  frequency: frequency as number,
  monetary: monetary as number,
}));

describe('scoreRfm and segments', () => {
  it('scores quintiles with the stated tie rule', () => {
    const scores = scoreRfm(TEN).map((s) => `${s.customerId}:${s.r}${s.f}${s.m}`);
    // recency order (most days first): c04 c07 c09 c02 c05 c08 c10 c01 c03 c06 (c01 before c03: tie on 5 days)
    // frequency order: c02 c04 c07 c01 c10 c03 c05 c09 c08 c06; monetary: c02 c04 c07 c01 c10 c03 c09 c05 c08 c06
    expect(scores).toEqual([
      'c01:422',
      'c02:211',
      'c03:533',
      'c04:111',
      'c05:344',
      'c06:555',
      'c07:122',
      'c08:355',
      'c09:244',
      'c10:433',
    ]);
    // Input order does not matter.
    const reversed = scoreRfm([...TEN].reverse());
    expect(reversed.find((s) => s.customerId === 'c03')).toEqual({ customerId: 'c03', r: 5, f: 3, m: 3 });
  });

  it('maps scores to the default segments', () => {
    const segments = segmentRfm(scoreRfm(TEN)).map((s) => s.segment);
    expect(segments).toEqual([
      'potential_loyalist',
      'hibernating',
      'potential_loyalist',
      'lost',
      'loyal',
      'champions',
      'hibernating',
      'loyal',
      'at_risk',
      'potential_loyalist',
    ]);
    const cell = (r: number, f: number) => classifyRfm({ customerId: 'x', r, f, m: 3 });
    expect([cell(5, 1), cell(4, 1), cell(3, 3), cell(3, 1), cell(2, 5), cell(1, 5), cell(1, 2)]).toEqual([
      'new',
      'promising',
      'need_attention',
      'about_to_sleep',
      'cannot_lose',
      'cannot_lose',
      'hibernating',
    ]);
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(cell(r, f)).not.toBe('unclassified');
  });

  it('accepts a custom score map', () => {
    const rules = [{ segment: 'vip', m: [5, 5] as const }, { segment: 'rest' }];
    const vip = segmentRfm(scoreRfm(TEN), rules)
      .filter((s) => s.segment === 'vip')
      .map((s) => s.customerId);
    expect(vip).toEqual(['c06', 'c08']);
    expect(classifyRfm({ customerId: 'x', r: 1, f: 1, m: 1 }, [{ segment: 'only', r: [5, 5] }])).toBe(
      'unclassified',
    );
  });

  it('top 20% share of revenue: (900 + 600) / 3060', () => {
    expect(computeTopRevenueShare(TEN)).toBeCloseTo(1500 / 3060, 15);
    expect(computeTopShare([50, 20, 10, 10, 10])).toBe(0.5);
    expect(computeTopShare([0, 0])).toBeNaN();
  });
});

describe('computeSegmentMigration (hand-computed)', () => {
  const data = [
    tx('p', '2024-01-30'),
    tx('q', '2024-01-10'),
    tx('q', '2024-01-20'),
    tx('r', '2023-12-01'),
    tx('r', '2023-12-15'),
    tx('r', '2024-01-05'),
    tx('s', '2023-11-01'),
    tx('t', '2024-01-25'),
    tx('t', '2024-01-26'),
    tx('t', '2024-01-27'),
    tx('t', '2024-01-28'),
    tx('u', '2024-03-30'),
    tx('p', '2024-03-29'),
    tx('p', '2024-03-30'),
    tx('p', '2024-03-31'),
  ];

  it('counts moves between segments, with newcomers from "absent"', () => {
    // 2024-01-31 (5 customers): p new, q need_attention, r at_risk, s hibernating, t loyal.
    // 2024-03-31 (6 customers): p champions, q hibernating, r at_risk, s lost, t loyal, u promising.
    const { labels, counts } = computeSegmentMigration(data, day('2024-01-31'), day('2024-03-31'));
    const moves: string[] = [];
    counts.forEach((row, i) => {
      row.forEach((n, j) => {
        if (n > 0) moves.push(`${labels[i]}→${labels[j]}:${n}`);
      });
    });
    expect(moves.sort()).toEqual([
      'absent→promising:1',
      'at_risk→at_risk:1',
      'hibernating→lost:1',
      'loyal→loyal:1',
      'need_attention→hibernating:1',
      'new→champions:1',
    ]);
    expect(labels[0]).toBe('absent');
    expect(labels.at(-1)).toBe('unclassified');
    expect(() => computeSegmentMigration(data, day('2024-03-31'), day('2024-01-31'))).toThrow(InputError);
  });
});
