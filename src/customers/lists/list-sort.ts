import { type RawBuilder, sql } from 'kysely';
import { invalid, parseTime } from '../../platform/index';

/**
 * Sort orders of the back-office lists: a field, ascending, or descending with a leading `-`. Each is
 * keyset-paged on (field, id) over an index (0100, 0120, 0122), so page 20,000 costs what page 1
 * costs, and the id breaks ties so no row is skipped or repeated between pages.
 *
 * Fields that may be empty (an account's domain, industry, size, owner) sort as PostgreSQL does:
 * empty last when ascending, first when descending (the exact reverse), so one index serves both.
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

export const ACCOUNT_SORTS = [
  '-createdAt',
  'createdAt',
  '-updatedAt',
  'updatedAt',
  'name',
  '-name',
  'domain',
  '-domain',
  'industry',
  '-industry',
  'size',
  '-size',
  'owner',
  '-owner',
] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

interface SortField {
  /** The SQL expression sorted on (a column, or a cast the index is built on). */
  column: string;
  kind: 'time' | 'text' | 'owner';
  nullable: boolean;
}

const PEOPLE_FIELDS: Record<string, SortField> = {
  createdAt: { column: 'created_at', kind: 'time', nullable: false },
  updatedAt: { column: 'updated_at', kind: 'time', nullable: false },
  displayName: { column: 'display_name', kind: 'text', nullable: false },
};

const ACCOUNT_FIELDS: Record<string, SortField> = {
  createdAt: { column: 'created_at', kind: 'time', nullable: false },
  updatedAt: { column: 'updated_at', kind: 'time', nullable: false },
  name: { column: 'name', kind: 'text', nullable: false },
  // citext's comparisons are not leakproof (row-level security would stop the index being used):
  // domains are stored lower-case, so their text is compared.
  domain: { column: 'domain::text', kind: 'text', nullable: true },
  industry: { column: 'industry', kind: 'text', nullable: true },
  size: { column: 'size', kind: 'text', nullable: true },
  // By the owner's name (then the owner's id), accounts without owner at the end: see accounts-list.
  owner: { column: 'owner_id', kind: 'owner', nullable: true },
};

export interface SortSpec {
  sort: string;
  /** The SQL expression of the sort field (trusted: from the tables above). */
  column: string;
  kind: SortField['kind'];
  nullable: boolean;
  direction: 'asc' | 'desc';
}

function parseWith(
  sorts: readonly string[],
  fields: Record<string, SortField>,
  sort: string | undefined,
): SortSpec {
  const given = sort ?? '-createdAt';
  if (!sorts.includes(given)) throw invalid('sort', `must be one of ${sorts.join(', ')}`);
  const desc = given.startsWith('-');
  const field = fields[desc ? given.slice(1) : given] as SortField;
  return { sort: given, ...field, direction: desc ? 'desc' : 'asc' };
}

/** The people list's sort (default `-createdAt`, newest first); a 400 names `sort`. */
export function parseSort(sort: string | undefined): SortSpec {
  return parseWith(PEOPLE_SORTS, PEOPLE_FIELDS, sort);
}

/** The accounts list's sort (default `-createdAt`, newest first); a 400 names `sort`. */
export function parseAccountSort(sort: string | undefined): SortSpec {
  return parseWith(ACCOUNT_SORTS, ACCOUNT_FIELDS, sort);
}

/** The sort expression, for `order by`. */
export function sortExpression(spec: SortSpec): RawBuilder<unknown> {
  return sql.raw(spec.column);
}

