import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { withTenant } from '../db/tenant';
import { invalid } from '../platform/errors';
import { authorize, levelFor, type Principal } from '../platform/permissions';
import { type Account, normaliseDomain, toAccount } from './accounts';
import { loadAttributeRules } from './attributes';
import { type AttributeFilterInput, attributeCondition, parseAttributeFilters } from './attributes-filter';
import { customers } from './tables';

export interface ListAccountsQuery {
  /** A prefix of the name, case-insensitive. */
  namePrefix?: string;
  /** The exact domain (`acme.com`; a URL is read as its domain). */
  domain?: string;
  industry?: string;
  ownerId?: string;
  teamId?: string;
  /** `attr.<key>[.<op>]` parameters: equals, or gt/gte/lt/lte for numbers and dates. */
  attributeFilters?: AttributeFilterInput[];
  cursor?: string;
  limit?: number;
}

export interface AccountsPage {
  items: Account[];
  nextCursor: string | null;
}

/** Newest first, keyset-paged on (created_at, id), within the caller's read level. */
export async function listAccounts(
  db: Db,
  actor: Principal,
  query: ListAccountsQuery,
): Promise<AccountsPage> {
  authorize(actor, 'accounts', 'read');
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const domain = query.domain === undefined ? undefined : normaliseDomain(query.domain);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const filters = parseAttributeFilters(
      await loadAttributeRules(trx, ws, 'accounts'),
      query.attributeFilters ?? [],
    );
    let q = customers(trx).selectFrom('accounts').selectAll().where('workspace_id', '=', ws);
    const level = levelFor(actor, 'accounts', 'read');
    if (level === 'own') q = q.where('owner_id', '=', actor.userId);
    if (level === 'team') {
      q = q.where((eb) =>
        eb.or([
          eb('owner_id', '=', actor.userId),
          ...(actor.teamId ? [eb('team_id', '=', actor.teamId)] : []),
        ]),
      );
    }
    if (query.industry) q = q.where('industry', '=', query.industry);
    if (query.ownerId) q = q.where('owner_id', '=', query.ownerId);
    if (query.teamId) q = q.where('team_id', '=', query.teamId);
    // Name prefixes and domains through the indexed lookups of 0108 (lower() is not leakproof).
    if (query.namePrefix) {
      const prefix = query.namePrefix.toLowerCase();
      q = q.where(
        sql<boolean>`id in (select found_id from rapport_list_filter_ids('accounts_name_prefix', ${prefix}))`,
      );
    }
    if (domain)
      q = q.where(
        sql<boolean>`id in (select found_id from rapport_list_filter_ids('accounts_domain', ${domain}))`,
      );
    for (const filter of filters) q = q.where(attributeCondition('accounts', ws, filter));
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
      .select(
        sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toAccount),
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
