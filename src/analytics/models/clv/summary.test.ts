import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import { missingDataMessage, readSharedData } from '../../../testing/shared-data';
import { summarizeTransactions, type Transaction } from './summary';
import { parseSummaryCsv } from './summary-csv';
import { parseWhitespaceTransactions } from './transaction-file';

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const tx = (customerId: string, iso: string, amount: number): Transaction => ({
  customerId,
  date: day(iso),
  amount,
});

/** Decimal half-up rounding to 2 places, as the published CDNOW files were written. */
const round2 = (v: number): number => Math.round(v * 100 + 1e-7) / 100;

describe('summarizeTransactions (hand-computed)', () => {
  const data = [
    tx('a', '2020-01-01', 10),
    tx('a', '2020-01-01', 5), // same day: one purchase of 15 (the first, excluded from monetary)
    tx('a', '2020-01-08', 20),
    tx('a', '2020-01-15', 4),
    tx('a', '2020-01-15', 6), // same day: 10
    tx('b', '2020-01-29', 7),
    tx('c', '2020-02-05', 99), // after the calibration end: ignored
  ];

  it('counts repeat days, recency and age in weeks = days / 7', () => {
    const s = summarizeTransactions(data, { unit: 'week', calibrationEnd: day('2020-01-29') });
    // a: first 01-01, repeats 01-08 and 01-15 → x = 2, t_x = 14/7 = 2, T = 28/7 = 4, monetary (20 + 10)/2
    expect(s).toEqual([
      { customerId: 'a', x: 2, tx: 2, T: 4, monetaryValue: 15 },
      { customerId: 'b', x: 0, tx: 0, T: 0, monetaryValue: 0 },
    ]);
  });

  it('supports days and months (365.25/12 days)', () => {
    const d = summarizeTransactions(data, { unit: 'day', calibrationEnd: day('2020-01-29') });
    expect(d[0]).toMatchObject({ x: 2, tx: 14, T: 28 });
    const m = summarizeTransactions(data, { unit: 'month', calibrationEnd: day('2020-01-29') });
    expect(m[0]?.T).toBeCloseTo(28 / 30.4375, 14);
  });

  it("with grouping 'period' merges calendar weeks (Mon–Sun) like lifetimes freq='W'", () => {
    // 2020-01-01 is a Wednesday: 01-01 and 01-05 (Sunday) share a week, 01-06 (Monday) starts the next.
    const s = summarizeTransactions(
      [tx('a', '2020-01-01', 1), tx('a', '2020-01-05', 2), tx('a', '2020-01-06', 3)],
      {
        unit: 'week',
        grouping: 'period',
        calibrationEnd: day('2020-01-20'),
        allowEndAfterData: true,
      },
    );
    expect(s[0]).toMatchObject({ x: 1, tx: 1, T: 3, monetaryValue: 3 });
    const months = summarizeTransactions([tx('a', '2020-01-31', 1), tx('a', '2020-02-01', 2)], {
      unit: 'month',
      grouping: 'period',
      calibrationEnd: day('2020-03-15'),
      allowEndAfterData: true,
    });
    expect(months[0]).toMatchObject({ x: 1, tx: 1, T: 2 });
  });

  it('throws InputError naming the record and field for bad input', () => {
    const end = { unit: 'week' as const, calibrationEnd: day('2020-01-29') };
    expect(() => summarizeTransactions([], end)).toThrow(InputError);
    expect(() =>
      summarizeTransactions([...data, { customerId: 'x', date: new Date('nope'), amount: 1 }], end),
    ).toThrow('line 8, field date: invalid date');
    expect(() => summarizeTransactions([tx('a', '2020-01-01', Number.NaN)], end)).toThrow(
      'line 1, field amount',
    );
    expect(() => summarizeTransactions(data, { unit: 'week', calibrationEnd: day('2019-12-31') })).toThrow(
      /field calibrationEnd: calibration end 2019-12-31 is outside the data/,
    );
    expect(() => summarizeTransactions(data, { unit: 'week', calibrationEnd: day('2020-03-01') })).toThrow(
      /outside the data \(2020-01-01 to 2020-02-05\)/,
    );
    const late = summarizeTransactions(data, {
      unit: 'week',
      calibrationEnd: day('2020-03-01'),
      allowEndAfterData: true,
    });
    expect(late).toHaveLength(3);
  });
});

const SAMPLE = readSharedData('CDNOW_sample.txt');
const SUMMARY = readSharedData('cdnow_customers_summary.csv');
const WITH_SPEND = readSharedData('cdnow_customers_summary_with_transactions.csv');

describe.skipIf(!SAMPLE || !SUMMARY || !WITH_SPEND)('CDNOW summary (golden)', () => {
  if (!SAMPLE || !SUMMARY || !WITH_SPEND) {
    it.skip(missingDataMessage('CDNOW_sample.txt / cdnow_customers_summary*.csv'), () => {});
    return;
  }
  const built = summarizeTransactions(
    parseWhitespaceTransactions(SAMPLE, { customerCol: 2, dateCol: 3, amountCol: 5, dateFormat: 'YYYYMMDD' }),
    { unit: 'week', calibrationEnd: day('1997-09-30') },
  );

  it('reproduces cdnow_customers_summary.csv row for row (lifetimes / Fader & Hardie data)', () => {
    const expected = parseSummaryCsv(SUMMARY, { customerId: 'ID', x: 'frequency', tx: 'recency', T: 'T' });
    expect(built).toHaveLength(2357);
    expect(expected).toHaveLength(2357);
    built.forEach((row, i) => {
      const ref = expected[i] as (typeof expected)[number];
      expect(Number(row.customerId)).toBe(Number(ref.customerId));
      expect(row.x).toBe(ref.x);
      // The csv holds days/7 rounded to 2 decimals: our exact values round to the same figures.
      expect(round2(row.tx)).toBe(ref.tx);
      expect(round2(row.T)).toBe(ref.T);
    });
    // Customer 1 (lifetimes docstring): recency 30.43, T 38.86 weeks.
    expect(built[0]).toMatchObject({ x: 2, tx: 213 / 7, T: 272 / 7 });
  });

  it('reproduces the mean repeat spend z̄ of cdnow_customers_summary_with_transactions.csv', () => {
    const expected = parseSummaryCsv(WITH_SPEND, {
      customerId: 'ID',
      x: 'x',
      tx: 't_x',
      T: 'T',
      monetaryValue: 'zbar',
    });
    built.forEach((row, i) => {
      expect(round2(row.monetaryValue)).toBe(expected[i]?.monetaryValue);
    });
  });

  it("with grouping 'period' gives lifetimes' freq='W' figures (customer 1: recency 30, T 39)", () => {
    const weekly = summarizeTransactions(
      parseWhitespaceTransactions(SAMPLE, {
        customerCol: 2,
        dateCol: 3,
        amountCol: 5,
        dateFormat: 'YYYYMMDD',
      }),
      { unit: 'week', grouping: 'period', calibrationEnd: day('1997-09-30') },
    );
    expect(weekly[0]).toMatchObject({ x: 2, tx: 30, T: 39 });
  });
});
