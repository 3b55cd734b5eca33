import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { FileFormatError } from './errors';
import { CsvParser, CsvSyntaxError, type ParsedRecord } from './parse';

/** One data line of a CSV file: its line number (1 = the header) and its values in column order. */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Why the line cannot be read as a record of the file's columns (a whitespace line of another width). */
  problem?: string;
}

export interface CsvReadOptions {
  /** Default ','. */
  delimiter?: string;
  /** Longest record, in characters: an unclosed quote stops here instead of reading the rest of the file. */
  maxRecordSize?: number;
}

export interface CsvFile {
  /** The header's column names, trimmed. */
  columns: string[];
  /** The data lines, read as they are iterated (never the whole file at once). */
  records: AsyncGenerator<CsvRecord>;
  /** sha256 of every byte read so far (the whole file once `records` is exhausted). */
  digest(): string;
  bytes(): number;
}

/**
 * Opens a headed CSV stream: reads the header, then yields each data line with its line number.
 * A line that cannot be read as CSV (a broken quote, a record longer than `maxRecordSize`) throws a
 * FileFormatError with its line: nothing after it can be trusted. Lines with too few or too many
 * values are yielded as they are, for the caller to report.
 */
export async function openCsv(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: CsvReadOptions = {},
): Promise<CsvFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  const parser = new CsvParser(options.delimiter ?? ',', options.maxRecordSize ?? 1024 * 1024);
  async function* read(): AsyncGenerator<CsvRecord> {
    const decoder = new StringDecoder('utf8');
    const parsed: ParsedRecord[] = [];
    try {
      for await (const chunk of source) {
        let text: string;
        if (typeof chunk === 'string') {
          // Hashed as its UTF-8 bytes, as the same text read from a file.
          hash.update(chunk);
          bytes += Buffer.byteLength(chunk);
          text = chunk;
        } else {
          hash.update(chunk);
          bytes += chunk.length;
          text = decoder.write(chunk);
        }
        parser.push(text, false, parsed);
        for (const record of parsed) yield record;
        parsed.length = 0;
      }
      parser.push(decoder.end(), true, parsed);
      for (const record of parsed) yield record;
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
      const message = err.message.replace(/^Invalid Opening Quote: /, 'broken quote: ');
      throw new FileFormatError(`malformed CSV: ${message}`, err.lines);
    }
  }
  const iterator = read();
  const first = await iterator.next();
  if (first.done) throw new FileFormatError('empty file: no header line');
  const columns = first.value.fields.map((c) => c.trim());
  if (columns.some((c) => c === '')) throw new FileFormatError('the header line has an empty column name', 1);
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw new FileFormatError(`the header names the column "${c}" twice`, 1);
    seen.add(c);
  }
  let digest: string | undefined;
  return {
    columns,
    records: iterator,
    digest: () => {
      digest ??= hash.copy().digest('hex');
      return digest;
    },
    bytes: () => bytes,
  };
}

/** One CSV line (with its line feed), quoting values that need it. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvValue).join(',')}\n`;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading =, +, - or @ makes spreadsheets run the cell as a formula: prefix it with a quote
  // (numbers and phone numbers such as +14155550100 stay as they are).
  const safe = /^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d\s().-]+$/.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
