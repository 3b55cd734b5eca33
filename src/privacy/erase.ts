import { sql } from 'kysely';
import type { Db } from '../db/index';
import { type Tx, withTenant } from '../db/index';
import { recordAudit } from '../platform/index';
import { notFound } from '../platform/index';
import { authorize, type Principal } from '../platform/index';

export interface ErasureReport {
  personId: string;
  identitiesDeleted: number;
  interactionsErased: number;
  notesDeleted: number;
  tasksErased: number;
}

export const ERASED_NAME = 'Erased person';

/**
 * Erases a person's personal data in one transaction: profile fields, identities, the contents of
 * interactions, notes and tasks about them. Order amounts stay (anonymised: the person row remains,
 * nameless) for analytics; consent history stays as proof. The audit entry records what was erased,
 * not the values.
 */
export async function erasePerson(db: Db, actor: Principal, personId: string): Promise<ErasureReport> {
  authorize(actor, 'people', 'delete');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const { rows } = await sql<{ owner_id: string | null; team_id: string | null }>`
      select owner_id, team_id from people where workspace_id = ${actor.workspaceId} and id = ${personId}
      for update`.execute(trx);
    const person = rows[0];
    if (!person) throw notFound('Person');
    authorize(actor, 'people', 'delete', { ownerId: person.owner_id, ownerTeamId: person.team_id });
    const ws = actor.workspaceId;
    await sql`
      update people set given_name = null, family_name = null, display_name = ${ERASED_NAME}, birthday = null,
        address = null, language = null, notes = null, attributes = '{}'::jsonb, account_id = null,
        account_role = null, updated_at = now()
      where workspace_id = ${ws} and id = ${personId}`.execute(trx);
    const identities = await count(
      trx,
      sql`delete from identities where workspace_id = ${ws} and person_id = ${personId}`,
    );
    const interactions = await count(
      trx,
      sql`update interactions set subject = null, summary = null, body = null, metadata = '{}'::jsonb,
            identifiers = '{}'::jsonb, resolution = null
          where workspace_id = ${ws} and person_id = ${personId}`,
    );
    const notes = await count(
      trx,
      sql`delete from notes where workspace_id = ${ws} and object_type = 'people' and object_id = ${personId}`,
    );
    const tasks = await count(
      trx,
      sql`update tasks set title = 'Erased', details = null where workspace_id = ${ws} and person_id = ${personId}`,
    );
    await sql`update orders set external_ref = null where workspace_id = ${ws} and person_id = ${personId}`.execute(
      trx,
    );
    const report = {
      personId,
      identitiesDeleted: identities,
      interactionsErased: interactions,
      notesDeleted: notes,
      tasksErased: tasks,
    };
    await recordAudit(trx, actor, {
      action: 'delete',
      objectType: 'people',
      objectId: personId,
      before: { personal_data: 'present' },
      after: { personal_data: 'erased', ...report },
    });
    return report;
  });
}

async function count(trx: Tx, query: ReturnType<typeof sql>): Promise<number> {
  const result = await query.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
