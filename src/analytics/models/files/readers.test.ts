import { describe, expect, it } from 'vitest';
import { dayNumber, parseDate } from '../dates';
import { InputError } from '../input-error';
import { compileDayFormat, parseDay, parseDecimal } from './fields';
import { readSummaryColumns } from './summary-reader';
import {
  createTransactionReader,
  readTransactionColumns,
  type TransactionLayout,
} from './transaction-reader';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** A small deterministic generator. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('parseDecimal', () => {
  it('reads a number from bytes exactly as Number(text) does', () => {
    const next = random(3);
    const texts = [
      '0',
      '-0',
      '12',
      '007.50',
      '29.33',
      '-4',
      '.5',
      '5.',
      '1e3',
      '+2',
      '0x10',
      '12345678901234567',
      ' ',
    ];
    for (let i = 0; i < 2000; i++) {
      const digits = Math.floor(next() * 15) + 1;
      const point = Math.floor(next() * (digits + 1));
      let t = '';
      for (let k = 0; k < digits; k++) t += String(Math.floor(next() * 10));
      texts.push(`${next() < 0.2 ? '-' : ''}${t.slice(0, point)}.${t.slice(point)}`, t);
    }
    for (const text of texts) {
      const b = bytes(text);
      const want = text.trim() === '' ? Number.NaN : Number(text);
      expect([text, parseDecimal(b, 0, b.length)]).toEqual([text, want]);
    }
  });

  it('is NaN for an empty field and for text', () => {
    for (const text of ['', 'ten', '1,5', '9,99x', '-']) {
      const b = bytes(text);
      expect(parseDecimal(b, 0, b.length)).toBeNaN();
    }
  });
});

describe('parseDay', () => {
  it('gives the day of parseDate without a Date, and refuses what it refuses', () => {
    const next = random(11);
    for (const format of ['YYYY-MM-DD', 'YYYYMMDD', 'DD/MM/YYYY', 'YYYY-MM-DD HH:mm:ss', 'MM-DD-YYYY']) {
      const compiled = compileDayFormat(format);
      for (let i = 0; i < 3000; i++) {
        const y = String(1890 + Math.floor(next() * 250)).padStart(4, '0');
        const m = String(Math.floor(next() * 14)).padStart(2, '0');
        const d = String(Math.floor(next() * 33)).padStart(2, '0');
        const h = String(Math.floor(next() * 26)).padStart(2, '0');
        const text = format
          .replace('YYYY', y)
          .replace('MM', m)
          .replace('DD', d)
          .replace('HH', h)
          .replace('mm', '59')
          .replace('ss', '07');
        const date = parseDate(text, format);
        const b = bytes(text);
        expect([text, parseDay(b, 0, b.length, compiled)]).toEqual([
          text,
          date === undefined ? Number.NaN : dayNumber(date),
        ]);
      }
    }
    const iso = compileDayFormat('YYYY-MM-DD');
    for (const text of ['2020-1-01', '2020/01/01', '20200101', '2020-02-30', '2021-02-29', 'abcd-01-01']) {
      const b = bytes(text);
      expect([text, parseDay(b, 0, b.length, iso)]).toEqual([text, Number.NaN]);
    }
    expect(() => compileDayFormat('MM/DD')).toThrow(RangeError);
  });
});

const layout: TransactionLayout = {
  format: 'csv',
  customer: 'id',
  date: 'date',
  amount: 'amount',
  dateFormat: 'YYYY-MM-DD',
};

/** The columns as plain rows, for comparisons. */
function rowsOf(text: string | Uint8Array, l: TransactionLayout = layout) {
  const c = readTransactionColumns(text, l);
  return Array.from(c.customer, (customer, i) => [c.customerIds[customer], c.day[i], c.amount[i]]);
}

