import { parse } from 'csv-parse/sync';
import { dayNumber, monthLabel, monthNumber, parseDate } from '../dates';
import { InputError } from '../input-error';

/** Spacing of a series' points. */
export type SeriesPeriod = 'day' | 'week' | 'month';

/** Default season length (points per season) of each spacing. */
export const DEFAULT_SEASON: Record<SeriesPeriod, number> = { day: 7, week: 52, month: 12 };

/** Options of `parseSeriesCsv`. */
export interface SeriesFileOptions {
  dateColumn: string;
  valueColumn: string;
  period: SeriesPeriod;
  /** Date format for `parseDate`; a monthly format may leave out the day ('YYYY-MM'). Default 'YYYY-MM-DD'. */
  dateFormat?: string;
  /** Points per season (default `DEFAULT_SEASON[period]`). */
  season?: number;
}

/** Missing points between two consecutive dates. */
export interface SeriesGap {
  after: string;
  before: string;
  missing: number;
}

/** A parsed series with what is wrong with it for seasonal forecasting. */
export interface ParsedSeries {
  dates: Date[];
  values: Float64Array;
  gaps: SeriesGap[];
  season: number;
  /** Plain-language problems: gaps, and a series too short for its season. Empty when fit to use. */
  problems: string[];
}

/**
 * Reads a time series from CSV (one date and one value column, by header name; e.g. AirPassengers.csv
 * with Month 'YYYY-MM' and '#Passengers'), sorted by date. Reports gaps (missing days, weeks or
 * months between consecutive dates) and a series too short for its season (Holt-Winters needs two
 * seasons to start and one more point), each with a message in `problems`. Throws InputError naming
 * the line and column for a bad date or value, a date off the period's grid (weekly dates must be 7
 * days apart), or a repeated date.
 */
export function parseSeriesCsv(text: string, options: SeriesFileOptions): ParsedSeries {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError(`malformed CSV: ${(error as Error).message}`, line === undefined ? {} : { line });
  }
  if (rows.length === 0) throw new InputError('empty file: no data rows');
  const header = Object.keys((rows[0] as (typeof rows)[number]).record);
  for (const col of [options.dateColumn, options.valueColumn]) {
    if (!header.includes(col))
      throw new InputError(`no such column in header [${header.join(', ')}]`, { line: 1, field: col });
  }
  let format = options.dateFormat ?? 'YYYY-MM-DD';
  const addDay = !format.includes('DD');
  if (addDay) format = `${format}-DD`;
  const points = rows.map(({ record, info }) => {
    const dateText = record[options.dateColumn] ?? '';
    const date = parseDate(addDay ? `${dateText}-01` : dateText, format);
    if (!date) {
      throw new InputError(`cannot parse "${dateText}" as ${options.dateFormat ?? 'YYYY-MM-DD'}`, {
        line: info.lines,
        field: options.dateColumn,
      });
    }
    const valueText = record[options.valueColumn] ?? '';
    const value = valueText === '' ? Number.NaN : Number(valueText);
    if (!Number.isFinite(value)) {
      throw new InputError(`cannot parse "${valueText}" as a number`, {
        line: info.lines,
        field: options.valueColumn,
      });
    }
    return { date, value, line: info.lines, index: indexOf(date, options.period) };
  });
  points.sort((a, b) => a.index - b.index);
  const step = options.period === 'week' ? 7 : 1;
  const gaps: SeriesGap[] = [];
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1] as (typeof points)[number];
    const cur = points[i] as (typeof points)[number];
    if (cur.index === prev.index) {
      throw new InputError(`date ${label(cur.date, options.period)} repeats line ${prev.line}`, {
        line: cur.line,
        field: options.dateColumn,
      });
    }
    const apart = (cur.index - prev.index) / step;
    if (!Number.isInteger(apart)) {
      throw new InputError(
        `${label(cur.date, options.period)} is not a whole number of weeks after line ${prev.line}`,
        {
          line: cur.line,
          field: options.dateColumn,
        },
      );
    }
    if (apart > 1) {
      gaps.push({
        after: label(prev.date, options.period),
        before: label(cur.date, options.period),
        missing: apart - 1,
      });
    }
  }
  const season = options.season ?? DEFAULT_SEASON[options.period];
  const problems = gaps.map(
    (g) =>
      `${g.missing} missing ${options.period}${g.missing > 1 ? 's' : ''} between ${g.after} and ${g.before}`,
  );
  if (points.length < 2 * season + 1) {
    problems.push(
      `${points.length} ${options.period}ly points are too short for a season of ${season}: seasonal forecasting needs at least ${2 * season + 1} (two seasons and one more)`,
    );
  }
  return {
    dates: points.map((p) => p.date),
    values: Float64Array.from(points, (p) => p.value),
    gaps,
    season,
    problems,
  };
}

function indexOf(date: Date, period: SeriesPeriod): number {
  const day = dayNumber(date);
  return period === 'month' ? monthNumber(day) : day;
}

function label(date: Date, period: SeriesPeriod): string {
  return period === 'month' ? monthLabel(monthNumber(dayNumber(date))) : date.toISOString().slice(0, 10);
}
