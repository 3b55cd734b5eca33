import { sql } from 'kysely';
import type { Tx } from '../../db/index';

/** A column that refers to a person: (workspace_id, column) is a foreign key to people. */
export interface PersonReference {
  schema: string;
  table: string;
  column: string;
  /** Unique keys of the table that include the column (other columns of each key). */
  uniqueWith: string[][];
}

/**
 * Tables whose rows for the merged person are derived data: they are deleted, not moved, and the
 * next recompute writes the survivor's (scores computed from the merged person's history alone
 * would be wrong for the survivor; typed attribute values follow the survivor's merged attributes).
 */
const DERIVED_TABLES = new Set(['customer_scores', 'people_attribute_values']);
/** Handled by `repointCandidates`: a pair must stay ordered, unique, and never pair a person with itself. */
const CANDIDATES_TABLE = 'merge_candidates';
/** Memberships of accounts: where both people belong to one account, the survivor's membership keeps the earlier `since`. */
const MEMBERS_TABLE = 'account_members';

/**
 * Every foreign key to people, read from the catalogue at merge time, so tables added by later
 * migrations (tasks, notes, cases...) are re-pointed without this code knowing them.
 */
export async function findPersonReferences(trx: Tx): Promise<PersonReference[]> {
  const { rows } = await sql<{
    schema: string;
    table: string;
    column: string;
    unique_with: string[][] | null;
  }>`
    with fk as (
      select c.conrelid, n.nspname as schema, cl.relname as "table", a.attname as "column", a.attnum
      from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid
      join pg_namespace n on n.oid = cl.relnamespace
      cross join lateral unnest(c.conkey, c.confkey) as k(attnum, refnum)
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
      join pg_attribute r on r.attrelid = c.confrelid and r.attnum = k.refnum
      where c.contype = 'f' and c.confrelid = 'people'::regclass and r.attname = 'id'
        -- A partitioned table is changed through its parent; its partitions carry copies of the key.
        and not cl.relispartition
    )
    select fk.schema, fk."table", fk."column",
      (select array_agg(u.cols) from (
         select to_jsonb(array_agg(ua.attname::text order by uk.ord)
                  filter (where ua.attname not in ('workspace_id') and ua.attnum <> fk.attnum)) as cols
         from pg_index i
         cross join lateral unnest(i.indkey::int2[]) with ordinality as uk(attnum, ord)
         join pg_attribute ua on ua.attrelid = i.indrelid and ua.attnum = uk.attnum
         where i.indrelid = fk.conrelid and i.indisunique and i.indpred is null
           and fk.attnum = any(i.indkey::int2[])
         group by i.indexrelid) u) as unique_with
    from fk
    order by fk.schema, fk."table", fk."column"`.execute(trx);
  return rows.map((r) => ({
    schema: r.schema,
    table: r.table,
    column: r.column,
    uniqueWith: (r.unique_with ?? []).map((cols) => (cols ?? []) as string[]),
  }));
}

const where = (ref: PersonReference, workspaceId: string, personId: string) =>
  sql`workspace_id = ${workspaceId} and ${sql.ref(ref.column)} = ${personId}`;
const tableOf = (ref: PersonReference) => sql.id(ref.schema, ref.table);
const label = (ref: PersonReference) => `${ref.table}.${ref.column}`;

