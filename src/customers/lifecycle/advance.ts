import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import type { Principal } from '../../platform/index';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../tables';

/** The stages a person moves forward through; churned stands before them all (a win-back moves on). */
const FORWARD: readonly LifecycleStage[] = LIFECYCLE_STAGES.filter((s) => s !== 'churned');

export interface LifecycleMove {
  personId: string;
  stage: LifecycleStage;
}

/**
 * Moves people forward to a lifecycle stage inside the caller's transaction (a lead captured, worked,
 * converted; a quote sent; a deal won), never back: a customer who fills in a form stays a customer.
 * Each move is recorded in the stage history with the actor. The caller authorises its own action;
 * this only follows it. Answers the people that moved.
 */
export async function advanceLifecycle(
  trx: Tx,
  actor: Principal,
  moves: readonly LifecycleMove[],
): Promise<string[]> {
  const furthest = new Map<string, LifecycleStage>();
  for (const move of moves) {
    const known = furthest.get(move.personId);
    if (!known || rank(move.stage) > rank(known)) furthest.set(move.personId, move.stage);
  }
  if (furthest.size === 0) return [];
  const ids = [...furthest.keys()];
  const stages = ids.map((id) => furthest.get(id) as string);
  const { rows } = await sql<{ person_id: string }>`
    with wanted as (
      select w.person_id, w.stage from unnest(${ids}::uuid[], ${stages}::text[]) as w(person_id, stage)
    ), due as (
      select p.id, p.lifecycle_stage as from_stage, w.stage as to_stage
      from people p join wanted w on w.person_id = p.id
      where p.workspace_id = ${actor.workspaceId}
        and coalesce(array_position(${FORWARD}::text[], w.stage), 0)
          > coalesce(array_position(${FORWARD}::text[], p.lifecycle_stage), 0)
      for update of p
    ), moved as (
      update people p set lifecycle_stage = due.to_stage, updated_at = now()
      from due where p.workspace_id = ${actor.workspaceId} and p.id = due.id
      returning p.id
    )
    insert into lifecycle_changes (workspace_id, person_id, from_stage, to_stage, changed_by)
    select ${actor.workspaceId}, due.id, due.from_stage, due.to_stage, ${actor.via === 'system' ? null : actor.userId}::uuid
    from due join moved on moved.id = due.id
    returning person_id`.execute(trx);
  return rows.map((r) => r.person_id);
}

const rank = (stage: LifecycleStage) => FORWARD.indexOf(stage);
