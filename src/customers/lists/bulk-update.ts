import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { type AuditEntry, recordAuditBatch } from '../../platform/index';
import { invalid } from '../../platform/index';
import { authorize, isAllowed, type Principal } from '../../platform/index';
import { listAccounts } from '../accounts/accounts-list';
import { attributeParams } from '../attributes/attributes-filter';
import { listPeople } from './people-list';
import { addTags, loadTags, normaliseTag, removeTags, type TaggedType } from './tags';

/** The most records one bulk change may touch (a filter matching more asks for a narrower one). */
export const BULK_LIMIT = 10_000;

export interface BulkUpdateInput {
  /** The records, or else `filter`: the list's query parameters (lifecycleStage, ownerId, tag, attr.*...). */
  ids?: string[];
  filter?: Record<string, string>;
  /** A user id, or null to leave the records without owner. */
  ownerId?: string | null;
  addTags?: string[];
  removeTags?: string[];
}

export interface BulkUpdateResult {
  /** Records named by ids or matched by the filter. */
  matched: number;
  /** Records changed (owner or tags). */
  updated: number;
  /** Records left alone because the caller's role may not update them (or they no longer exist). */
  refused: number;
}

/**
 * Assigns an owner and adds or removes tags on many people or accounts in one transaction, each
 * record checked against the caller's update level (all, team, own) and audited.
 */
export async function bulkUpdate(
  db: Db,
  actor: Principal,
  type: TaggedType,
  input: BulkUpdateInput,
): Promise<BulkUpdateResult> {
  authorize(actor, type, 'update');
  const add = (input.addTags ?? []).map((t) => normaliseTag(t, 'addTags'));
  const remove = (input.removeTags ?? []).map((t) => normaliseTag(t, 'removeTags'));
  if (input.ownerId === undefined && add.length === 0 && remove.length === 0)
    throw invalid('ownerId', 'say what to change: ownerId, addTags or removeTags');
  if ((input.ids === undefined) === (input.filter === undefined))
    throw invalid('ids', 'give either ids or filter');
  const ids = input.ids ? [...new Set(input.ids)] : await matchingIds(db, actor, type, input.filter ?? {});
  if (ids.length > BULK_LIMIT)
    throw invalid(input.ids ? 'ids' : 'filter', `matches more than ${BULK_LIMIT} records; narrow it`);

  return withTenant(db, actor.workspaceId, async (trx) => {
    const table = sql.table(type);
    const { rows } = await sql<{ id: string; owner_id: string | null; team_id: string | null }>`
      select id, owner_id, team_id from ${table}
      where workspace_id = ${actor.workspaceId} and id = any(${ids}::uuid[])`.execute(trx);
    const allowed = rows.filter((r) =>
      isAllowed(actor, type, 'update', { ownerId: r.owner_id, ownerTeamId: r.team_id }),
    );
    const allowedIds = allowed.map((r) => r.id);
    const changes = new Map<string, { before: Record<string, unknown>; after: Record<string, unknown> }>();
    const change = (id: string) => {
      const found = changes.get(id);
      if (found) return found;
      const c = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
      changes.set(id, c);
      return c;
    };

    if (input.ownerId !== undefined) {
      const ownerId = input.ownerId;
      if (ownerId !== null) await checkOwner(trx, actor.workspaceId, ownerId);
      const moved = allowed.filter((r) => r.owner_id !== ownerId);
      await sql`
        update ${table} set owner_id = ${ownerId}::uuid, updated_at = now()
        where workspace_id = ${actor.workspaceId} and id = any(${moved.map((r) => r.id)}::uuid[])`.execute(
        trx,
      );
      for (const r of moved) {
        const c = change(r.id);
        c.before.owner_id = r.owner_id;
        c.after.owner_id = ownerId;
      }
    }

    if (add.length > 0 || remove.length > 0) {
      const before = await loadTags(trx, type, actor.workspaceId, allowedIds);
      await removeTags(trx, type, actor.workspaceId, allowedIds, remove);
      await addTags(trx, type, actor.workspaceId, allowedIds, add);
      const after = await loadTags(trx, type, actor.workspaceId, allowedIds);
      for (const id of allowedIds) {
        const b = before.get(id) ?? [];
        const a = after.get(id) ?? [];
        if (b.join('\n') === a.join('\n')) continue;
        const c = change(id);
        c.before.tags = b;
        c.after.tags = a;
      }
    }

    const entries: AuditEntry[] = [...changes].map(([id, c]) => ({
      action: 'update',
      objectType: type,
      objectId: id,
      before: c.before,
      after: c.after,
    }));
    await recordAuditBatch(trx, actor, entries);
    return { matched: ids.length, updated: changes.size, refused: ids.length - allowed.length };
  });
}

/** Ids of the records the list shows with these filters (within the caller's read level), up to one past the limit. */
async function matchingIds(
  db: Db,
  actor: Principal,
  type: TaggedType,
  filter: Record<string, string>,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  const query = { ...filter, attributeFilters: attributeParams(filter) };
  do {
    const page =
      type === 'people'
        ? await listPeople(db, actor, { ...query, cursor, limit: 200 })
        : await listAccounts(db, actor, { ...query, cursor, limit: 200 });
    for (const item of page.items) ids.push(item.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && ids.length <= BULK_LIMIT);
  return ids;
}

async function checkOwner(trx: Tx, workspaceId: string, userId: string): Promise<void> {
  const { rows } = await sql<{ active: boolean }>`
    select active from users where workspace_id = ${workspaceId} and id = ${userId}::uuid`.execute(trx);
  if (!rows[0]) throw invalid('ownerId', 'is not a user of this workspace');
  if (!rows[0].active) throw invalid('ownerId', 'is a deactivated user');
}
