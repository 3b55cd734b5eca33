import { dayNumber } from '../dates';
import { InputError } from '../input-error';

/** One demand event or amount at a time: an order (value 1), units, or revenue. */
export interface DemandPoint {
  /** A UTC Date holding the local wall-clock time (as `parseDate` gives). */
  time: Date;
  value: number;
}

/** Demand by weekday (rows, 0 = Sunday … 6) and hour (columns, 0 … 23). */
export interface HourWeekdayHeatmap {
  /** total[weekday][hour]: summed value. */
  total: number[][];
  /** mean[weekday][hour]: total over the number of such weekdays in the covered date range. */
  mean: number[][];
  /** days[weekday]: how many such weekdays the range from the first to the last date holds. */
  days: number[];
}

/**
 * The hour × weekday heatmap of a demand series: totals per cell, and means per calendar day of
 * that weekday in the range first date … last date, so a weekday with no sales still counts in its
 * mean.
 */
export function computeHourWeekdayHeatmap(points: readonly DemandPoint[]): HourWeekdayHeatmap {
  const total = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const days = new Array<number>(7).fill(0);
  if (points.length === 0) return { total, mean: total.map((r) => r.slice()), days };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  points.forEach((p, i) => {
    requirePoint(p, i);
    const row = total[p.time.getUTCDay()] as number[];
    const hour = p.time.getUTCHours();
    row[hour] = (row[hour] as number) + p.value;
    const day = dayNumber(p.time);
    first = Math.min(first, day);
    last = Math.max(last, day);
  });
  // 1970-01-01 (day 0) was a Thursday (weekday 4).
  for (let day = first; day <= last; day++) days[(day + 4) % 7] = (days[(day + 4) % 7] as number) + 1;
  const mean = total.map((row, w) => row.map((v) => ((days[w] as number) > 0 ? v / (days[w] as number) : 0)));
  return { total, mean, days };
}

/** Calendar keys of a demand profile. */
export type ProfileKey = 'hour' | 'weekday' | 'weekOfYear' | 'month' | 'season';

/** One bucket of a profile. */
export interface ProfileBucket {
  /** 0–23 (hour), 0–6 (weekday, 0 = Sunday), 1–53 (ISO week), 1–12 (month), or the season's name. */
  key: number | string;
  total: number;
  /** Share of the series total. */
  share: number;
  /** Number of points in the bucket. */
  count: number;
}

const SEASONS_NORTH = [
  'winter',
  'winter',
  'spring',
  'spring',
  'spring',
  'summer',
  'summer',
  'summer',
  'autumn',
  'autumn',
  'autumn',
  'winter',
];
const SEASONS_SOUTH = [
  'summer',
  'summer',
  'autumn',
  'autumn',
  'autumn',
  'winter',
  'winter',
  'winter',
  'spring',
  'spring',
  'spring',
  'summer',
];

/**
 * A demand profile over one calendar key: totals, shares and counts by hour, weekday, ISO week of
 * the year (ISO 8601: weeks start on Monday, week 1 holds the year's first Thursday), month, or
 * meteorological season (Dec–Feb winter in the northern hemisphere; `southern` swaps them). Buckets
 * come in calendar order; empty ones are included for hour, weekday, week and month.
 */
export function computeDemandProfile(
  points: readonly DemandPoint[],
  key: ProfileKey,
  options: { southern?: boolean } = {},
): ProfileBucket[] {
  const seasons = options.southern ? SEASONS_SOUTH : SEASONS_NORTH;
  const keys: (number | string)[] =
    key === 'hour'
      ? range(0, 23)
      : key === 'weekday'
        ? range(0, 6)
        : key === 'weekOfYear'
          ? range(1, 53)
          : key === 'month'
            ? range(1, 12)
            : ['winter', 'spring', 'summer', 'autumn'];
  const totals = new Map<number | string, { total: number; count: number }>(
    keys.map((k) => [k, { total: 0, count: 0 }]),
  );
  let sum = 0;
  points.forEach((p, i) => {
    requirePoint(p, i);
    const t = p.time;
    const k =
      key === 'hour'
        ? t.getUTCHours()
        : key === 'weekday'
          ? t.getUTCDay()
          : key === 'weekOfYear'
            ? isoWeek(t)
            : key === 'month'
              ? t.getUTCMonth() + 1
              : (seasons[t.getUTCMonth()] as string);
    const bucket = totals.get(k) as { total: number; count: number };
    bucket.total += p.value;
    bucket.count++;
    sum += p.value;
  });
  return keys.map((k) => {
    const b = totals.get(k) as { total: number; count: number };
    return { key: k, total: b.total, share: sum !== 0 ? b.total / sum : Number.NaN, count: b.count };
  });
}

/** ISO 8601 week number (1–53) of a UTC date. */
export function isoWeek(time: Date): number {
  const d = new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function requirePoint(p: DemandPoint, i: number): void {
  if (!(p.time instanceof Date) || Number.isNaN(p.time.getTime()))
    throw new InputError('invalid time', { line: i + 1, field: 'time' });
  if (!Number.isFinite(p.value))
    throw new InputError(`value must be a finite number, got ${p.value}`, { line: i + 1, field: 'value' });
}
