import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { isAllowed, type Principal } from '../../platform/index';

/**
 * The person a merged person's id now leads to, or null when the id was never merged. Always one
 * step: survivor_id references a live person, and a merge re-points the tombstones that led to the
 * merged person (A into B, then B into C: A's tombstone then names C).
 */
export async function findSurvivor(trx: Tx, workspaceId: string, personId: string): Promise<string | null> {
  const { rows } = await sql<{ survivor_id: string }>`
    select survivor_id from person_tombstones
    where workspace_id = ${workspaceId} and merged_id = ${personId}`.execute(trx);
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
