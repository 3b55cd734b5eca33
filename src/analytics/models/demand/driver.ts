import { InputError } from '../input-error';
import { normalQuantile } from '../math/normal';
import { studentTCdf } from '../math/student-t';

/** A value on a date ('YYYY-MM-DD', or a Date whose UTC day is taken). */
export interface DatedValue {
  date: string | Date;
  value: number;
}

/** Association of an outside driver (weather, events, fuel price, …) with demand. */
export interface DriverCorrelation {
  /** Pearson's r over the dates both series have. */
  r: number;
  /** Fisher-z confidence interval of r at `level`. */
  confidenceInterval: [number, number];
  level: number;
  /** Two-sided p-value of r = 0 (t = r√(n−2)/√(1−r²) with n − 2 degrees of freedom). */
  pValue: number;
  /** Dates in both series. */
  n: number;
  /** Dates of the demand series without a driver value, and the other way round. */
  unmatchedDemand: number;
  unmatchedDriver: number;
}

/**
 * Pearson correlation of demand with an outside driver, the two series aligned by date (dates in
 * only one series left out and counted), with the Fisher (1915) z-transform interval
 * tanh(atanh r ± z_{(1+level)/2}/√(n − 3)) and the t-test p-value. Needs at least 4 common dates
 * and variation in both series. Correlation is association, not cause: a driver that moves with
 * the season correlates with any seasonal demand.
 */
export function correlateDriver(
  demand: readonly DatedValue[],
  driver: readonly DatedValue[],
  level = 0.95,
): DriverCorrelation {
  if (!(level > 0 && level < 1)) throw new InputError(`must be in (0, 1), got ${level}`, { field: 'level' });
  const driverByDate = new Map<string, number>();
  driver.forEach((d, i) => {
    const key = dateKey(d.date, i, 'driver');
    if (driverByDate.has(key))
      throw new InputError(`date ${key} appears twice`, { line: i + 1, field: 'driver' });
    driverByDate.set(key, requireFinite(d.value, i, 'driver'));
  });
  const xs: number[] = [];
  const ys: number[] = [];
  const seen = new Set<string>();
  let unmatchedDemand = 0;
  demand.forEach((d, i) => {
    const key = dateKey(d.date, i, 'demand');
    if (seen.has(key)) throw new InputError(`date ${key} appears twice`, { line: i + 1, field: 'demand' });
    seen.add(key);
    const x = driverByDate.get(key);
    if (x === undefined) {
      unmatchedDemand++;
      return;
    }
    xs.push(x);
    ys.push(requireFinite(d.value, i, 'demand'));
  });
  const n = xs.length;
  if (n < 4) throw new InputError(`need at least 4 dates in both series, got ${n}`, { field: 'driver' });
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0 && syy > 0))
    throw new InputError('a series does not vary over the common dates', { field: 'driver' });
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  const z = Math.atanh(r);
  const half = normalQuantile((1 + level) / 2) / Math.sqrt(n - 3);
  const t =
    Math.abs(r) < 1 ? (r * Math.sqrt(n - 2)) / Math.sqrt(1 - r * r) : Math.sign(r) * Number.POSITIVE_INFINITY;
  return {
    r,
    confidenceInterval: [Math.tanh(z - half), Math.tanh(z + half)],
    level,
    pValue: 2 * studentTCdf(-Math.abs(t), n - 2),
    n,
    unmatchedDemand,
    unmatchedDriver: driverByDate.size - n,
  };
}

function dateKey(date: string | Date, i: number, field: string): string {
  if (date instanceof Date) {
    if (Number.isNaN(date.getTime())) throw new InputError('invalid date', { line: i + 1, field });
    return date.toISOString().slice(0, 10);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new InputError(`date "${date}" is not YYYY-MM-DD`, { line: i + 1, field });
  return date;
}

function requireFinite(value: number, i: number, field: string): number {
  if (!Number.isFinite(value))
    throw new InputError(`value must be a finite number, got ${value}`, { line: i + 1, field });
  return value;
}
