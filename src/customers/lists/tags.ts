import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../db/index';
import { invalid } from '../../platform/index';

/** Records that carry tags, with the table and column of their tags. */
export const TAGGED = {
  people: { table: 'person_tags', column: 'person_id' },
  accounts: { table: 'account_tags', column: 'account_id' },
} as const;
export type TaggedType = keyof typeof TAGGED;

/** Tags are compared case-insensitively and stored trimmed and lower-case; 1-50 characters. */
export function normaliseTag(tag: string, field = 'tag'): string {
  const t = tag.trim().toLowerCase();
  if (t.length === 0 || t.length > 50) throw invalid(field, 'must be 1 to 50 characters');
  return t;
}

/** `id in (records with this tag)`, through the (workspace, tag) index. */
export function tagCondition(type: TaggedType, workspaceId: string, tag: string): RawBuilder<boolean> {
  const { table, column } = TAGGED[type];
  return sql<boolean>`id in (select t.${sql.ref(column)} from ${sql.table(table)} t
    where t.workspace_id = ${workspaceId} and t.tag = ${normaliseTag(tag)})`;
}

/** The tags of each record, alphabetically. */
export async function loadTags(
  trx: Tx,
  type: TaggedType,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  if (ids.length === 0) return tags;
  const { table, column } = TAGGED[type];
  const { rows } = await sql<{ id: string; tag: string }>`
    select ${sql.ref(column)} as id, tag from ${sql.table(table)}
    where workspace_id = ${workspaceId} and ${sql.ref(column)} = any(${[...ids]}::uuid[])
    order by tag`.execute(trx);
  for (const row of rows) {
    const list = tags.get(row.id);
    if (list) list.push(row.tag);
    else tags.set(row.id, [row.tag]);
  }
  return tags;
}

/** Adds each tag to each record (already tagged ones unchanged); returns the rows added. */
export async function addTags(
  trx: Tx,
  type: TaggedType,
  workspaceId: string,
  ids: readonly string[],
  tags: readonly string[],
): Promise<number> {
  if (ids.length === 0 || tags.length === 0) return 0;
  const { table, column } = TAGGED[type];
  const result = await sql`
    insert into ${sql.table(table)} (workspace_id, ${sql.ref(column)}, tag)
    select ${workspaceId}::uuid, r.id, t.tag
    from unnest(${[...ids]}::uuid[]) as r (id) cross join unnest(${[...tags]}::text[]) as t (tag)
    on conflict do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Removes the tags from the records; returns the rows removed. */
export async function removeTags(
  trx: Tx,
  type: TaggedType,
  workspaceId: string,
  ids: readonly string[],
  tags: readonly string[],
): Promise<number> {
  if (ids.length === 0 || tags.length === 0) return 0;
  const { table, column } = TAGGED[type];
  const result = await sql`
    delete from ${sql.table(table)}
    where workspace_id = ${workspaceId} and ${sql.ref(column)} = any(${[...ids]}::uuid[])
      and tag = any(${[...tags]}::text[])`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** The tags in use on people or accounts, most used first (for a filter's choices). */
export async function tagsInUse(
  trx: Tx,
  type: TaggedType,
  workspaceId: string,
  limit = 200,
): Promise<{ tag: string; count: number }[]> {
  const { table } = TAGGED[type];
  const { rows } = await sql<{ tag: string; count: number }>`
    select tag, count(*)::int as count from ${sql.table(table)} where workspace_id = ${workspaceId}
    group by tag order by count(*) desc, tag limit ${limit}`.execute(trx);
  return rows;
}
