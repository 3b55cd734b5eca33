import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error';
import { parseBasketLines, parseItemLines } from './basket-file';

describe('basket file parsers', () => {
  it('reads one basket per line, quoted items, blank lines as empty baskets', () => {
    const text = 'citrus fruit,semi-finished bread, margarine\n"ham, sliced",milk\n\nmilk,,yogurt\n';
    expect(parseBasketLines(text)).toEqual([
      ['citrus fruit', 'semi-finished bread', 'margarine'],
      ['ham, sliced', 'milk'],
      [],
      ['milk', 'yogurt'],
    ]);
  });

  it('reads one line per item with basket, item, date and time columns', () => {
    const text = [
      'Date,Time,Transaction,Item',
      '30-10-2016,09:58:11,1,Bread',
      '30-10-2016,10:05:34,2,Scandinavian',
      '30-10-2016,10:05:34,2,Scandinavian',
      '30-10-2016,10:07:57,3,NONE',
      '30-10-2016,10:07:57,3,Jam',
      '30-10-2016,10:08:41,4,NONE',
    ].join('\n');
    const { baskets, excludedLines } = parseItemLines(text, {
      basketColumn: 'Transaction',
      itemColumn: 'Item',
      dateColumn: 'Date',
      timeColumn: 'Time',
      lowerCase: true,
      exclude: ['none'],
    });
    expect(excludedLines).toBe(2);
    expect(baskets.map((b) => [b.id, b.items])).toEqual([
      ['1', ['bread']],
      ['2', ['scandinavian', 'scandinavian']],
      ['3', ['jam']],
    ]);
    expect(baskets[0]?.time?.toISOString()).toBe('2016-10-30T09:58:11.000Z');
  });

  it('names the line and column of bad input', () => {
    const bad = 'Date,Time,Transaction,Item\n30-10-2016,09:58:11,1,Bread\n31-02-2016,10:00:00,2,Tea\n';
    expect(() =>
      parseItemLines(bad, {
        basketColumn: 'Transaction',
        itemColumn: 'Item',
        dateColumn: 'Date',
        timeColumn: 'Time',
      }),
    ).toThrow(/^line 3, field Date: cannot parse "31-02-2016 10:00:00" as DD-MM-YYYY HH:mm:ss/);
    expect(() => parseItemLines(bad, { basketColumn: 'Basket', itemColumn: 'Item' })).toThrow(
      /^line 1, field Basket: no such column/,
    );
    expect(() =>
      parseItemLines('Transaction,Item\n1,\n', { basketColumn: 'Transaction', itemColumn: 'Item' }),
    ).toThrow(InputError);
    expect(() =>
      parseItemLines(bad, { basketColumn: 'Transaction', itemColumn: 'Item', timeColumn: 'Time' }),
    ).toThrow(/^field Time: a time column needs a date column/);
  });
});
