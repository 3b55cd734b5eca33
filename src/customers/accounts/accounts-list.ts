import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { authorize, type Principal } from '../../platform/index';
import { readableBy } from '../read-scope';
import { type Account, type AccountRow, normaliseDomain, toAccount } from './accounts';
import { loadAttributeRules } from '../attributes/attributes';
import {
  type AttributeFilterInput,
  attributeCondition,
  parseAttributeFilters,
} from '../attributes/attributes-filter';
import { countRows, type ListCount } from '../lists/list-count';
import {
  decodeSortCursor,
  encodeSortCursor,
  pageParts,
  parseAccountSort,
  readParts,
  type SortCursor,
  type SortSpec,
  sortExpression,
  sortValue,
} from '../lists/list-sort';
import { customers } from '../tables';
import { loadTags, tagCondition } from '../lists/tags';

export interface ListAccountsQuery {
  /** A prefix of the name, case-insensitive. */
  namePrefix?: string;
  /** The exact domain (`acme.com`; a URL is read as its domain). */
  domain?: string;
  industry?: string;
  ownerId?: string;
  teamId?: string;
  /** Accounts with this tag. */
  tag?: string;
  /** `attr.<key>[.<op>]` parameters: equals, or gt/gte/lt/lte for numbers and dates. */
  attributeFilters?: AttributeFilterInput[];
  /** A field of ACCOUNT_SORTS, `-` first for descending; default `-createdAt` (newest first). */
  sort?: string;
  cursor?: string;
  limit?: number;
}

export interface AccountsPage {
  items: (Account & { tags: string[] })[];
  nextCursor: string | null;
}

type Row = AccountRow & { cursor_value: string | null };

/**
 * In the sort order (newest first by default), keyset-paged on (field, id) within the caller's
 * read level, so a page costs about the same at row 10 and row 1,000,000; each account with its tags.
 */
export async function listAccounts(
  db: Db,
  actor: Principal,
  query: ListAccountsQuery,
): Promise<AccountsPage> {
  authorize(actor, 'accounts', 'read');
  const limit = query.limit ?? 50;
  const sort = parseAccountSort(query.sort);
  const after = query.cursor ? decodeSortCursor(sort, query.cursor) : undefined;
  return withTenant(db, actor.workspaceId, async (trx) => {
    const q = await matchingAccounts(trx, actor, query);
    const rows: Row[] =
      sort.kind === 'owner'
        ? await byOwner(trx, actor.workspaceId, q, sort, after, limit + 1)
        : await readParts(pageParts(sort, after), limit + 1, (part, n) =>
            q
              .where(part)
              .select(sortValue(sort).as('cursor_value'))
              .orderBy(sortExpression(sort), sort.direction)
              .orderBy('id', sort.direction)
              .limit(n)
              .execute(),
          );
    const page = rows.slice(0, limit);
    const tags = await loadTags(
      trx,
      'accounts',
      actor.workspaceId,
      page.map((r) => r.id),
    );
    const last = page.at(-1);
    return {
      items: page.map((r) => ({ ...toAccount(r), tags: tags.get(r.id) ?? [] })),
      nextCursor:
        rows.length > limit && last
          ? encodeSortCursor(sort, { value: last.cursor_value, id: last.id })
          : null,
    };
  });
}

/** How many accounts the list's filters match (sort and cursor ignored): see `countRows`. */
export async function countAccounts(
  db: Db,
  actor: Principal,
  query: ListAccountsQuery,
  cap?: number,
): Promise<ListCount> {
  authorize(actor, 'accounts', 'read');
  return withTenant(db, actor.workspaceId, async (trx) =>
    countRows(trx, await matchingAccounts(trx, actor, query), cap),
  );
}

type AccountsQuery = Awaited<ReturnType<typeof matchingAccounts>>;

/** The accounts the caller may read that pass the list's filters. */
async function matchingAccounts(trx: Tx, actor: Principal, query: ListAccountsQuery) {
  const ws = actor.workspaceId;
  const domain = query.domain === undefined ? undefined : normaliseDomain(query.domain);
  const filters = query.attributeFilters?.length
    ? parseAttributeFilters(await loadAttributeRules(trx, ws, 'accounts'), query.attributeFilters)
    : [];
  let q = customers(trx).selectFrom('accounts').selectAll().where('workspace_id', '=', ws);
  q = q.where(readableBy(actor, 'accounts'));
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
  if (query.tag) q = q.where(tagCondition('accounts', ws, query.tag));
  return q;
}

const FIRST_ID = '00000000-0000-0000-0000-000000000000';
const LAST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/**
 * Sorted by owner: by the owner's name (then id, for owners of the same name), each owner's
 * accounts by id, accounts without owner last (first when descending). The owners are few: for
 * each, from the cursor's on, its next accounts are read over the (workspace, owner, id) index of
 * 0122 (at most a page each), and the first page of them kept.
 */
async function byOwner(
  trx: Tx,
  ws: string,
  q: AccountsQuery,
  sort: SortSpec,
  cursor: SortCursor | undefined,
  limit: number,
): Promise<Row[]> {
  const desc = sort.direction === 'desc';
  const dir = sql.raw(sort.direction);
  const op = sql.raw(desc ? '<' : '>');
  const owned = async (n: number) => {
    const from = cursor?.value ?? null;
    const bound = from
      ? sql`case when u.id = ${from}::uuid then ${cursor?.id}::uuid else ${desc ? LAST_ID : FIRST_ID}::uuid end`
      : sql`${desc ? LAST_ID : FIRST_ID}::uuid`;
    // The cursor's owner and those after it in the order (by name, then id).
    const position: RawBuilder<boolean> = from
      ? sql`(u.name ${op} c.name or (u.name = c.name and u.id ${sql.raw(desc ? '<=' : '>=')} c.id))`
      : sql`true`;
    const accounts = q
      .where('owner_id', '=', sql<string>`u.id`)
      .where('id', desc ? '<' : '>', sql<string>`${bound}`)
      .orderBy('id', sort.direction)
      .limit(n);
    const { rows } = await sql<Row>`
      select a.*, a.owner_id::text as cursor_value
      from users u
      ${from ? sql`join users c on c.workspace_id = u.workspace_id and c.id = ${from}::uuid` : sql``}
      cross join lateral (${accounts}) a
      where u.workspace_id = ${ws} and ${position}
      order by u.name ${dir}, u.id ${dir}, a.id ${dir}
      limit ${n}`.execute(trx);
    return rows;
  };
  const unowned = (n: number) => {
    const after = cursor && cursor.value === null ? cursor.id : null;
    let part = q.where('owner_id', 'is', null);
    if (after) part = part.where('id', desc ? '<' : '>', after);
    return part
      .select(sql<null>`null`.as('cursor_value'))
      .orderBy('owner_id', sort.direction)
      .orderBy('id', sort.direction)
      .limit(n)
      .execute();
  };
  type Part = (n: number) => Promise<Row[]>;
  const parts: Part[] =
    cursor === undefined
      ? desc
        ? [unowned, owned]
        : [owned, unowned]
      : cursor.value === null
        ? desc
          ? [unowned, owned]
          : [unowned]
        : desc
          ? [owned]
          : [owned, unowned];
  const rows: Row[] = [];
  for (const part of parts) {
    if (rows.length >= limit) break;
    rows.push(...(await part(limit - rows.length)));
  }
  return rows;
}
