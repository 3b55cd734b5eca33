import { describe, expect, it } from 'vitest';
import { missingDataMessage, readSharedData } from '../../../testing/shared-data';
import { predictBgNbd } from './bgnbd-predict';
import { comparePurchasesByFrequency, countHoldoutPurchases } from './holdout';
import { summarizeTransactions } from './summary';
import { parseWhitespaceTransactions } from './transaction-file';

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

describe('holdout comparison (hand-computed)', () => {
  it('groups by calibration frequency with a top group maxGroup+', () => {
    const rows = [
      { x: 0, predicted: 0.2, actual: 0 },
      { x: 0, predicted: 0.4, actual: 1 },
      { x: 1, predicted: 1, actual: 2 },
      { x: 3, predicted: 2, actual: 1 },
      { x: 9, predicted: 4, actual: 5 },
    ];
    const groups = comparePurchasesByFrequency(rows, 3);
    expect(groups.map((g) => g.label)).toEqual(['0', '1', '2', '3+']);
    expect(groups[0]).toMatchObject({ customers: 2, meanActual: 0.5 });
    expect(groups[0]?.meanPredicted).toBeCloseTo(0.3, 15);
    expect(groups[2]?.customers).toBe(0);
    expect(groups[2]?.meanActual).toBeNaN();
    expect(groups[3]).toMatchObject({ customers: 2, meanPredicted: 3, meanActual: 3 });
  });

  it('counts distinct holdout purchase days in (calibrationEnd, holdoutEnd]', () => {
    const t = (customerId: string, iso: string) => ({ customerId, date: day(iso), amount: 1 });
    const counts = countHoldoutPurchases(
      [
        t('a', '2020-01-31'),
        t('a', '2020-02-01'),
        t('a', '2020-02-01'),
        t('a', '2020-02-03'),
        t('b', '2020-03-01'),
      ],
      { calibrationEnd: day('2020-01-31'), holdoutEnd: day('2020-02-29') },
    );
    expect([...counts]).toEqual([['a', 2]]);
    const weekly = countHoldoutPurchases([t('a', '2020-02-01'), t('a', '2020-02-02'), t('a', '2020-02-03')], {
      calibrationEnd: day('2020-01-31'),
      holdoutEnd: day('2020-02-29'),
      unit: 'week',
      grouping: 'period',
    });
    // Sat 02-01 and Sun 02-02 share a Monday–Sunday week; Mon 02-03 starts the next.
    expect(weekly.get('a')).toBe(2);
  });
});

const SAMPLE = readSharedData('CDNOW_sample.txt');

describe.skipIf(!SAMPLE)('CDNOW calibration (to 1997-09-30) vs holdout (39 weeks to 1998-06-30)', () => {
  it.skipIf(!SAMPLE)(
    SAMPLE
      ? 'has FHL 2005 group sizes and predictions close to the actual means'
      : missingDataMessage('CDNOW_sample.txt'),
    () => {
      const tx = parseWhitespaceTransactions(SAMPLE as string, {
        customerCol: 2,
        dateCol: 3,
        amountCol: 5,
        dateFormat: 'YYYYMMDD',
      });
      const summary = summarizeTransactions(tx, { unit: 'week', calibrationEnd: day('1997-09-30') });
      const actual = countHoldoutPurchases(tx, {
        calibrationEnd: day('1997-09-30'),
        holdoutEnd: day('1998-06-30'),
      });
      const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
      const groups = comparePurchasesByFrequency(
        summary.map((c) => ({
          x: c.x,
          predicted: predictBgNbd(params, 39, c),
          actual: actual.get(c.customerId) ?? 0,
        })),
      );
      // Group sizes of the calibration data (pinned): 1411 customers without a repeat purchase, …, 64 with 7+.
      expect(groups.map((g) => g.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
      // Pinned values of this implementation (published parameters, distinct purchase days):
      expect(groups[0]?.meanActual).toBeCloseTo(334 / 1411, 12);
      expect(groups[0]?.meanPredicted).toBeCloseTo(0.22545087915677045, 9);
      expect(groups[7]?.meanPredicted).toBeCloseTo(6.157071766779322, 9);
      expect(groups[7]?.meanActual).toBeCloseTo(6.359375, 12);
      for (const g of groups) expect(Math.abs(g.meanPredicted - g.meanActual)).toBeLessThan(0.4);
    },
  );
});
