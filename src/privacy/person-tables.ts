import { sql } from 'kysely';
import type { Tx } from '../db/index';

/**
 * Every table whose rows belong to a person: those with a (workspace_id, person_id) foreign key to
 * people, read from the live catalogue so tables later issues add are included without a change here.
 */
export async function tablesReferencingPeople(trx: Tx): Promise<{ table: string; column: string }[]> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select src.relname as table_name, a.attname::text as column_name
    from pg_constraint c
    join pg_class src on src.oid = c.conrelid
    join pg_class dst on dst.oid = c.confrelid
    join pg_namespace n on n.oid = src.relnamespace
    join lateral unnest(c.conkey) k(attnum) on true
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
    where c.contype = 'f' and dst.relname = 'people' and n.nspname = 'public' and a.attname <> 'workspace_id'
    order by 1, 2`.execute(trx);
  return rows.map((r) => ({ table: r.table_name, column: r.column_name }));
}
