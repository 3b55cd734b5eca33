import { describe, expect, it } from 'vitest';
import type { CsvRecord } from './stream';
import { openWhitespace } from './whitespace';

const readAll = async (
  chunks: string[],
  columns?: NonNullable<Parameters<typeof openWhitespace>[1]>['columns'],
) => {
  const file = await openWhitespace(chunks, { columns });
  const records: CsvRecord[] = [];
  for await (const r of file.records) records.push(r);
  return { columns: file.columns, records };
};

describe('reading whitespace-separated files as a stream', () => {
  it('skips a header line without digits, counts CRLF lines across chunk edges, picks the layout by width', async () => {
    const text =
      ' customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n\r\n 00002 19970112  3   11.77\r\n';
    // Split inside a CRLF and inside a value: the same records and line numbers.
    const cut = text.indexOf('\n', 50);
    const a = await readAll([text.slice(0, cut), text.slice(cut, cut + 7), text.slice(cut + 7)], {
      4: ['customer', 'date', 'quantity', 'amount'],
      5: ['customer', '-', 'date', 'quantity', 'amount'],
    });
    expect(a.columns).toEqual(['customer', 'date', 'quantity', 'amount']);
    expect(a.records).toEqual([
      { line: 2, fields: ['00001', '19970101', '1', '11.77'] },
      { line: 4, fields: ['00002', '19970112', '3', '11.77'] },
    ]);
    const sample = await readAll([' 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118 2\r\n'], {
      4: ['customer', 'date', 'quantity', 'amount'],
      5: ['customer', '-', 'date', 'quantity', 'amount'],
    });
    expect(sample.records).toEqual([
      { line: 1, fields: ['00004', '19970101', '2', '29.33'] },
      { line: 2, fields: ['00004', '0001', '19970118', '2'], problem: 'has 4 values, expected 5' },
    ]);
    await expect(readAll(['1 2 3\n'])).rejects.toThrow(/needs its columns named/);
  });
});
