import { invalid, parseDay } from '../../platform/index';

/**
 * Validation of the analysis options shared by the HTTP routes and the CLI. Every error is a
 * `validation_failed` AppError naming the option.
 */

const MS_PER_DAY = 86_400_000;

/** A UTC calendar day: `date` is its midnight, `iso` its 'YYYY-MM-DD'. */
export interface Day {
  readonly date: Date;
  readonly iso: string;
  /** Midnight after the day: orders strictly before it are "on or before" the day. */
  readonly end: Date;
}

export function dayOf(date: Date): Day {
  const midnight = new Date(Math.floor(date.getTime() / MS_PER_DAY) * MS_PER_DAY);
  return {
    date: midnight,
    iso: midnight.toISOString().slice(0, 10),
    end: new Date(midnight.getTime() + MS_PER_DAY),
  };
}

/** Parses an ISO day 'YYYY-MM-DD'; undefined → `fallback`. */
export function readDay(field: string, value: string | undefined, fallback: Date): Day;
export function readDay(field: string, value: string | undefined): Day | undefined;
export function readDay(field: string, value: string | undefined, fallback?: Date): Day | undefined {
  if (value === undefined || value === '') return fallback === undefined ? undefined : dayOf(fallback);
  const date = parseDay(value);
  if (!date || date.getUTCFullYear() < 1900 || date.getUTCFullYear() > 2999) {
    throw invalid(field, `${field} must be a date YYYY-MM-DD, got "${value}"`);
  }
  return dayOf(date);
}

/** A whole number in [min, max]; undefined → `fallback`. */
export function readInteger(
  field: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `${field} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** A finite number in [min, max); undefined → `fallback`. */
export function readNumber(
  field: string,
  value: number | undefined,
  fallback: number,
  min: number,
  maxExclusive: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min || value >= maxExclusive) {
    throw invalid(field, `${field} must be a number ≥ ${min} and < ${maxExclusive}, got ${value}`);
  }
  return value;
}

/** One of `choices`; undefined → `fallback`. */
export function readChoice<T extends string>(
  field: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw invalid(field, `${field} must be one of ${choices.join(', ')}, got "${value}"`);
  }
  return value as T;
}

/** Requires `earlier` to be strictly before `later`. */
export function requireBefore(field: string, earlier: Day, laterField: string, later: Day): void {
  if (!(earlier.date.getTime() < later.date.getTime())) {
    throw invalid(field, `${field} (${earlier.iso}) must be before ${laterField} (${later.iso})`);
  }
}

/** Paging of per-customer detail. */
export interface PageOptions {
  page?: number;
  limit?: number;
}

export interface Page<T> {
  total: number;
  page: number;
  limit: number;
  items: T[];
}

export const MAX_PAGE_SIZE = 1000;

export function readPage(options: PageOptions): { page: number; limit: number } {
  return {
    page: readInteger('page', options.page, 1, 1, 1_000_000),
    limit: readInteger('limit', options.limit, 50, 0, MAX_PAGE_SIZE),
  };
}

/**
 * The `page` of `items` in `compare` order, as `pageOf` of the sorted items gives it, without
 * sorting all of them when the page is near the top: the first page × limit items are kept in
 * order as the items pass, so a million customers cost a million comparisons, not a sort.
 */
export function pageOfBest<T>(
  items: readonly T[],
  paging: { page: number; limit: number },
  compare: (a: T, b: T) => number,
): Page<T> {
  const keep = paging.page * paging.limit;
  if (keep === 0) return { ...pageOf([], paging), total: items.length };
  if (keep * 8 > items.length) return pageOf([...items].sort(compare), paging);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === keep && compare(item, best[keep - 1] as T) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > keep) best.pop();
  }
  return { ...pageOf(best, paging), total: items.length };
}

/** The `page` of `sorted` (1-based) with `limit` items. */
export function pageOf<T>(sorted: readonly T[], paging: { page: number; limit: number }): Page<T> {
  const start = (paging.page - 1) * paging.limit;
  return {
    total: sorted.length,
    page: paging.page,
    limit: paging.limit,
    items: sorted.slice(start, start + paging.limit),
  };
}