/** How many rows of each referencing table point at the person (what a merge would move). */
export async function countReferences(
  trx: Tx,
  refs: PersonReference[],
  workspaceId: string,
  personId: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const ref of refs) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${tableOf(ref)} where ${where(ref, workspaceId, personId)}`.execute(trx);
    counts[label(ref)] = rows[0]?.n ?? 0;
  }
  return counts;
}

/**
 * Moves every row that refers to `mergedId` onto `survivorId`, in the caller's transaction: merge
 * candidates are re-paired, derived rows deleted, and where a unique key would collide the
 * survivor's row is kept and the merged person's dropped. Returns rows moved (or dropped) per column.
 */
export async function repointReferences(
  trx: Tx,
  refs: PersonReference[],
  workspaceId: string,
  survivorId: string,
  mergedId: string,
): Promise<{ moved: Record<string, number>; dropped: Record<string, number> }> {
  const moved: Record<string, number> = {};
  const dropped: Record<string, number> = {};
  const add = (into: Record<string, number>, key: string, n: number) => {
    if (n > 0) into[key] = (into[key] ?? 0) + n;
  };
  if (refs.some((r) => r.table === CANDIDATES_TABLE))
    add(moved, CANDIDATES_TABLE, await repointCandidates(trx, workspaceId, survivorId, mergedId));
  if (refs.some((r) => r.table === MEMBERS_TABLE))
    await combineMemberships(trx, workspaceId, survivorId, mergedId);

  for (const ref of refs) {
    if (ref.table === CANDIDATES_TABLE) continue;
    if (DERIVED_TABLES.has(ref.table)) {
      const result =
        await sql`delete from ${tableOf(ref)} where ${where(ref, workspaceId, mergedId)}`.execute(trx);
      add(dropped, label(ref), Number(result.numAffectedRows ?? 0));
      continue;
    }
    for (const others of ref.uniqueWith) {
      const matchOthers = others.map((c) => sql` and s.${sql.ref(c)} = m.${sql.ref(c)}`);
      const result = await sql`
        delete from ${tableOf(ref)} m
        where m.workspace_id = ${workspaceId} and m.${sql.ref(ref.column)} = ${mergedId}
          and exists (select 1 from ${tableOf(ref)} s
                      where s.workspace_id = ${workspaceId} and s.${sql.ref(ref.column)} = ${survivorId}
                      ${sql.join(matchOthers, sql``)})`.execute(trx);
      add(dropped, label(ref), Number(result.numAffectedRows ?? 0));
    }
    const result = await sql`
      update ${tableOf(ref)} set ${sql.ref(ref.column)} = ${survivorId}
      where ${where(ref, workspaceId, mergedId)}`.execute(trx);
    add(moved, label(ref), Number(result.numAffectedRows ?? 0));
  }
  return { moved, dropped };
}

/**
 * The merged pair itself goes; every other pair of the merged person becomes a pair of the
 * survivor (ordered, as the table requires), joining an existing pair with the same person:
 * the higher score and both sets of reasons are kept, and the existing pair's status.
 */
async function repointCandidates(trx: Tx, workspaceId: string, survivorId: string, mergedId: string) {
  const result = await sql`
    with gone as (
      delete from merge_candidates
      where workspace_id = ${workspaceId} and (person_a = ${mergedId} or person_b = ${mergedId})
      returning *
    ), moved as (
      select case when person_a = ${mergedId} then person_b else person_a end as other, g.*
      from gone g
    )
    insert into merge_candidates as mc
      (workspace_id, person_a, person_b, score, reasons, status, scan_score, scan_reasons, created_at)
    select workspace_id, least(other, ${survivorId}::uuid), greatest(other, ${survivorId}::uuid),
      score, reasons, status, scan_score, scan_reasons, created_at
    from moved where other <> ${survivorId}
    on conflict (workspace_id, person_a, person_b) do update set
      score = greatest(mc.score, excluded.score),
      reasons = mc.reasons || coalesce((select jsonb_agg(r) from jsonb_array_elements(excluded.reasons) r
                                          where not mc.reasons @> jsonb_build_array(r)), '[]'),
      scan_score = greatest(mc.scan_score, excluded.scan_score),
      scan_reasons = mc.scan_reasons || coalesce((select jsonb_agg(r) from jsonb_array_elements(excluded.scan_reasons) r
                                                    where not mc.scan_reasons @> jsonb_build_array(r)), '[]'),
      updated_at = now()`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Where both people belong to the same account, the survivor's membership takes the earlier `since`
 * and, if it has none, the merged person's role; the merged person's duplicate membership is then
 * dropped by the unique-key rule of `repointReferences`, and the rest move.
 */
async function combineMemberships(trx: Tx, workspaceId: string, survivorId: string, mergedId: string) {
  await sql`
    update account_members s set since = least(s.since, m.since), role = coalesce(s.role, m.role)
    from account_members m
    where s.workspace_id = ${workspaceId} and s.person_id = ${survivorId}
      and m.workspace_id = s.workspace_id and m.account_id = s.account_id and m.person_id = ${mergedId}`.execute(
    trx,
  );
}
