import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import { arrayParam } from './array-param';

/** A column of a bulk insert: its name and PostgreSQL type (for the array cast). */
export type BulkColumn = readonly [name: string, type: string];

/**
 * `insert into table (columns) select * from unnest($1::type[], $2::type[], ...)`: one statement and
 * one parameter per column for any number of rows, 2-4x faster than a multi-row VALUES list.
 * Runs inside the caller's transaction (so under its tenant scope). Names are constants of the
 * caller, never input. Append `on conflict ...` / `returning ...` with `sql\`${insert} ...\``.
 */
export function unnestInsert(
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly unknown[])[],
): RawBuilder<unknown> {
  const arrays = columns.map(([, type], c) =>
    arrayParam(
      rows.map((row) => row[c]),
      type,
    ),
  );
  const names = sql.join(columns.map(([name]) => sql.ref(name)));
  return sql`insert into ${sql.table(table)} (${names}) select * from unnest(${sql.join(arrays)})`;
}

/**
 * A time-ordered UUID (version 7: milliseconds since 1970, then random bits) for rows inserted in bulk.
 * Rows made together get neighbouring keys, so each insert lands at the right edge of the primary-key
 * index (and of indexes on columns holding such ids, like identities by person) instead of on a random
 * page: on a large table a random version-4 key costs a page read, a page write and, after each
 * checkpoint, a full page image in the WAL for nearly every row.
 */
export function timeOrderedId(now = Date.now()): string {
  if (now !== prefixTime) {
    const time = now.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    prefixTime = now;
  }
  // A random UUID is xxxxxxxx-xxxx-4xxx-vxxx-xxxxxxxxxxxx: its last 74 random bits and variant are kept.
  return prefix + randomUUID().slice(15);
}

/** The time part of the last id made (ids are made by the thousand within one millisecond). */
let prefixTime = -1;
let prefix = '';