describe('the streaming transaction reader', () => {
  it('gives the same columns however the bytes are cut into chunks', () => {
    const next = random(5);
    const lines = ['\uFEFFid,date,amount'];
    for (let i = 0; i < 500; i++) {
      const id = next() < 0.5 ? String(Math.floor(next() * 300)) : `"c ""${Math.floor(next() * 50)}"", x"`;
      lines.push(
        `${id} , 2021-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 10)},${(next() * 100).toFixed(2)}`,
      );
      if (next() < 0.05) lines.push('');
    }
    const text = `${lines.join(next() < 0.5 ? '\r\n' : '\n')}\n`;
    const whole = rowsOf(text);
    expect(whole).toHaveLength(500);
    const b = bytes(text);
    for (const size of [1, 2, 3, 7, 64, 4096]) {
      // As the CLI reads a file: every chunk into the same Buffer (a record cut at a chunk's end
      // must be copied, not kept as a view of bytes the next read overwrites), the size known.
      const buffer = Buffer.alloc(size);
      for (const totalBytes of [undefined, b.length]) {
        const reader = createTransactionReader({ ...layout, totalBytes });
        for (let at = 0; at < b.length; at += size) {
          const chunk = b.subarray(at, at + size);
          buffer.set(chunk);
          reader.push(buffer.subarray(0, chunk.length));
        }
        const c = reader.end();
        expect(
          Array.from(c.customer, (customer, i) => [c.customerIds[customer], c.day[i], c.amount[i]]),
        ).toEqual(whole);
      }
    }
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, and counts lines', () => {
    const text =
      'id,note,date,amount\n"a,1","he said ""hi""",2021-01-02,3\n"b","two\nlines",2021-01-03,4.5\nc,x,2021-01-0z,1\n';
    expect(() => rowsOf(text, layout)).toThrow('line 5, field date: cannot parse "2021-01-0z" as YYYY-MM-DD');
    expect(rowsOf(text.split('\n').slice(0, 4).join('\n'))).toEqual([
      ['a,1', dayNumber(new Date('2021-01-02')), 3],
      ['b', dayNumber(new Date('2021-01-03')), 4.5],
    ]);
  });

  it('numbers canonical integer ids by value and keeps other ids as text', () => {
    const c = readTransactionColumns(
      'id,date,amount\n10,2021-01-01,1\n010,2021-01-01,1\n10,2021-01-02,1\n-1,2021-01-01,1\n',
      layout,
    );
    expect(c.customerIds).toEqual(['10', '010', '-1']);
    expect([...c.customer]).toEqual([0, 1, 0, 2]);
  });

  it('names the line and field of bad input', () => {
    const bad = (text: string) => () =>
      readTransactionColumns(`id,date,amount\n1,2021-01-01,1\n${text}`, layout);
    expect(bad('2,2021-01-01,1,9\n')).toThrow(/^line 3: malformed CSV: 4 fields where the header has 3/);
    expect(bad(',2021-01-01,1\n')).toThrow('line 3, field id: empty customer id');
    expect(bad('2,2021-01-01,\n')).toThrow('line 3, field amount: cannot parse "" as a number');
    expect(bad('"2,2021-01-01,1\n')).toThrow('malformed CSV: a quoted field is not closed');
    expect(() => readTransactionColumns('who,date\n1,2021-01-01\n', layout)).toThrow(
      'line 1, field id: no such column in header [who, date]',
    );
    expect(() => readTransactionColumns('', layout)).toThrow('empty file: no header line');
    expect(() => readTransactionColumns('id,date,amount\r\n\r\n', layout)).toThrow(
      'empty file: no data rows',
    );
    const purchases = { ...layout, purchasesOnly: true };
    expect(() => readTransactionColumns('id,date,amount\n1,2021-01-01,-2\n', purchases)).toThrow(
      'line 2, field amount: negative amount -2',
    );
    expect(readTransactionColumns('id,date,amount\n1,2021-01-01,-2\n', layout).amount[0]).toBe(-2);
  });

  it('reads whitespace files by position, skipping lines at the top', () => {
    const text = 'header line\n  7  20210105   1.5\n\n  8  20210106  2\n';
    const c = readTransactionColumns(text, {
      format: 'whitespace',
      customer: 1,
      date: 2,
      amount: 3,
      dateFormat: 'YYYYMMDD',
      skipLines: 1,
    });
    expect([c.customerIds, [...c.amount]]).toEqual([
      ['7', '8'],
      [1.5, 2],
    ]);
    expect(() =>
      readTransactionColumns('  7  20210105\n', {
        format: 'whitespace',
        customer: 1,
        date: 2,
        amount: 3,
        dateFormat: 'YYYYMMDD',
      }),
    ).toThrow('line 1, field 3: missing column 3');
  });
});

describe('the summary reader', () => {
  it('finds the columns, and the id column or the first non-model column', () => {
    const s = readSummaryColumns('ID,frequency,recency,T\n1,2,30.43,38.86\n2,0,0,38.86\n');
    expect(s.columns).toEqual({ customerId: 'ID', x: 'frequency', tx: 'recency', T: 'T' });
    expect([s.customerIds, [...s.x], [...s.tx], s.monetaryValue]).toEqual([
      ['1', '2'],
      [2, 0],
      [30.43, 0],
      null,
    ]);
    expect(readSummaryColumns('client,x,t_x,T,zbar\nk1,1,2,3,4.5\n').columns.customerId).toBe('client');
  });

  it('numbers the rows when there is no id column, instead of taking frequency as the id (bug)', () => {
    // A summary of model columns only: the first column is the frequency, which must not become
    // the customer id (it gave 83 distinct ids for a million customers).
    const lines = ['frequency,recency,T,monetary_value'];
    for (let i = 0; i < 1000; i++) lines.push(`${i % 3},${i % 3},${10 + (i % 7)},${i % 3 === 0 ? 0 : 12.5}`);
    const s = readSummaryColumns(`${lines.join('\n')}\n`);
    expect(s.columns.customerId).toBeNull();
    expect(s.customerIds).toBeNull();
    expect(s.length).toBe(1000);
  });

  it('names the line and column of a bad value', () => {
    expect(() => readSummaryColumns('ID,x,t_x,T\n1,2,40,38\n')).toThrow(
      'line 2, field t_x: t_x 40 exceeds T 38',
    );
    expect(() => readSummaryColumns('ID,x,t_x,T\n1,-2,4,38\n')).toThrow(
      'line 2, field x: "-2" is not a non-negative number',
    );
    expect(() => readSummaryColumns('ID,t_x,T\n1,4,38\n')).toThrow(InputError);
    expect(() => readSummaryColumns('ID,x,t_x,T\n')).toThrow('empty file: no data rows');
  });
});
