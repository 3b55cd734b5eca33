import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { withTenant } from '../db/tenant';
import { invalid } from '../platform/errors';
import { authorize, levelFor, type Principal } from '../platform/permissions';
import { loadAttributeRules } from './attributes';
import { type AttributeFilterInput, attributeCondition, parseAttributeFilters } from './attributes-filter';
import { loadIdentities, type Person, toPerson } from './person-view';
import { customers, type LifecycleStage } from './tables';

export interface ListPeopleQuery {
  lifecycleStage?: LifecycleStage;
  ownerId?: string;
  /** A prefix of the display name, case-insensitive. */
  namePrefix?: string;
  /** `attr.<key>[.<op>]` parameters: equals, or gt/gte/lt/lte for numbers and dates. */
  attributeFilters?: AttributeFilterInput[];
  cursor?: string;
  limit?: number;
}

export interface PeoplePage {
  items: Person[];
  nextCursor: string | null;
}

/** Newest first, keyset-paged on (created_at, id) so a page costs the same at row 10 and row 1,000,000. */
export async function listPeople(db: Db, actor: Principal, query: ListPeopleQuery): Promise<PeoplePage> {
  authorize(actor, 'people', 'read');
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  return withTenant(db, actor.workspaceId, async (trx) => {
    const filters = query.attributeFilters?.length
      ? parseAttributeFilters(
          await loadAttributeRules(trx, actor.workspaceId, 'people'),
          query.attributeFilters,
        )
      : [];
    let q = customers(trx).selectFrom('people').selectAll().where('workspace_id', '=', actor.workspaceId);
    const level = levelFor(actor, 'people', 'read');
    if (level === 'own') q = q.where('owner_id', '=', actor.userId);
    if (level === 'team') {
      q = q.where((eb) =>
        eb.or([
          eb('owner_id', '=', actor.userId),
          ...(actor.teamId ? [eb('team_id', '=', actor.teamId)] : []),
        ]),
      );
    }
    if (query.lifecycleStage) q = q.where('lifecycle_stage', '=', query.lifecycleStage);
    if (query.ownerId) q = q.where('owner_id', '=', query.ownerId);
    // Through the indexed lookup of 0108: ILIKE and lower() are not leakproof, so under row-level
    // security they would read every row of the workspace.
    if (query.namePrefix) {
      const prefix = query.namePrefix.toLowerCase();
      q = q.where(
        sql<boolean>`id in (select found_id from rapport_list_filter_ids('people_name_prefix', ${prefix}))`,
      );
    }
    for (const filter of filters) q = q.where(attributeCondition('people', actor.workspaceId, filter));
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', sql<Date>`${after.createdAt}::timestamptz`),
          eb.and([
            eb('created_at', '=', sql<Date>`${after.createdAt}::timestamptz`),
            eb('id', '<', after.id),
          ]),
        ]),
      );
    }
    const rows = await q
      // Microsecond precision: a JavaScript Date would round the cursor and skip rows.
      .select(
        sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const identities = await loadIdentities(
      trx,
      actor.workspaceId,
      page.map((r) => r.id),
    );
    const last = page.at(-1);
    return {
      items: page.map((r) => toPerson(r, identities.get(r.id) ?? [])),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursor_at, last.id) : null,
    };
  });
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw invalid('cursor', 'is not a cursor from a previous page');
  }
  return { createdAt, id };
}
