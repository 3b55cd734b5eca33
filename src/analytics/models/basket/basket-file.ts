import { parse } from 'csv-parse/sync';
import { parseDate } from '../dates';
import { InputError } from '../input-error';

/**
 * Reads baskets written one per line, items separated by commas (the layout of the Groceries data
 * of R's arules, `read.transactions(format = "basket", sep = ",")`), with csv-parse so quoted items
 * may contain commas. Items are trimmed; empty fields are skipped; a blank line is an empty basket
 * (kept, so it counts in the supports' denominator as arules counts it); a final line break does not
 * make a basket.
 */
export function parseBasketLines(text: string): string[][] {
  let records: string[][];
  try {
    records = parse(text.replace(/(\r\n|\n|\r)$/, ''), {
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      bom: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError(`malformed CSV: ${(error as Error).message}`, line === undefined ? {} : { line });
  }
  return records.map((fields) => fields.filter((item) => item !== ''));
}

/** Column layout of a file with one line per item (basket id, item, optional date and time). */
export interface ItemLineOptions {
  basketColumn: string;
  itemColumn: string;
  /** Date column; with `timeColumn` they are read together as `${date} ${time}`. */
  dateColumn?: string;
  timeColumn?: string;
  /** Format of the date (see `parseDate`), default 'DD-MM-YYYY'. */
  dateFormat?: string;
  /** Format of the time, default 'HH:mm:ss'. */
  timeFormat?: string;
  /** Lower-case every item name (default false). */
  lowerCase?: boolean;
  /** Item names whose lines are left out (compared after lower-casing), e.g. ['NONE']. */
  exclude?: readonly string[];
}

/** A basket read from item lines. */
export interface ParsedBasket {
  id: string;
  items: string[];
  /** Date (and time) of the basket's first line, as a UTC Date holding the wall-clock time. */
  time?: Date;
}

/**
 * Reads a CSV file with a header and one line per item sold, such as BreadBasket_DMS.csv
 * (Date DD-MM-YYYY, Time HH:mm:ss, Transaction, Item). Lines of one basket id form one basket, in
 * order of first appearance, items as listed (repeats kept, so `encodeBaskets` reports them).
 * Excluded items drop their lines; a basket left with no line drops out. Throws InputError naming
 * the line and column for a missing column, an empty basket id or item, or a bad date or time.
 */
export function parseItemLines(
  text: string,
  options: ItemLineOptions,
): { baskets: ParsedBasket[]; excludedLines: number } {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError(`malformed CSV: ${(error as Error).message}`, line === undefined ? {} : { line });
  }
  if (rows.length === 0) throw new InputError('empty file: no data rows');
  const header = Object.keys((rows[0] as (typeof rows)[number]).record);
  for (const col of [options.basketColumn, options.itemColumn, options.dateColumn, options.timeColumn]) {
    if (col !== undefined && !header.includes(col)) {
      throw new InputError(`no such column in header [${header.join(', ')}]`, { line: 1, field: col });
    }
  }
  if (options.timeColumn !== undefined && options.dateColumn === undefined) {
    throw new InputError('a time column needs a date column', { field: options.timeColumn });
  }
  const exclude = new Set(options.exclude ?? []);
  const format = [
    options.dateColumn === undefined ? undefined : (options.dateFormat ?? 'DD-MM-YYYY'),
    options.timeColumn === undefined ? undefined : (options.timeFormat ?? 'HH:mm:ss'),
  ].filter((f) => f !== undefined);
  const byId = new Map<string, ParsedBasket>();
  let excludedLines = 0;
  for (const { record, info } of rows) {
    const id = record[options.basketColumn] ?? '';
    if (id === '') throw new InputError('empty basket id', { line: info.lines, field: options.basketColumn });
    let item = record[options.itemColumn] ?? '';
    if (item === '') throw new InputError('empty item', { line: info.lines, field: options.itemColumn });
    if (options.lowerCase) item = item.toLowerCase();
    if (exclude.has(item)) {
      excludedLines++;
      continue;
    }
    let basket = byId.get(id);
    if (!basket) {
      basket = { id, items: [] };
      if (format.length > 0) basket.time = readTime(record, options, format.join(' '), info.lines);
      byId.set(id, basket);
    }
    basket.items.push(item);
  }
  return { baskets: [...byId.values()], excludedLines };
}

function readTime(
  record: Record<string, string>,
  options: ItemLineOptions,
  format: string,
  line: number,
): Date {
  const parts = [options.dateColumn, options.timeColumn]
    .filter((c) => c !== undefined)
    .map((c) => record[c] ?? '');
  const time = parseDate(parts.join(' '), format);
  if (!time) {
    throw new InputError(`cannot parse "${parts.join(' ')}" as ${format}`, {
      line,
      field: options.dateColumn ?? options.timeColumn ?? 'time',
    });
  }
  return time;
}
