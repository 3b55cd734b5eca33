/**
 * Reading the values of an imported file: dates with a format, amounts and quantities. Dates without a
 * time zone are UTC; what is a real date is the platform's date reader's answer.
 */
import { calendarDate, parseTime } from '../../platform/index';

const TOKENS = {
  YYYY: { pattern: '(\\d{4})', part: 'y' },
  MM: { pattern: '(\\d{2})', part: 'M' },
  DD: { pattern: '(\\d{2})', part: 'd' },
  M: { pattern: '(\\d{1,2})', part: 'M' },
  D: { pattern: '(\\d{1,2})', part: 'd' },
  HH: { pattern: '(\\d{2})', part: 'h' },
  H: { pattern: '(\\d{1,2})', part: 'h' },
  mm: { pattern: '(\\d{2})', part: 'm' },
  ss: { pattern: '(\\d{2})', part: 's' },
} as const;
type Part = (typeof TOKENS)[keyof typeof TOKENS]['part'];
const TOKEN_NAMES = Object.keys(TOKENS).sort((a, b) => b.length - a.length) as (keyof typeof TOKENS)[];

export type DateParser = (text: string) => Date | undefined;

/**
 * A parser for dates written as `format`: the tokens YYYY, MM, DD, M, D (one or two digits), HH, H,
 * mm, ss and literal characters, e.g. 'YYYYMMDD', 'DD/MM/YYYY', 'M/D/YYYY H:mm'. Without a format:
 * ISO 8601 ('2024-05-01', '2024-05-01T12:00:00Z', '2024-05-01 12:00:00'). Impossible dates
 * (2023-02-30) and years outside 0001-9999 are refused. Throws RangeError for a format without YYYY, MM/M and DD/D.
 */
export function dateParser(format: string | undefined): DateParser {
  if (format === undefined) return parseIsoDate;
  const parts: Part[] = [];
  let pattern = '';
  for (let i = 0; i < format.length; ) {
    const token = TOKEN_NAMES.find((t) => format.startsWith(t, i));
    if (token) {
      pattern += TOKENS[token].pattern;
      parts.push(TOKENS[token].part);
      i += token.length;
    } else {
      pattern += (format[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  if (!parts.includes('y') || !parts.includes('M') || !parts.includes('d')) {
    throw new RangeError(`date format "${format}" needs YYYY, MM (or M) and DD (or D)`);
  }
  const regex = new RegExp(`^${pattern}$`);
  return (text) => {
    const match = regex.exec(text.trim());
    if (!match) return undefined;
    const value: Record<Part, number> = { y: 0, M: 1, d: 1, h: 0, m: 0, s: 0 };
    parts.forEach((part, i) => {
      value[part] = Number(match[i + 1]);
    });
    return calendarDate(value.y, value.M, value.d, value.h, value.m, value.s);
  };
}

/** ISO 8601 by the platform's date reader: a day alone, or a time without a zone, is UTC. */
const parseIsoDate = (text: string): Date | undefined =>
  parseTime(text.trim(), { zoneOptional: true, dayAlone: true });

const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;

/** A plain decimal number ('12', '-3.5', '0.99'); undefined for anything else. */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : undefined;
}

const INTEGER = /^-?\d+$/;

export function parseInteger(text: string): number | undefined {
  const t = text.trim();
  if (!INTEGER.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

const TRUTHY = new Set(['1', 'true', 't', 'yes', 'y', 'return', 'returned', 'r']);

export const isTruthy = (text: string) => TRUTHY.has(text.trim().toLowerCase());
