import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { type Tx, withTenant } from '../db/tenant';
import { isAllowed, type Principal } from '../platform/permissions';

/** Longest chain followed; merges re-point older tombstones, so real chains are one step long. */
const MAX_HOPS = 20;

/**
 * The person a merged person's id now leads to, or null when the id was never merged. Follows
 * chains (A into B, then B into C gives C) in one query.
 */
export async function findSurvivor(trx: Tx, workspaceId: string, personId: string): Promise<string | null> {
  const { rows } = await sql<{ survivor_id: string }>`
    with recursive chain(survivor_id, hops) as (
      select survivor_id, 1 from person_tombstones where workspace_id = ${workspaceId} and merged_id = ${personId}
      union all
      select t.survivor_id, c.hops + 1 from chain c
      join person_tombstones t on t.workspace_id = ${workspaceId} and t.merged_id = c.survivor_id
      where c.hops < ${MAX_HOPS}
    )
    select survivor_id from chain order by hops desc limit 1`.execute(trx);
  return rows[0]?.survivor_id ?? null;
}

/** Where a merged person's id leads, for a caller who may read people; null otherwise. */
export async function resolveMergedPerson(
  db: Db,
  actor: Principal,
  personId: string,
): Promise<string | null> {
  if (!isAllowed(actor, 'people', 'read')) return null;
  return withTenant(db, actor.workspaceId, (trx) => findSurvivor(trx, actor.workspaceId, personId));
}

export async function insertTombstone(
  trx: Tx,
  actor: Principal,
  mergedId: string,
  survivorId: string,
): Promise<void> {
  await sql`
    insert into person_tombstones (workspace_id, merged_id, survivor_id, merged_by)
    values (${actor.workspaceId}, ${mergedId}, ${survivorId}, ${actor.via === 'system' ? null : actor.userId})`.execute(
    trx,
  );
}
