import { sql } from 'kysely';
import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { recordAudit } from '../platform/index';
import { notFound } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { tablesReferencingPeople } from './person-tables';

export interface PersonExport {
  exportedAt: string;
  person: Record<string, unknown>;
  /** Rows of every table that refers to the person, by table name. */
  records: Record<string, Record<string, unknown>[]>;
  notes: Record<string, unknown>[];
}

/** Everything held about a person, as JSON: the answer to a subject access request. Audited. */
export async function exportPerson(db: Db, actor: Principal, personId: string): Promise<PersonExport> {
  authorize(actor, 'people', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const person = await sql<Record<string, unknown>>`
      select * from people where workspace_id = ${actor.workspaceId} and id = ${personId}`.execute(trx);
    const row = person.rows[0];
    if (!row) throw notFound('Person');
    authorize(actor, 'people', 'read', {
      ownerId: row.owner_id as string | null,
      ownerTeamId: row.team_id as string | null,
    });
    const records: Record<string, Record<string, unknown>[]> = {};
    for (const { table, column } of await tablesReferencingPeople(trx)) {
      const { rows } = await sql<Record<string, unknown>>`
        select * from ${sql.table(table)}
        where workspace_id = ${actor.workspaceId} and ${sql.ref(column)} = ${personId}`.execute(trx);
      if (rows.length > 0) records[`${table}.${column}`] = rows.map(withoutWorkspace);
    }
    const notes = await sql<Record<string, unknown>>`
      select * from notes where workspace_id = ${actor.workspaceId} and object_type = 'people' and object_id = ${personId}
      order by created_at`.execute(trx);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'people',
      objectId: personId,
      before: { exported: null },
      after: { exported: 'subject access export' },
    });
    return {
      exportedAt: new Date().toISOString(),
      person: withoutWorkspace(row),
      records,
      notes: notes.rows.map(withoutWorkspace),
    };
  });
}

function withoutWorkspace(row: Record<string, unknown>): Record<string, unknown> {
  const { workspace_id: _w, ...rest } = row;
  return rest;
}
