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

export function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = element(values[i]);
  return `{${parts.join(',')}}`;
}

function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  else if (typeof value === 'boolean') return value ? 't' : 'f';
  else if (value instanceof Date) text = value.toISOString();
  else text = JSON.stringify(value);
  return NEEDS_ESCAPE.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
}
