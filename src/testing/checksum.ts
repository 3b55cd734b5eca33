import { sql } from 'kysely';
import type { Db } from '../db/index';

/**
 * Columns that change on a request that changes nothing: an API token's last use is written (at
 * most once a minute) by every authenticated request, refused or not.
 */
const VOLATILE: Record<string, string[]> = { api_tokens: ['last_used_at'] };

/**
 * A checksum of every row of every table (leaf tables: a partition's rows are its parent's), by
 * table, from the live catalogue: what a refused request must leave exactly as it was.
 */
export async function tableChecksums(db: Db): Promise<Record<string, string>> {
  const { rows: tables } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' order by 1`.execute(db);
  const parts = tables.map(({ name }) => {
    const drop = (VOLATILE[name] ?? []).map((column) => sql` - ${column}::text`);
    return sql`select ${name}::text as name,
        md5(coalesce(string_agg((to_jsonb(t)${sql.join(drop, sql``)})::text, ',' order by (to_jsonb(t)${sql.join(drop, sql``)})::text), '')) as sum
      from ${sql.table(name)} t`;
  });
  const { rows } = await sql<{ name: string; sum: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
}

/** The tables whose checksums differ. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}
