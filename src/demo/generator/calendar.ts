import type { Random } from './random';

export const DAY_MS = 86_400_000;

/**
 * Demand over the calendar, as a multiplier with mean about 1: a holiday season (peak mid
 * December), a Black Friday spike (late November), a summer dip, and busier weekends. Purchase
 * times are drawn by thinning a Poisson process with this multiplier, so demand analyses
 * (hour x weekday x month, Holt-Winters) have a seasonal pattern to find.
 */
export function demand(ms: number): number {
  const date = new Date(ms);
  const dayOfYear = (ms - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
  const season =
    0.93 +
    0.55 * Math.exp(-(((dayOfYear - 348) / 18) ** 2)) +
    0.9 * Math.exp(-(((dayOfYear - 330) / 2.5) ** 2)) -
    0.12 * Math.exp(-(((dayOfYear - 210) / 30) ** 2));
  return season * (WEEKDAY[date.getUTCDay()] as number);
}

/** Sunday first; mean 1. */
const WEEKDAY = [1.12, 0.86, 0.9, 0.94, 0.98, 1.1, 1.1];

/** An upper bound of `demand`, for thinning. */
export const MAX_DEMAND = 2.6;

export type HourProfile = readonly number[];

// Hour-of-day weights (UTC, the business's clock), by channel.
export const HOURS = {
  web: [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 4.5, 5, 6, 5.5, 5, 4.5, 4.5, 5, 6, 7, 7.5, 6.5, 4.5, 2.5],
  mobile_app: [
    1.5, 0.8, 0.4, 0.2, 0.2, 0.4, 1.2, 3, 3.5, 3, 3, 3.5, 4.5, 4, 3.5, 3.5, 4, 5, 6, 7, 8, 8, 6, 3,
  ],
  store: [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 6, 7, 7, 6, 6, 6.5, 7, 6, 4, 2, 0, 0, 0],
  office: [0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 7, 7, 5, 6, 7, 6, 5, 4, 2, 1, 0, 0, 0, 0],
  anytime: [
    0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.5, 3, 4, 4.5, 4.5, 4.5, 5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4, 3, 2, 1,
  ],
} satisfies Record<string, HourProfile>;

/** A moment on the day of `ms`, at an hour drawn from the profile. */
export function atHourOf(rng: Random, ms: number, profile: HourProfile): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const hour = rng.weighted(profile);
  return day + hour * 3_600_000 + Math.floor(rng.next() * 3_600_000);
}

let cachedDay = Number.NaN;
let cachedPrefix = '';
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `new Date(ms).toISOString()`, faster (the date part is cached per day); years 1000-9999. */
export function isoDate(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = t - day * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return `${cachedPrefix}${TWO[hour]}:${TWO[minute]}:${TWO[second]}.${THREE[milli]}Z`;
}
