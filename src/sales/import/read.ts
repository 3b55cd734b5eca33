import { parse } from 'csv-parse/sync';
import { FileFormatError } from '../../imports/index';

export { FileFormatError };

export type FileFormat = 'csv' | 'whitespace';

export interface ReadOptions {
  format: FileFormat;
  /**
   * Whitespace files: the name of each column by position ('-' skips one). CSV files name their
   * columns in the header line.
   */
  columns?: readonly string[];
  /** CSV only; default ','. */
  delimiter?: string;
}

/** One data line of the file: its line number and its values by column name. */
export interface RawRecord {
  line: number;
  values: Record<string, string>;
  /** Set when the line cannot be read as a record (wrong number of columns). */
  problem?: string;
}

export interface FileRecords {
  columns: string[];
  records: RawRecord[];
}

/** Reads a headed CSV file or a whitespace-separated (fixed-width, space-padded) file. */
export function readRecords(text: string, options: ReadOptions): FileRecords {
  return options.format === 'csv'
    ? readCsv(text, options.delimiter ?? ',')
    : readWhitespace(text, options.columns);
}

function readCsv(text: string, delimiter: string): FileRecords {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  let columns: string[] = [];
  try {
    rows = parse(text, {
      columns: (header: string[]) => {
        columns = header.map((h) => h.trim());
        return columns;
      },
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      delimiter,
    });
  } catch (err) {
    throw new FileFormatError(`malformed CSV: ${(err as Error).message}`, (err as { lines?: number }).lines);
  }
  if (columns.length === 0) throw new FileFormatError('empty file: no header line');
  return { columns, records: rows.map(({ record, info }) => ({ line: info.lines, values: record })) };
}

/**
 * Space-padded columns such as Fader and Hardie's CDNOW files (CRLF line ends, no quoting). A first
 * line without any digit is a header: it names the columns unless `columns` does, and is skipped.
 */
function readWhitespace(text: string, named: readonly string[] | undefined): FileRecords {
  const lines = text.split(/\r\n|\n|\r/);
  let columns = named ? [...named] : undefined;
  const records: RawRecord[] = [];
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    if (first) {
      first = false;
      if (!/\d/.test(line)) {
        columns ??= fields;
        continue;
      }
    }
    if (!columns)
      throw new FileFormatError('a whitespace-separated file without a header needs --columns', i + 1);
    const values: Record<string, string> = {};
    columns.forEach((name, c) => {
      if (name !== '-') values[name] = fields[c] ?? '';
    });
    const problem =
      fields.length === columns.length
        ? undefined
        : `has ${fields.length} columns, expected ${columns.length}`;
    records.push(problem ? { line: i + 1, values, problem } : { line: i + 1, values });
  }
  return { columns: (columns ?? []).filter((c) => c !== '-'), records };
}
