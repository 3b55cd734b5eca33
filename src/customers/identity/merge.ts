import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { recordAudit } from '../../platform/index';
import { AppError, invalid } from '../../platform/index';
import { authorize, type Principal } from '../../platform/index';
import {
  type FieldRules,
  type MergeConflict,
  type MergedColumns,
  type MergeRule,
  mergeFields,
} from './merge-fields';
import { countReferences, findPersonReferences, repointReferences } from './merge-repoint';
import {
  auditablePerson,
  type Identity,
  loadIdentities,
  type Person,
  type PersonRow,
  toPerson,
} from '../people/person-view';
import { customers } from '../tables';
import { findSurvivor, insertTombstone } from './tombstones';

export interface MergeInput {
  survivorId: string;
  mergedId: string;
  dryRun: boolean;
  /** Rule per field; fields not named follow `rule`. */
  fields?: FieldRules;
  /** Rule for every field not named in `fields`; default `non_empty`. */
  rule?: MergeRule;
}

export interface MergeResult {
  dryRun: boolean;
  survivorId: string;
  mergedId: string;
  /** The survivor as it is after the merge (as it would be, on a dry run). */
  result: Person;
  conflicts: MergeConflict[];
  /** Rows that refer to the merged person, per `table.column`: moved to the survivor (would move, on a dry run). */
  moved: Record<string, number>;
  /** Rows dropped instead: derived rows (scores) and rows whose unique key the survivor already holds. */
  dropped: Record<string, number>;
}

/** Serialises merges with identity resolution (the same key as resolution.ts), so no batch attaches to a person being merged away. */
const RESOLUTION_LOCK = 7_231_002;

/**
 * Merges one person into another in one transaction: the survivor takes the fields the rules pick,
 * every row that refers to the merged person (identities, interactions, orders, consent, tasks...,
 * found from the catalogue) moves to the survivor, the merged person is deleted and leaves a
 * tombstone, and the merge is audited on both ids. A dry run answers the same and changes nothing.
 * Needs people update on both records and delete on the merged one.
 */
export async function mergePeople(db: Db, actor: Principal, given: MergeInput): Promise<MergeResult> {
  const input = {
    ...given,
    survivorId: given.survivorId.toLowerCase(),
    mergedId: given.mergedId.toLowerCase(),
  };
  authorize(actor, 'people', 'update');
  authorize(actor, 'people', 'delete');
  if (input.survivorId === input.mergedId)
    throw invalid('mergedId', 'must be a different person than survivorId');
  const ws = actor.workspaceId;
  return withTenant(db, ws, async (trx) => {
    await sql`select pg_advisory_xact_lock(${RESOLUTION_LOCK}, hashtext(${ws}))`.execute(trx);
    const { survivor, merged } = await lockPair(trx, ws, input);
    const owner = (row: PersonRow) => ({ ownerId: row.owner_id, ownerTeamId: row.team_id });
    authorize(actor, 'people', 'update', owner(survivor));
    authorize(actor, 'people', 'update', owner(merged));
    authorize(actor, 'people', 'delete', owner(merged));

    const { columns, conflicts } = mergeFields(
      survivor,
      merged,
      input.fields ?? {},
      input.rule ?? 'non_empty',
    );
    const identities = await loadIdentities(trx, ws, [survivor.id, merged.id]);
    const refs = await findPersonReferences(trx);
    const base = { survivorId: survivor.id, mergedId: merged.id, conflicts };

    if (input.dryRun) {
      const counts = await countReferences(trx, refs, ws, merged.id);
      const moved = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
      const preview = { ...survivor, ...columns, updated_at: new Date() };
      const all = [...(identities.get(survivor.id) ?? []), ...(identities.get(merged.id) ?? [])];
      return { dryRun: true, ...base, result: toPerson(preview, sortIdentities(all)), moved, dropped: {} };
    }

    const { moved, dropped } = await repointReferences(trx, refs, ws, survivor.id, merged.id);
    const after = await writeSurvivor(trx, actor, survivor, columns);
    await customers(trx)
      .deleteFrom('people')
      .where('workspace_id', '=', ws)
      .where('id', '=', merged.id)
      .execute();
    await insertTombstone(trx, actor, merged.id, survivor.id);
    const afterIdentities = (await loadIdentities(trx, ws, [survivor.id])).get(survivor.id) ?? [];
    await auditMerge(trx, actor, {
      survivor,
      merged,
      after,
      identitiesBefore: identities,
      identitiesAfter: afterIdentities,
      moved,
      dropped,
    });
    return { dryRun: false, ...base, result: toPerson(after, afterIdentities), moved, dropped };
  });
}

