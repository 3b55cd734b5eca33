import { describe, expect, it } from 'vitest';
import { analyzeRfmTransactions } from '../../reports/transaction-analyses';
import { parseSegmentMap } from './segment-map';

const tx = (customerId: string, iso: string, amount: number) => ({
  customerId,
  date: new Date(`${iso}T00:00:00Z`),
  amount,
});

describe('a configurable RFM score map', () => {
  it('reads rules from JSON, first match wins, unmatched scores are unclassified', () => {
    // Five customers, one per quintile on each dimension: e's scores are (5, 5, 5), a's (1, 1, 1).
    const data = [
      tx('a', '2024-01-01', 10),
      tx('b', '2024-02-01', 20),
      tx('b', '2024-02-02', 20),
      tx('c', '2024-03-01', 30),
      tx('c', '2024-03-02', 30),
      tx('c', '2024-03-03', 30),
      ...[1, 2, 3, 4].map((d) => tx('d', `2024-04-0${d}`, 40)),
      ...[1, 2, 3, 4, 5].map((d) => tx('e', `2024-05-0${d}`, 50)),
    ];
    const segmentMap = JSON.stringify([
      { segment: 'top', r: [5, 5], f: [5, 5], m: [5, 5] },
      { segment: 'good', r: [3, 5] },
      { segment: 'lapsed', r: [1, 1], m: [1, 1] },
    ]);
    const report = analyzeRfmTransactions(data, { asOf: '2024-05-31', segmentMap });
    const of = (id: string) => report.detail.items.rows().find((c) => c.customerId === id)?.segment;
    expect(['a', 'b', 'c', 'd', 'e'].map(of)).toEqual(['lapsed', 'unclassified', 'good', 'good', 'top']);
    expect(report.segments.map((s) => [s.segment, s.customers])).toEqual([
      ['top', 1],
      ['good', 2],
      ['lapsed', 1],
      ['unclassified', 1],
    ]);
    // The default map gives the standard names.
    const standard = analyzeRfmTransactions(data, { asOf: '2024-05-31' });
    expect(standard.detail.items.rows().find((c) => c.customerId === 'e')?.segment).toBe('champions');
  });

  it('names the rule and field of a bad map', () => {
    const cases: [unknown, string][] = [
      ['not json', 'field segmentMap: is not JSON'],
      ['[]', 'field segmentMap: must be a list of 1 to'],
      ['[1]', 'field segmentMap[0]: must be an object'],
      ['[{"segment":"Top Dogs"}]', 'field segmentMap[0].segment'],
      ['[{"segment":"unclassified"}]', 'field segmentMap[0].segment'],
      ['[{"segment":"a"},{"segment":"b","f":[4,2]}]', 'field segmentMap[1].f: must be a score range'],
      ['[{"segment":"a","m":[1,6]}]', 'field segmentMap[0].m'],
      ['[{"segment":"a","x":[1,2]}]', 'field segmentMap[0]: unknown key "x"'],
    ];
    for (const [map, message] of cases) expect(() => parseSegmentMap(map)).toThrow(message);
    expect(parseSegmentMap([{ segment: 'all' }])).toEqual([{ segment: 'all' }]);
  });
});
