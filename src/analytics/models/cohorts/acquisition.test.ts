import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import { computeAcquisitionCohorts } from './acquisition';

const tx = (customerId: string, iso: string, amount = 10) => ({
  customerId,
  date: new Date(`${iso}T00:00:00Z`),
  amount,
});

describe('computeAcquisitionCohorts (hand-computed)', () => {
  const data = [
    tx('a', '2024-01-05', 10),
    tx('a', '2024-02-10', 20),
    tx('a', '2024-04-01', 5),
    tx('b', '2024-01-20', 7),
    tx('b', '2024-03-03', 3),
    tx('c', '2024-02-14', 1),
    tx('c', '2024-02-20', 2),
    tx('c', '2024-03-01', 4),
  ];

  it('groups by month of first purchase and counts actives per month since acquisition', () => {
    expect(computeAcquisitionCohorts(data)).toEqual([
      {
        cohort: '2024-01',
        size: 2,
        active: [2, 1, 1, 1],
        retention: [1, 0.5, 0.5, 0.5],
        revenue: [17, 20, 3, 5],
      },
      { cohort: '2024-02', size: 1, active: [1, 1, 0], retention: [1, 1, 0], revenue: [3, 4, 0] },
    ]);
  });

  it('cuts at asOf and validates input', () => {
    const cut = computeAcquisitionCohorts(data, new Date('2024-02-29T00:00:00Z'));
    expect(cut.map((c) => [c.cohort, c.active])).toEqual([
      ['2024-01', [2, 1]],
      ['2024-02', [1]],
    ]);
    expect(() => computeAcquisitionCohorts([])).toThrow(InputError);
    expect(() => computeAcquisitionCohorts([tx('a', '2024-01-01', Number.NaN)])).toThrow(
      'line 1, field amount',
    );
  });
});