/** Both people, locked in id order (two merges of one pair cannot deadlock); a merged id names its survivor. */
async function lockPair(trx: Tx, ws: string, input: MergeInput) {
  const rows = await customers(trx)
    .selectFrom('people')
    .selectAll()
    .where('workspace_id', '=', ws)
    .where('id', 'in', [input.survivorId, input.mergedId])
    .orderBy('id')
    .forUpdate()
    .execute();
  const find = async (id: string, field: string) => {
    const row = rows.find((r) => r.id === id);
    if (row) return row;
    const survivor = await findSurvivor(trx, ws, id);
    const why = survivor ? `Person ${id} not found: it was merged into ${survivor}` : 'Person not found';
    throw new AppError('not_found', why, field);
  };
  return {
    survivor: await find(input.survivorId, 'survivorId'),
    merged: await find(input.mergedId, 'mergedId'),
  };
}

async function writeSurvivor(trx: Tx, actor: Principal, before: PersonRow, columns: MergedColumns) {
  const after = await customers(trx)
    .updateTable('people')
    .set({
      ...columns,
      address: JSON.stringify(columns.address ?? null),
      attributes: JSON.stringify(columns.attributes ?? {}),
      updated_at: new Date(),
    })
    .where('workspace_id', '=', actor.workspaceId)
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (after.lifecycle_stage !== before.lifecycle_stage) {
    await customers(trx)
      .insertInto('lifecycle_changes')
      .values({
        workspace_id: actor.workspaceId,
        person_id: before.id,
        from_stage: before.lifecycle_stage,
        to_stage: after.lifecycle_stage,
        changed_by: actor.via === 'system' ? null : actor.userId,
      })
      .execute();
  }
  return after;
}

const identityKeys = (list: Identity[] | undefined) => (list ?? []).map((i) => `${i.kind}:${i.value}`).sort();

/** One entry on each id: the survivor's before and after (with the merged person's before), and the merged person's end. */
async function auditMerge(
  trx: Tx,
  actor: Principal,
  m: {
    survivor: PersonRow;
    merged: PersonRow;
    after: PersonRow;
    identitiesBefore: Map<string, Identity[]>;
    identitiesAfter: Identity[];
    moved: Record<string, number>;
    dropped: Record<string, number>;
  },
) {
  const snapshot = (row: PersonRow, identities: Identity[] | undefined) => ({
    id: row.id,
    ...auditablePerson(row),
    identities: identityKeys(identities),
  });
  const mergedBefore = snapshot(m.merged, m.identitiesBefore.get(m.merged.id));
  await recordAudit(trx, actor, {
    action: 'merge',
    objectType: 'people',
    objectId: m.survivor.id,
    before: { survivor: snapshot(m.survivor, m.identitiesBefore.get(m.survivor.id)), merged: mergedBefore },
    after: {
      survivor: snapshot(m.after, m.identitiesAfter),
      merged: null,
      mergedId: m.merged.id,
      moved: m.moved,
      dropped: m.dropped,
    },
  });
  await recordAudit(trx, actor, {
    action: 'merge',
    objectType: 'people',
    objectId: m.merged.id,
    before: { merged: mergedBefore },
    after: { merged: null, mergedInto: m.survivor.id },
  });
}

function sortIdentities(list: Identity[]): Identity[] {
  return [...list].sort((a, b) => a.kind.localeCompare(b.kind));
}
