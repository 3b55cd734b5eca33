/**
 * Calendar helpers shared by the analytics modules. All calendar arithmetic is in UTC: a `Date`
 * belongs to the UTC day that contains it, so `dayNumber(new Date('1997-01-01'))` is the same for
 * every time zone of the server.
 */

const MS_PER_DAY = 86_400_000;

/** Whole UTC days since 1970-01-01 of the day containing `date`. */
export function dayNumber(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** Pandas-style weekly period index (weeks Monday–Sunday, pandas freq 'W' = 'W-SUN'). */
export function weekNumber(day: number): number {
  // 1970-01-05 (day 4) was a Monday.
  return Math.floor((day - 4) / 7);
}

/**
 * Calendar month index, year·12 + month − 1, of a UTC day (proleptic Gregorian; Hinnant's
 * civil_from_days, no `Date`).
 */
export function monthNumber(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 12 + month - 1;
}

/** 'YYYY-MM' label of a month index. */
export function monthLabel(month: number): string {
  const year = Math.floor(month / 12);
  return `${String(year).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** Date format tokens understood by `parseDate`. */
const TOKENS: Record<string, { pattern: string; key: 'y' | 'M' | 'd' | 'h' | 'm' | 's' }> = {
  YYYY: { pattern: '(\\d{4})', key: 'y' },
  MM: { pattern: '(\\d{2})', key: 'M' },
  DD: { pattern: '(\\d{2})', key: 'd' },
  HH: { pattern: '(\\d{2})', key: 'h' },
  mm: { pattern: '(\\d{2})', key: 'm' },
  ss: { pattern: '(\\d{2})', key: 's' },
};

const compiled = new Map<string, { regex: RegExp; keys: string[] }>();

function compile(format: string): { regex: RegExp; keys: string[] } {
  const cached = compiled.get(format);
  if (cached) return cached;
  const keys: string[] = [];
  let pattern = '';
  for (let i = 0; i < format.length; ) {
    const token = Object.keys(TOKENS).find((t) => format.startsWith(t, i));
    if (token) {
      const spec = TOKENS[token] as (typeof TOKENS)[string];
      pattern += spec.pattern;
      keys.push(spec.key);
      i += token.length;
    } else {
      pattern += (format[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  if (!keys.includes('y') || !keys.includes('M') || !keys.includes('d')) {
    throw new RangeError(`date format "${format}" needs YYYY, MM and DD`);
  }
  const result = { regex: new RegExp(`^${pattern}$`), keys };
  compiled.set(format, result);
  return result;
}

/**
 * Parses `text` with a format made of the tokens YYYY, MM, DD, HH, mm, ss and literal characters
 * (e.g. 'YYYYMMDD', 'YYYY-MM-DD', 'DD-MM-YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD HH:mm:ss') into a UTC
 * `Date`. Returns undefined when the text does not match or names an impossible date (2023-02-30).
 */
export function parseDate(text: string, format: string): Date | undefined {
  const { regex, keys } = compile(format);
  const match = regex.exec(text.trim());
  if (!match) return undefined;
  const parts: Record<string, number> = { y: 0, M: 1, d: 1, h: 0, m: 0, s: 0 };
  keys.forEach((key, i) => {
    parts[key] = Number(match[i + 1]);
  });
  const { y, M, d, h, m, s } = parts as Record<'y' | 'M' | 'd' | 'h' | 'm' | 's', number>;
  if (M < 1 || M > 12 || d < 1 || h > 23 || m > 59 || s > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, M - 1, d);
  date.setUTCHours(h, m, s, 0);
  if (date.getUTCDate() !== d || date.getUTCMonth() !== M - 1) return undefined;
  return date;
}
