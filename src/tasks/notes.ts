import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { invalid, recordAudit } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { NOTE_TARGET_COLUMN, type NoteObject, taskTables } from './tables';

export interface Note {
  id: string;
  objectType: NoteObject;
  objectId: string;
  body: string;
  authorId: string | null;
  createdAt: string;
}

export async function addNote(
  db: Db,
  actor: Principal,
  input: { objectType: NoteObject; objectId: string; body: string },
): Promise<Note> {
  authorize(actor, 'notes', 'create');
  authorize(actor, input.objectType, 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const row = await taskTables(trx)
      .insertInto('notes')
      .values({
        workspace_id: actor.workspaceId,
        object_type: input.objectType,
        [NOTE_TARGET_COLUMN[input.objectType]]: input.objectId,
        body: input.body,
        author_id: actor.via === 'system' ? null : actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => {
        // The target's foreign key: no such record in this workspace.
        if ((err as { code?: string }).code === '23503')
          throw invalid('objectId', `objectId: no such record of ${input.objectType} in this workspace`);
        throw err;
      });
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'notes',
      objectId: row.id,
      after: { object_type: row.object_type, object_id: row.object_id, body: row.body },
    });
    return toNote(row);
  });
}

/** Newest first. */
export async function listNotes(
  db: Db,
  actor: Principal,
  query: { objectType: NoteObject; objectId: string; limit?: number },
): Promise<Note[]> {
  authorize(actor, 'notes', 'read');
  authorize(actor, query.objectType, 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const rows = await taskTables(trx)
      .selectFrom('notes')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .where('object_type', '=', query.objectType)
      .where('object_id', '=', query.objectId)
      .orderBy('created_at', 'desc')
      .limit(query.limit ?? 100)
      .execute();
    return rows.map(toNote);
  });
}

function toNote(row: {
  id: string;
  object_type: NoteObject;
  object_id: string;
  body: string;
  author_id: string | null;
  created_at: Date;
}): Note {
  return {
    id: row.id,
    objectType: row.object_type,
    objectId: row.object_id,
    body: row.body,
    authorId: row.author_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
