import { type RawBuilder, sql } from 'kysely';
import { invalid } from '../platform/errors';

/**
 * Sort orders of the people list: a field, ascending, or descending with a leading `-`. Each is
 * keyset-paged on (field, id) over an index (0100, 0120), so page 20,000 costs what page 1 costs,
 * and the id breaks ties so no row is skipped or repeated between pages.
 */
export const PEOPLE_SORTS = [
  '-createdAt',
  'createdAt',
  '-updatedAt',
  'updatedAt',
  'displayName',
  '-displayName',
] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

const COLUMNS = { createdAt: 'created_at', updatedAt: 'updated_at', displayName: 'display_name' } as const;
type SortColumn = (typeof COLUMNS)[keyof typeof COLUMNS];

export interface SortSpec {
  sort: PeopleSort;
  column: SortColumn;
  direction: 'asc' | 'desc';
}

export function parseSort(sort: string | undefined): SortSpec {
  const given = (sort ?? '-createdAt') as PeopleSort;
  if (!PEOPLE_SORTS.includes(given)) throw invalid('sort', `must be one of ${PEOPLE_SORTS.join(', ')}`);
  const desc = given.startsWith('-');
  const field = (desc ? given.slice(1) : given) as keyof typeof COLUMNS;
  return { sort: given, column: COLUMNS[field], direction: desc ? 'desc' : 'asc' };
}

const isTime = (spec: SortSpec) => spec.column !== 'display_name';

/** The sort field of a row as text for the cursor (timestamps at microsecond precision, which a Date would round). */
export function sortValue(spec: SortSpec): RawBuilder<string> {
  return isTime(spec)
    ? sql<string>`to_char(${sql.ref(spec.column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : sql<string>`${sql.ref(spec.column)}`;
}

export interface SortCursor {
  value: string;
  id: string;
}

/**
 * Rows after the cursor in the sort order. Spelled out rather than a row comparison (row
 * comparisons are not leakproof, so under row-level security they would not use the index), with
 * `field <= value` first so that the index scan starts at the cursor instead of filtering its way
 * there from the top (a page half-way down a million rows: ~900 ms without it).
 */
export function afterCursor(spec: SortSpec, cursor: SortCursor): RawBuilder<boolean> {
  const column = sql.ref(spec.column);
  const value = isTime(spec) ? sql`${cursor.value}::timestamptz` : sql`${cursor.value}::text`;
  const desc = spec.direction === 'desc';
  const op = sql.raw(desc ? '<' : '>');
  const bound = sql.raw(desc ? '<=' : '>=');
  return sql<boolean>`(${column} ${bound} ${value} and (${column} ${op} ${value} or id ${op} ${cursor.id}::uuid))`;
}

export function encodeSortCursor(spec: SortSpec, cursor: SortCursor): string {
  return Buffer.from(JSON.stringify([spec.sort, cursor.value, cursor.id])).toString('base64url');
}

/** A cursor of a page in the same sort order; a cursor of another order is refused (it would skip rows). */
export function decodeSortCursor(spec: SortSpec, cursor: string): SortCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (!Array.isArray(parts) || parts.length !== 3)
    throw invalid('cursor', 'is not a cursor from a previous page');
  const [sort, value, id] = parts as unknown[];
  if (sort !== spec.sort) throw invalid('cursor', `belongs to another sort order (${String(sort)})`);
  if (typeof value !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id))
    throw invalid('cursor', 'is not a cursor from a previous page');
  if (isTime(spec) && Number.isNaN(Date.parse(value)))
    throw invalid('cursor', 'is not a cursor from a previous page');
  return { value, id };
}
