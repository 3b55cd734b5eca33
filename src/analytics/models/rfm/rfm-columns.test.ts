import { describe, expect, it } from 'vitest';
import { analyzeRfmTransactions } from '../../reports/transaction-analyses';
import { idOrderOf, sortIds } from '../ranking';
import { toTransactionColumns, type Transaction } from '../transactions';
import { computeRfm } from './rfm';
import { computeRfmColumns, scoreRfmColumns } from './rfm-columns';
import { scoreRfm } from './scores';

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

describe('the tie rule of RFM scores: customer ids in numeric order when all are numbers (bug)', () => {
  // Ten customers 1 … 10 with identical purchases: every score is decided by the tie rule alone.
  const same: Transaction[] = Array.from({ length: 10 }, (_, i) => ({
    customerId: String(i + 1),
    date: day('2024-01-05'),
    amount: 20,
  }));

  it('ranks "9" before "10": numeric order gives 1, 2 → 1 … 9, 10 → 5 (text order put "10" second)', () => {
    const scores = scoreRfm(computeRfm(same, day('2024-01-31')));
    const f = Object.fromEntries(scores.map((s) => [s.customerId, s.f]));
    expect(f).toEqual({ '1': 1, '2': 1, '3': 2, '4': 2, '5': 3, '6': 3, '7': 4, '8': 4, '9': 5, '10': 5 });
    // The file path says so, and agrees.
    const report = analyzeRfmTransactions(same, { asOf: '2024-01-31' });
    expect(report.tieOrder).toBe('numeric');
    expect(Object.fromEntries(report.detail.items.rows().map((c) => [c.customerId, c.f]))).toEqual(f);
    // Equal monetary values are listed in the same order.
    expect(report.detail.items.rows().map((c) => c.customerId)).toEqual(same.map((t) => t.customerId));
  });

  it('falls back to text order when any id is not a number', () => {
    const mixed = [...same, { customerId: 'x', date: day('2024-01-05'), amount: 20 }];
    const report = analyzeRfmTransactions(mixed, { asOf: '2024-01-31' });
    expect(report.tieOrder).toBe('text');
    const f = Object.fromEntries(report.detail.items.rows().map((c) => [c.customerId, c.f]));
    // Code-unit order: 1 10 2 3 4 5 6 7 8 9 x; 11 customers, score = floor(rank · 5 / 11) + 1
    expect([f['1'], f['10'], f['2'], f['9'], f.x]).toEqual([1, 1, 1, 5, 5]);
  });

  it('orders ids: numbers by value ("7" and "07" by text), text by code units', () => {
    const ids = ['10', '9', '07', '7', '-3', '2.5'];
    expect(idOrderOf(ids)).toBe('numeric');
    expect([...sortIds(ids, 'numeric')].map((i) => ids[i])).toEqual(['-3', '2.5', '07', '7', '9', '10']);
    expect([...sortIds(ids, 'text')].map((i) => ids[i])).toEqual(['-3', '07', '10', '2.5', '7', '9']);
    const large = Array.from({ length: 5000 }, (_, i) => String((i * 7919) % 5003));
    const sorted = [...sortIds(large, 'numeric')].map((i) => Number(large[i]));
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    expect(idOrderOf(['1', 'a'])).toBe('text');
  });
});

describe('computeRfmColumns and scoreRfmColumns', () => {
  it('give the measures and scores of computeRfm and scoreRfm', () => {
    let seed = 9;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const numeric of [true, false]) {
      const transactions: Transaction[] = Array.from({ length: 3000 }, () => {
        const id = Math.floor(next() * 400);
        return {
          customerId: numeric ? String(id) : `c${id}`,
          date: new Date(Date.UTC(2023, 0, 1 + Math.floor(next() * 400))),
          amount: Math.round(next() * 50) * 2,
        };
      });
      const asOf = day('2023-12-31');
      const records = computeRfm(transactions, asOf);
      const scores = scoreRfm(records);
      const columns = toTransactionColumns(transactions);
      const rfm = computeRfmColumns(columns, Math.floor(asOf.getTime() / 86_400_000));
      const scored = scoreRfmColumns(rfm, columns.customerIds);
      expect(scored.idOrder).toBe(numeric ? 'numeric' : 'text');
      const byColumns = Array.from(rfm.customers, (c, k) => ({
        customerId: columns.customerIds[c],
        recencyDays: rfm.recencyDays[k],
        frequency: rfm.frequency[k],
        monetary: rfm.monetary[k],
        r: scored.r[k],
        f: scored.f[k],
        m: scored.m[k],
      }));
      expect(byColumns).toEqual(records.map((r, i) => ({ ...r, ...scores[i] })));
    }
  });
});
