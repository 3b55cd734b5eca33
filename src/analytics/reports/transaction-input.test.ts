import { describe, expect, it } from 'vitest';
import { readTransactionFile } from './transaction-input';

/** CDNOW layout: customer id, customer id, date YYYYMMDD, number of CDs, dollars (space-padded, CRLF). */
const CDNOW = (rows: string[]) => rows.map((r) => `${r}\r\n`).join('');
const spec = { customerCol: '2', dateCol: '3', amountCol: '5', quantityCol: '4', dateFormat: 'YYYYMMDD' };

describe('readTransactionFile', () => {
  it('reads purchases with their quantity column checked', () => {
    const file = readTransactionFile(
      CDNOW(['00001 00001 19970101  1  11.77', '00002 00002 19970112  2  29.33']),
      spec,
    );
    expect([...file.customer].map((c, i) => [file.customerIds[c], file.amount[i]])).toEqual([
      ['00001', 11.77],
      ['00002', 29.33],
    ]);
  });

  it('refuses a negative quantity, naming the line and column (whitespace and CSV files)', () => {
    const text = CDNOW(['00001 00001 19970101  1  11.77', '', '00002 00002 19970112 -2  29.33']);
    expect(() => readTransactionFile(text, spec)).toThrow(
      /^line 3, field 4: negative quantity -2 is not a purchase/,
    );
    const csv = 'id,date,qty,amount\n1,2020-01-01,1,10\n2,2020-01-02,-1,4\n';
    expect(() =>
      readTransactionFile(csv, {
        customerCol: 'id',
        dateCol: 'date',
        amountCol: 'amount',
        quantityCol: 'qty',
      }),
    ).toThrow(/^line 3, field qty: negative quantity -1/);
    // Without the quantity column the same file loads (the quantity is not read).
    expect(readTransactionFile(csv, { customerCol: 'id', dateCol: 'date', amountCol: 'amount' }).length).toBe(
      2,
    );
  });

  it('refuses a negative amount and names an unparsable quantity', () => {
    expect(() => readTransactionFile(CDNOW(['00001 00001 19970101  1  -11.77']), spec)).toThrow(
      /^line 1, field 5: negative amount -11.77/,
    );
    const csv = 'id,date,qty,amount\n1,2020-01-01,two,10\n';
    expect(() =>
      readTransactionFile(csv, {
        customerCol: 'id',
        dateCol: 'date',
        amountCol: 'amount',
        quantityCol: 'qty',
      }),
    ).toThrow(/^line 2, field qty: cannot parse "two"/);
  });
});
