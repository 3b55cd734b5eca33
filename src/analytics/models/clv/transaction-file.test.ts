import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import { missingDataMessage, readSharedData } from '../../../testing/shared-data';
import { parseCsvTransactions, parseWhitespaceTransactions } from './transaction-file';

const CDNOW_LINES = [
  ' 00004 0001 19970101  2   29.33',
  ' 00004 0001 19970118  2   29.73',
  ' 00021 0002 19970101  3   63.34',
].join('\r\n');
const options = { customerCol: 2, dateCol: 3, amountCol: 5, dateFormat: 'YYYYMMDD' };

describe('parseWhitespaceTransactions', () => {
  it('reads space-padded CRLF lines by 1-based column', () => {
    expect(parseWhitespaceTransactions(`${CDNOW_LINES}\r\n\r\n`, options)).toEqual([
      { customerId: '0001', date: new Date('1997-01-01T00:00:00Z'), amount: 29.33 },
      { customerId: '0001', date: new Date('1997-01-18T00:00:00Z'), amount: 29.73 },
      { customerId: '0002', date: new Date('1997-01-01T00:00:00Z'), amount: 63.34 },
    ]);
  });

  it('skips a header and accepts other date formats', () => {
    const text = 'id when spend\nA 31-12-2020 5\nB 01-02-2021 6.5\n';
    const rows = parseWhitespaceTransactions(text, {
      customerCol: 1,
      dateCol: 2,
      amountCol: 3,
      dateFormat: 'DD-MM-YYYY',
      skipLines: 1,
    });
    expect(rows.map((r) => r.date.toISOString().slice(0, 10))).toEqual(['2020-12-31', '2021-02-01']);
  });

  it('names the line and field of bad input', () => {
    const bad = (line: string): string => `${CDNOW_LINES}\r\n${line}`;
    expect(() => parseWhitespaceTransactions(bad(' 00022 0003 19971301  1   9.99'), options)).toThrow(
      'line 4, field date: cannot parse "19971301" as YYYYMMDD',
    );
    expect(() => parseWhitespaceTransactions(bad(' 00022 0003 19970230  1   9.99'), options)).toThrow(
      'line 4, field date',
    );
    expect(() => parseWhitespaceTransactions(bad(' 00022 0003 19970101  1   9,99x'), options)).toThrow(
      'line 4, field amount: cannot parse "9,99x" as a number',
    );
    expect(() => parseWhitespaceTransactions(bad(' 00022 0003 19970101'), options)).toThrow(
      'line 4, field amount: missing column 5',
    );
    expect(() => parseWhitespaceTransactions('\r\n  \r\n', options)).toThrow(InputError);
    expect(() => parseWhitespaceTransactions('', options)).toThrow('empty file');
  });
});

describe('parseCsvTransactions', () => {
  const csv = 'when,who,value\n2021-03-01,u1,10\n2021-03-02,u2,"1,5"\n';
  const csvOptions = { customerCol: 'who', dateCol: 'when', amountCol: 'value', dateFormat: 'YYYY-MM-DD' };

  it('reads columns by header name', () => {
    const rows = parseCsvTransactions(
      'when,who,value\r\n2021-03-01,u1,10\r\n2021-03-02,u2,2.5\r\n',
      csvOptions,
    );
    expect(rows).toEqual([
      { customerId: 'u1', date: new Date('2021-03-01T00:00:00Z'), amount: 10 },
      { customerId: 'u2', date: new Date('2021-03-02T00:00:00Z'), amount: 2.5 },
    ]);
  });

  it('names the line and column of bad input', () => {
    expect(() => parseCsvTransactions(csv, csvOptions)).toThrow('line 3, field value: cannot parse "1,5"');
    expect(() => parseCsvTransactions('when,who,value\n2021-13-01,u1,1\n', csvOptions)).toThrow(
      'line 2, field when',
    );
    expect(() => parseCsvTransactions('when,who\n2021-03-01,u1\n', csvOptions)).toThrow(
      'line 1, field value',
    );
    expect(() => parseCsvTransactions('when,who,value\n', csvOptions)).toThrow('empty file');
    expect(() => parseCsvTransactions('when,who,value\n2021-03-01,u1,1,9\n', csvOptions)).toThrow(
      /line 2: malformed CSV/,
    );
  });
});

const EXAMPLE = readSharedData('example_transactions.csv');

describe.skipIf(!EXAMPLE)('example_transactions.csv (lifetimes synthetic data)', () => {
  it.skipIf(!EXAMPLE)(
    EXAMPLE
      ? 'parses 15,273 rows with datetime stamps and no amount'
      : missingDataMessage('example_transactions.csv'),
    () => {
      const rows = parseCsvTransactions(EXAMPLE as string, {
        customerCol: 'id',
        dateCol: 'date',
        dateFormat: 'YYYY-MM-DD HH:mm:ss',
      });
      expect(rows).toHaveLength(15273);
      expect(new Set(rows.map((r) => r.customerId)).size).toBe(5000);
      expect(rows[0]).toEqual({ customerId: '0', date: new Date('2014-03-08T00:00:00Z'), amount: 0 });
    },
  );
});
