/**
 * Field parsers over the bytes of a text file (UTF-8 or ASCII), for readers that must not build a
 * string or a `Date` per field: a million lines a second needs numbers straight from bytes.
 */

/** Exact powers of ten (10^22 is the largest a double holds exactly). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The number written in bytes [start, end) (already trimmed), or NaN. Plain decimals ("12",
 * "-0.5", "29.33") of up to 15 significant digits are read from the bytes: an integer mantissa
 * divided by an exact power of ten is the correctly rounded double, the same as `Number(text)`.
 * Anything else (exponents, a leading +, more digits) goes through `Number(text)`. Empty is NaN,
 * as a blank amount is not zero.
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  if (start >= end) return Number.NaN;
  let i = start;
  const negative = bytes[i] === 45;
  if (negative) i++;
  let mantissa = 0;
  let significant = 0;
  let decimals = 0;
  let point = false;
  let digits = false;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (c >= 48 && c <= 57) {
      if (mantissa !== 0 || c !== 48) significant++;
      mantissa = mantissa * 10 + (c - 48);
      if (point) decimals++;
      digits = true;
    } else if (c === 46 && !point) point = true;
    else return numberOfText(decodeText(bytes, start, end));
  }
  if (!digits || significant > 15 || decimals > 22) return numberOfText(decodeText(bytes, start, end));
  const value = decimals === 0 ? mantissa : mantissa / (POW10[decimals] as number);
  return negative ? -value : value;
}

/** `Number(text)`, but NaN for blank text (which Number reads as 0). */
function numberOfText(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** Bytes [start, end) as text (UTF-8). */
export function decodeText(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
}

/** A date format compiled for `parseDay`: each token's position in a fixed-width field. */
export interface DayFormat {
  readonly text: string;
  readonly length: number;
  /** Positions of the literal characters and their byte values. */
  readonly literalAt: Int32Array;
  readonly literalCode: Int32Array;
  /** Start of each token (-1 when the format has none), and its width. */
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'] as const;

/**
 * Compiles a format of the tokens YYYY, MM, DD, HH, mm, ss and literal characters (the formats
 * of `parseDate`: 'YYYYMMDD', 'YYYY-MM-DD', 'DD/MM/YYYY', 'YYYY-MM-DD HH:mm:ss'…). Every token is
 * fixed-width, so a date is a field of exactly the format's length. Throws RangeError without
 * YYYY, MM and DD.
 */
export function compileDayFormat(format: string): DayFormat {
  const at: Record<(typeof TOKENS)[number], number> = { YYYY: -1, MM: -1, DD: -1, HH: -1, mm: -1, ss: -1 };
  const literals: [number, number][] = [];
  for (let i = 0; i < format.length; ) {
    const token = TOKENS.find((t) => format.startsWith(t, i));
    if (token) {
      at[token] = i;
      i += token.length;
    } else {
      const code = format.charCodeAt(i);
      if (code > 127) throw new RangeError(`date format "${format}": only ASCII literals are supported`);
      literals.push([i, code]);
      i++;
    }
  }
  if (at.YYYY < 0 || at.MM < 0 || at.DD < 0) {
    throw new RangeError(`date format "${format}" needs YYYY, MM and DD`);
  }
  return {
    text: format,
    length: format.length,
    literalAt: Int32Array.from(literals, ([at]) => at),
    literalCode: Int32Array.from(literals, ([, code]) => code),
    year: at.YYYY,
    month: at.MM,
    day: at.DD,
    hour: at.HH,
    minute: at.mm,
    second: at.ss,
  };
}

/** Whole UTC days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The number written by `width` digits at `at`, or -1 when one is not a digit. */
function digitsAt(bytes: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let i = at; i < at + width; i++) {
    const c = (bytes[i] as number) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * The UTC day number (days since 1970-01-01) of the date in bytes [start, end), or NaN when it does
 * not match the format or names an impossible date (2023-02-30, 24:00). The same days as
 * `dayNumber(parseDate(text, format))`, without a `Date`.
 */
export function parseDay(bytes: Uint8Array, start: number, end: number, format: DayFormat): number {
  if (end - start !== format.length) return Number.NaN;
  const { literalAt, literalCode } = format;
  for (let k = 0; k < literalAt.length; k++)
    if (bytes[start + (literalAt[k] as number)] !== literalCode[k]) return Number.NaN;
  const year = digitsAt(bytes, start + format.year, 4);
  const month = digitsAt(bytes, start + format.month, 2);
  const day = digitsAt(bytes, start + format.day, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (!timeFieldOk(bytes, start, format.hour, 23)) return Number.NaN;
  if (!timeFieldOk(bytes, start, format.minute, 59)) return Number.NaN;
  if (!timeFieldOk(bytes, start, format.second, 59)) return Number.NaN;
  return daysFromCivil(year, month, day);
}

/** A time token absent from the format (at < 0), or two digits up to `max`. */
function timeFieldOk(bytes: Uint8Array, start: number, at: number, max: number): boolean {
  if (at < 0) return true;
  const v = digitsAt(bytes, start + at, 2);
  return v >= 0 && v <= max;
}
