import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError, type ParsedRecord } from './parse';

type Outcome = { records: ParsedRecord[] } | { error: string; line: number };

/** The reader, fed in `pieces` random cuts (records across chunk ends must read the same). */
function ours(text: string, delimiter: string, pieces: number, random: () => number): Outcome {
  const parser = new CsvParser(delimiter, 40);
  const records: ParsedRecord[] = [];
  try {
    let at = 0;
    for (let k = 0; k < pieces; k++) {
      const next = Math.min(text.length, at + Math.floor(random() * (text.length / pieces + 2)));
      parser.push(text.slice(at, next), false, records);
      at = next;
    }
    parser.push(text.slice(at), true, records);
    return { records };
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    return { error: err.message.slice(0, err.message.indexOf(':')), line: err.lines };
  }
}

/** csv-parse with the options the import used before this reader. */
function theirs(text: string, delimiter: string): Outcome {
  try {
    const rows = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      delimiter,
      max_record_size: 40,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return { records: rows.map((r) => ({ line: r.info.lines, fields: r.record })) };
  } catch (err) {
    const { message, lines } = err as Error & { lines: number };
    return { error: message.slice(0, message.indexOf(':')), line: lines };
  }
}

describe('CSV reader', () => {
  it('reads generated files as csv-parse does: records, line numbers and errors', () => {
    const alphabet = ['a', 'b', ',', ',', '"', '"', '\n', '\r\n', '\r', ' ', '\t', ';', ':', 'x y'];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let n = 0; n < 2000; n++) {
      let text = random() < 0.05 ? '\ufeff' : '';
      const length = Math.floor(random() * 30);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const delimiter = random() < 0.2 ? (random() < 0.5 ? ';' : '::') : ',';
      expect(ours(text, delimiter, Math.floor(random() * 4), random), JSON.stringify(text)).toEqual(
        theirs(text, delimiter),
      );
    }
  });

  it('numbers a record by the line it ends on, and names the line of an error', () => {
    const read = (text: string) => ours(text, ',', 1, () => 0.5);
    expect(read('a,b\r\n"multi\nline",x\r\n\r\n  \r\nlast , " kept " ')).toEqual({
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 3, fields: ['multi\nline', 'x'] },
        { line: 6, fields: ['last', ' kept '] },
      ],
    });
    expect(read('a\nb,"say ""hi"""\n')).toEqual({
      records: [
        { line: 1, fields: ['a'] },
        { line: 2, fields: ['b', 'say "hi"'] },
      ],
    });
    expect(read('a\n\u00a0 é \u00a0\n')).toEqual({
      records: [
        { line: 1, fields: ['a'] },
        { line: 2, fields: ['é'] },
      ],
    });
    expect(read('a\nx,"broken "quote" here\n')).toEqual({ error: 'Invalid Closing Quote', line: 2 });
    expect(read('a\nx"y\n')).toEqual({ error: 'Invalid Opening Quote', line: 2 });
    expect(read('a\n"open\n\n')).toEqual({ error: 'Quote Not Closed', line: 3 });
    expect(read(`a\n${'x'.repeat(50)}\n`)).toEqual({ error: 'Max Record Size', line: 2 });
  });
});
