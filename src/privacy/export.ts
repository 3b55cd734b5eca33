import { sql } from 'kysely';
import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { findPersonReferences, readPersonRecord } from '../customers/index';
import { authorize, notFound, type Principal, recordAudit } from '../platform/index';

export interface PersonExport {
  exportedAt: string;
  person: Record<string, unknown>;
  /** Rows of every table that refers to the person, by `table.column`. */
  records: Record<string, Record<string, unknown>[]>;
  /** The notes on the person (also under `notes.person_id`), oldest first. */
  notes: Record<string, unknown>[];
}

/**
 * Everything held about a person, as JSON: the answer to a subject access request. The person's row
 * comes from the customers slice; the rows that refer to the person are found from the catalogue
 * (every foreign key to people: `findPersonReferences`, what a merge moves), so tables later issues
 * add are included without a change here. Audited.
 */
export async function exportPerson(db: Db, actor: Principal, personId: string): Promise<PersonExport> {
  authorize(actor, 'people', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const row = await readPersonRecord(trx, actor.workspaceId, personId);
    if (!row) throw notFound('Person');
    authorize(actor, 'people', 'read', {
      ownerId: row.owner_id as string | null,
      ownerTeamId: row.team_id as string | null,
    });
    const records: Record<string, Record<string, unknown>[]> = {};
    for (const ref of await findPersonReferences(trx)) {
      const { rows } = await sql<Record<string, unknown>>`
        select * from ${sql.id(ref.schema, ref.table)}
        where workspace_id = ${actor.workspaceId} and ${sql.ref(ref.column)} = ${personId}`.execute(trx);
      if (rows.length > 0) records[`${ref.table}.${ref.column}`] = rows.map(withoutWorkspace);
    }
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'people',
      objectId: personId,
      before: { exported: null },
      after: { exported: 'subject access export' },
    });
    const notes = [...(records['notes.person_id'] ?? [])].sort(
      (x, y) => new Date(x.created_at as string).getTime() - new Date(y.created_at as string).getTime(),
    );
    return { exportedAt: new Date().toISOString(), person: withoutWorkspace(row), records, notes };
  });
}

function withoutWorkspace(row: Record<string, unknown>): Record<string, unknown> {
  const { workspace_id: _w, ...rest } = row;
  return rest;
}
