import { type RawBuilder, sql } from 'kysely';

/**
 * `$n::type[]` with the array sent as one PostgreSQL array literal built here. node-postgres builds
 * array parameters element by element into nested concatenated strings, which then cost a full
 * flattening pass when measured for the wire: on 10,000-row bulk writes that was most of the server
 * process's time. Values: strings, numbers, booleans, Dates, null/undefined, and objects (as JSON).
 */
export function arrayParam(values: readonly unknown[], type: string): RawBuilder<unknown> {
  return sql`${arrayLiteral(values)}::${sql.raw(type)}[]`;
}

const NEEDS_ESCAPE = /[\\"]/;
/**
 * Elements that may go unquoted: no array syntax (braces, commas, quotes, backslashes), no white space
 * (trimmed from unquoted elements), not empty and not the word NULL. Most values (ids, emails, codes,
 * times) are such, and skip the quoting's copies.
 */
const BARE = /^[^\s{}",\\]+$/;
const NULL_WORD = /^null$/i;

export function arrayLiteral(values: readonly unknown[]): string {
  return bracketed(values, element, '{', '}');
}

/**
 * `open` + each value's text, comma-separated, + `close`, as one flat string: a multi-megabyte parameter
 * made with `{${...}}` is a rope, which node-postgres then measures character by character.
 */
export function bracketed<T>(
  values: readonly T[],
  text: (value: T) => string,
  open: string,
  close: string,
): string {
  const n = values.length;
  if (n === 0) return open + close;
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = text(values[i] as T);
  parts[0] = open + parts[0];
  parts[n - 1] = parts[n - 1] + close;
  return parts.join(',');
}

function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  else if (typeof value === 'boolean') return value ? 't' : 'f';
  else if (value instanceof Date) return value.toISOString();
  else text = JSON.stringify(value);
  if (BARE.test(text) && !(text.length === 4 && NULL_WORD.test(text))) return text;
  return NEEDS_ESCAPE.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
}
