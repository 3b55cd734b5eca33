import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { recordAudit } from '../../platform/index';
import { conflict, forbidden, invalid, notFound } from '../../platform/index';
import { authorize, type Principal } from '../../platform/index';

export const VIEW_OBJECT_TYPES = ['people', 'accounts'] as const;
export type ViewObjectType = (typeof VIEW_OBJECT_TYPES)[number];

/** What a view restores: the list's query parameters (filters and sort) and its columns. */
export interface ViewDefinition {
  /** Query parameters of the list: lifecycleStage, ownerId, tag, attr.<key>[.<op>]... */
  filters: Record<string, string>;
  sort?: string;
  columns?: string[];
}

export interface SavedView {
  id: string;
  objectType: ViewObjectType;
  name: string;
  shared: boolean;
  /** Who saved it; only they may change or delete it. */
  userId: string;
  mine: boolean;
  definition: ViewDefinition;
  createdAt: string;
  updatedAt: string;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
interface SavedViewsTable {
  workspace_id: string;
  id: Generated<string>;
  user_id: string;
  object_type: ViewObjectType;
  name: string;
  shared: Generated<boolean>;
  definition: ColumnType<ViewDefinition, string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
const views = (trx: Tx) => trx.withTables<{ saved_views: SavedViewsTable }>();
type Row = Selectable<SavedViewsTable>;

function toView(row: Row, actor: Principal): SavedView {
  return {
    id: row.id,
    objectType: row.object_type,
    name: row.name,
    shared: row.shared,
    userId: row.user_id,
    mine: row.user_id === actor.userId,
    definition: row.definition,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const auditable = (row: Row) => ({
  name: row.name,
  object_type: row.object_type,
  shared: row.shared,
  definition: row.definition,
});

/** The caller's views of a list and those shared with the workspace, by name. */
export async function listViews(db: Db, actor: Principal, objectType: ViewObjectType): Promise<SavedView[]> {
  authorize(actor, objectType, 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const rows = await views(trx)
      .selectFrom('saved_views')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .where('object_type', '=', objectType)
      .where((eb) => eb.or([eb('user_id', '=', actor.userId), eb('shared', '=', true)]))
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map((r) => toView(r as Row, actor));
  });
}

export interface CreateViewInput {
  objectType: ViewObjectType;
  name: string;
  shared?: boolean;
  definition: ViewDefinition;
}

export async function createView(db: Db, actor: Principal, input: CreateViewInput): Promise<SavedView> {
  authorize(actor, input.objectType, 'read');
  const name = checkName(input.name);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const row = (await uniqueName(
      views(trx)
        .insertInto('saved_views')
        .values({
          workspace_id: actor.workspaceId,
          user_id: actor.userId,
          object_type: input.objectType,
          name,
          shared: input.shared ?? false,
          definition: JSON.stringify(input.definition),
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    )) as Row;
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'saved_view',
      objectId: row.id,
      after: auditable(row),
    });
    return toView(row, actor);
  });
}

export interface UpdateViewInput {
  name?: string;
  shared?: boolean;
  definition?: ViewDefinition;
}

/** Renames, shares or unshares, or replaces the definition of one of the caller's views. */
export async function updateView(
  db: Db,
  actor: Principal,
  id: string,
  input: UpdateViewInput,
): Promise<SavedView> {
  return withTenant(db, actor.workspaceId, async (trx) => {
    const before = await ownView(trx, actor, id);
    const row = (await uniqueName(
      views(trx)
        .updateTable('saved_views')
        .set({
          ...(input.name !== undefined ? { name: checkName(input.name) } : {}),
          ...(input.shared !== undefined ? { shared: input.shared } : {}),
          ...(input.definition !== undefined ? { definition: JSON.stringify(input.definition) } : {}),
          updated_at: new Date(),
        })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    )) as Row;
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'saved_view',
      objectId: id,
      before: auditable(before),
      after: auditable(row),
    });
    return toView(row, actor);
  });
}

export async function deleteView(db: Db, actor: Principal, id: string): Promise<void> {
  await withTenant(db, actor.workspaceId, async (trx) => {
    const before = await ownView(trx, actor, id);
    await views(trx)
      .deleteFrom('saved_views')
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'delete',
      objectType: 'saved_view',
      objectId: id,
      before: auditable(before),
    });
  });
}

/** A view the caller may see; 403 when it is someone else's shared view, 404 when it is not visible. */
async function ownView(trx: Tx, actor: Principal, id: string): Promise<Row> {
  const row = (await views(trx)
    .selectFrom('saved_views')
    .selectAll()
    .where('workspace_id', '=', actor.workspaceId)
    .where('id', '=', id)
    .executeTakeFirst()) as Row | undefined;
  if (!row || (row.user_id !== actor.userId && !row.shared)) throw notFound('View');
  if (row.user_id !== actor.userId) throw forbidden('Only the person who saved a view may change it');
  return row;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw invalid('name', 'must be 1 to 100 characters');
  return trimmed;
}

async function uniqueName<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw conflict('You already have a view of this list with this name', 'name');
    throw err;
  }
}
