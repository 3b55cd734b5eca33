import { invalid } from './errors';

/**
 * The one reader of dates and times that come from outside (request bodies, query strings, cursors,
 * imported files). ISO 8601 only; a real calendar day (2025-02-30 is refused, where JavaScript's
 * Date would roll it over to March); years 0001 to 9999, which PostgreSQL's date and timestamptz
 * hold and print as written (it has no year 0000, and JavaScript's Date does).
 */

export const FIRST_YEAR = 1;
export const LAST_YEAR = 9999;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * The instant of a calendar date and time of day in UTC, or undefined when there is no such day
 * or time (month 13, 30 February, 24:00, a 60th second) or the year is outside 0001-9999.
 */
export function calendarDate(y: number, M: number, d: number, h = 0, m = 0, s = 0, ms = 0): Date | undefined {
  if (y < FIRST_YEAR || y > LAST_YEAR || M < 1 || M > 12 || d < 1 || h > 23 || m > 59 || s > 59)
    return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  date.setUTCFullYear(y, M - 1, d);
  date.setUTCHours(h, m, s, ms);
  if (date.getUTCDate() !== d || date.getUTCMonth() !== M - 1) return undefined;
  return date;
}

/** A day written YYYY-MM-DD, as midnight UTC; undefined when it is not a real day. */
export function parseDay(text: string): Date | undefined {
  const match = DAY.exec(text);
  if (!match) return undefined;
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

export interface TimeOptions {
  /** Without a zone the time is UTC (imported files); by default a zone is required (the API). */
  zoneOptional?: boolean;
  /** A day alone (YYYY-MM-DD) is midnight UTC (imported files). */
  dayAlone?: boolean;
}

/**
 * A time written as ISO 8601 (`2026-01-02T10:00:00Z`, `2026-01-02 10:00:00.5+01:00`), as an
 * instant; undefined when it is not a real day and time, or the instant falls outside 0001-9999.
 */
export function parseTime(text: string, options: TimeOptions = {}): Date | undefined {
  const match = TIME.exec(text);
  if (!match) return undefined;
  const [, y, M, d, h, m, s = '0', fraction = '', zone] = match;
  if (h === undefined && !options.dayAlone) return undefined;
  if (zone === undefined && h !== undefined && !options.zoneOptional) return undefined;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = calendarDate(Number(y), Number(M), Number(d), Number(h ?? 0), Number(m ?? 0), Number(s), ms);
  if (!local) return undefined;
  if (!zone || zone === 'Z' || zone === 'z') return local;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return undefined;
  const offset = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  const instant = new Date(local.getTime() - offset * 60_000);
  const year = instant.getUTCFullYear();
  return year < FIRST_YEAR || year > LAST_YEAR ? undefined : instant;
}

/** Whether `text` is a time the API takes (a zone required): the `date-time` format of request schemas. */
export const isTime = (text: string): boolean => parseTime(text) !== undefined;

/** Whether `text` is a real day YYYY-MM-DD: the `date` format of request schemas. */
export const isDay = (text: string): boolean => parseDay(text) !== undefined;

/** The instant `text` names; a 400 naming `field` when it is not one. */
export function readTime(field: string, text: string): Date {
  const time = parseTime(text);
  if (!time)
    throw invalid(
      field,
      `must be an ISO 8601 time with a zone, e.g. 2026-01-02T10:00:00Z (a real date, years ${FIRST_YEAR}-${LAST_YEAR})`,
    );
  return time;
}

/** The day `text` names (midnight UTC); a 400 naming `field` when it is not one. */
export function readDay(field: string, text: string): Date {
  const day = parseDay(text);
  if (!day) throw invalid(field, `must be a real day written YYYY-MM-DD (years ${FIRST_YEAR}-${LAST_YEAR})`);
  return day;
}
