import { dayNumber, monthLabel, monthNumber, weekNumber } from '../dates';
import { InputError } from '../input-error';

/** A demand amount of a category (product group, channel, market segment) at a time. */
export interface CategorizedDemand {
  time: Date;
  category: string;
  value: number;
}

/** Period of a composition. */
export type CompositionPeriod = 'day' | 'week' | 'month' | 'year';

/** One period's demand split by category. */
export interface PeriodComposition {
  /** 'YYYY-MM-DD' (day; the Monday for a week), 'YYYY-MM' (month) or 'YYYY' (year). */
  period: string;
  total: number;
  categories: { category: string; value: number; share: number }[];
}

/**
 * Composition of demand by category per period: for each day, week (Monday to Sunday), month or year,
 * the total and each category's value and share of it, categories in descending value (ties by
 * name), periods in time order. Only periods with demand appear.
 */
export function composeDemandByCategory(
  points: readonly CategorizedDemand[],
  period: CompositionPeriod,
): PeriodComposition[] {
  const byPeriod = new Map<number, Map<string, number>>();
  points.forEach((p, i) => {
    if (!(p.time instanceof Date) || Number.isNaN(p.time.getTime()))
      throw new InputError('invalid time', { line: i + 1, field: 'time' });
    if (!Number.isFinite(p.value))
      throw new InputError(`value must be a finite number, got ${p.value}`, { line: i + 1, field: 'value' });
    const day = dayNumber(p.time);
    const key =
      period === 'day'
        ? day
        : period === 'week'
          ? weekNumber(day)
          : period === 'month'
            ? monthNumber(day)
            : p.time.getUTCFullYear();
    let categories = byPeriod.get(key);
    if (!categories) {
      categories = new Map();
      byPeriod.set(key, categories);
    }
    categories.set(p.category, (categories.get(p.category) ?? 0) + p.value);
  });
  return [...byPeriod.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, categories]) => {
      let total = 0;
      for (const v of categories.values()) total += v;
      return {
        period: labelOf(key, period),
        total,
        categories: [...categories.entries()]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
          .map(([category, value]) => ({ category, value, share: total !== 0 ? value / total : Number.NaN })),
      };
    });
}

function labelOf(key: number, period: CompositionPeriod): string {
  if (period === 'year') return String(key);
  if (period === 'month') return monthLabel(key);
  const day = period === 'week' ? key * 7 + 4 : key; // weekNumber counts from Monday 1970-01-05 (day 4)
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
