import { parse } from 'csv-parse/sync';
import { InputError } from '../input-error';
import type { FareClass } from './fare-classes';

/**
 * Reads fare classes from CSV with the header columns class, fare, mean, sd (any order, any case),
 * highest fare first. Throws InputError naming the line and column for a missing column, a value
 * that is not a number, a fare not below the one on the line before, a negative fare or mean, or a
 * spread (sd) that is not positive.
 */
export function parseFareClassCsv(text: string): FareClass[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError(`malformed CSV: ${(error as Error).message}`, line === undefined ? {} : { line });
  }
  if (rows.length === 0) throw new InputError('empty file: no fare classes');
  const header = Object.keys((rows[0] as (typeof rows)[number]).record);
  for (const col of ['class', 'fare', 'mean', 'sd']) {
    if (!header.includes(col))
      throw new InputError(`no such column in header [${header.join(', ')}]`, { line: 1, field: col });
  }
  const classes: FareClass[] = [];
  let previous: { fare: number; line: number } | undefined;
  for (const { record, info } of rows) {
    const line = info.lines;
    const number = (field: string): number => {
      const text = record[field] ?? '';
      const value = text === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(value))
        throw new InputError(`cannot parse "${text}" as a number`, { line, field });
      return value;
    };
    const name = record.class ?? '';
    if (name === '') throw new InputError('empty class name', { line, field: 'class' });
    const fare = number('fare');
    const mean = number('mean');
    const sd = number('sd');
    if (fare < 0) throw new InputError(`fare must be ≥ 0, got ${fare}`, { line, field: 'fare' });
    if (previous && !(fare < previous.fare)) {
      throw new InputError(
        `fare ${fare} is not below ${previous.fare} on line ${previous.line}: list classes from the highest fare down`,
        {
          line,
          field: 'fare',
        },
      );
    }
    if (mean < 0) throw new InputError(`mean demand must be ≥ 0, got ${mean}`, { line, field: 'mean' });
    if (!(sd > 0)) throw new InputError(`the spread must be > 0, got ${sd}`, { line, field: 'sd' });
    classes.push({ name, fare, mean, sd });
    previous = { fare, line };
  }
  return classes;
}