/** The sort field of a row as text for the cursor (timestamps at microsecond precision, which a Date would round). */
export function sortValue(spec: SortSpec): RawBuilder<string | null> {
  return spec.kind === 'time'
    ? sql<string>`to_char(${sql.raw(spec.column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : sql<string | null>`${sql.raw(spec.column)}::text`;
}

export interface SortCursor {
  /** The sort field of the last row as text; null when it was empty. */
  value: string | null;
  id: string;
}

const castValue = (spec: SortSpec, value: string) =>
  spec.kind === 'time'
    ? sql`${value}::timestamptz`
    : spec.kind === 'owner'
      ? sql`${value}::uuid`
      : sql`${value}::text`;

/**
 * Rows after the cursor in the sort order among those with a value, as two parts: the rest of the
 * cursor's value (`field = value and id > last id`), then the values beyond it (`field > value`).
 * Each is a plain range of the (workspace, field, id) index, so the scan starts at the cursor
 * even when thousands of rows share its value (an industry, a size), where `field >= value and
 * (field > value or id > last id)` would filter its way through all of them first (~300-550 ms
 * half-way down a million accounts); only leakproof comparisons, so row-level security keeps them
 * on the index.
 */
function afterValue(spec: SortSpec, value: string, id: string): RawBuilder<boolean>[] {
  const column = sql.raw(spec.column);
  const v = castValue(spec, value);
  const op = sql.raw(spec.direction === 'desc' ? '<' : '>');
  return [sql<boolean>`(${column} = ${v} and id ${op} ${id}::uuid)`, sql<boolean>`${column} ${op} ${v}`];
}

/**
 * The parts of the list a page after `cursor` reads, in order, each a condition whose rows come in
 * the sort order by `order by field, id` over the (workspace, field, id) index: the rest of the
 * cursor's value, the values beyond it, and for a field that may be empty the empty ones (`field is
 * null` also reads the index in order). A page that ends one part goes on into the next.
 */
export function pageParts(spec: SortSpec, cursor: SortCursor | undefined): RawBuilder<boolean>[] {
  if (!cursor) return [sql<boolean>`true`];
  const column = sql.raw(spec.column);
  const id = sql`${cursor.id}::uuid`;
  if (cursor.value === null) {
    if (!spec.nullable) throw invalid('cursor', 'is not a cursor from a previous page');
    // Past the values (ascending) or still before them (descending).
    return spec.direction === 'asc'
      ? [sql<boolean>`(${column} is null and id > ${id})`]
      : [sql<boolean>`(${column} is null and id < ${id})`, sql<boolean>`${column} is not null`];
  }
  const parts = afterValue(spec, cursor.value, cursor.id);
  return spec.nullable && spec.direction === 'asc' ? [...parts, sql<boolean>`${column} is null`] : parts;
}

/** Reads the parts in order until `limit` rows are found (each part asked only for what is missing). */
export async function readParts<T>(
  parts: readonly RawBuilder<boolean>[],
  limit: number,
  read: (part: RawBuilder<boolean>, limit: number) => Promise<T[]>,
): Promise<T[]> {
  const rows: T[] = [];
  for (const part of parts) {
    if (rows.length >= limit) break;
    rows.push(...(await read(part, limit - rows.length)));
  }
  return rows;
}

export function encodeSortCursor(spec: SortSpec, cursor: SortCursor): string {
  return Buffer.from(JSON.stringify([spec.sort, cursor.value, cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A cursor of a page in the same sort order; a cursor of another order is refused (it would skip rows). */
export function decodeSortCursor(spec: SortSpec, cursor: string): SortCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const bad = () => invalid('cursor', 'is not a cursor from a previous page');
  if (!Array.isArray(parts) || parts.length !== 3) throw bad();
  const [sort, value, id] = parts as unknown[];
  if (sort !== spec.sort) throw invalid('cursor', `belongs to another sort order (${String(sort)})`);
  if (typeof id !== 'string' || !UUID.test(id)) throw bad();
  if (value === null && spec.nullable) return { value: null, id };
  if (typeof value !== 'string') throw bad();
  if (spec.kind === 'time' && !parseTime(value)) throw bad();
  if (spec.kind === 'owner' && !UUID.test(value)) throw bad();
  return { value, id };
}
