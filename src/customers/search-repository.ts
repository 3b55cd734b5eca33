import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../db/tenant';
import { escapeLike, type SearchPlan } from './search-query';

export type HitType = 'person' | 'account';

/** One match of one branch of the search; a record may match several ways (the best is kept). */
export interface Hit {
  type: HitType;
  id: string;
  name: string;
  /** What matched: `email`, `phone`, `external`, `device`, `social`, `domain`, `name`, `similar name`. */
  via: string;
  /** The identifier or domain that matched, when it was one. */
  value: string | null;
  score: number;
}

/** Which rows the caller may see: true for all, a condition for own/team levels, false for none. */
export interface Access {
  people: RawBuilder<boolean> | boolean;
  accounts: RawBuilder<boolean> | boolean;
}

/**
 * Scores: exact identifiers first (1), then the last digits of a phone (0.9), then prefixes of names and
 * identifiers (0.7 to 0.8, closer to 0.8 the more of the value the query covers), then fuzzy name
 * matches (up to 0.6, by trigram similarity).
 */
export const SCORES = { exact: 1, phoneSuffix: 0.9, prefixBase: 0.7, prefixSpan: 0.1, fuzzy: 0.6 } as const;

const prefixScore = (queryLength: number, column: RawBuilder<unknown>) =>
  sql<number>`${SCORES.prefixBase} + ${SCORES.prefixSpan} * ${queryLength}::float8 / greatest(length(${column}), 1)`;

type Row = { type: HitType; id: string; name: string; via: string; value: string | null; score: number };

/** Exact identifiers and every kind of prefix, one statement, each branch an index range with a limit. */
export async function findExactAndPrefix(
  trx: Tx,
  workspaceId: string,
  plan: SearchPlan,
  access: Access,
  limit: number,
): Promise<Hit[]> {
  const branches: RawBuilder<Row>[] = [];
  const people = access.people === false ? null : access.people === true ? sql<boolean>`true` : access.people;
  const accounts =
    access.accounts === false ? null : access.accounts === true ? sql<boolean>`true` : access.accounts;

  if (people && plan.exact.length > 0) {
    branches.push(sql<Row>`(
      select 'person' as type, p.id, p.display_name as name, i.kind as via, i.value, ${SCORES.exact}::float8 as score
      from unnest(${plan.exact.map((e) => e.kind)}::text[], ${plan.exact.map((e) => e.value)}::text[]) as w(kind, value)
      join identities i on i.workspace_id = ${workspaceId} and i.kind = w.kind and i.value = w.value
      join people p on p.workspace_id = i.workspace_id and p.id = i.person_id
      where ${people})`);
  }
  for (const [kind, prefix] of [
    ['email', plan.emailPrefix],
    ['external', plan.externalPrefix],
  ] as const) {
    if (!people || !prefix) continue;
    branches.push(sql<Row>`(
      select 'person' as type, p.id, p.display_name as name, i.kind as via, i.value,
        ${prefixScore(prefix.length, sql`i.value`)} as score
      from identities i
      join people p on p.workspace_id = i.workspace_id and p.id = i.person_id
      where i.workspace_id = ${workspaceId} and i.kind = ${kind} and i.value like ${`${escapeLike(prefix)}%`}
        and ${people}
      order by i.value limit ${limit})`);
  }
  if (people && plan.phoneSuffix) {
    const reversed = [...plan.phoneSuffix].reverse().join('');
    branches.push(sql<Row>`(
      select 'person' as type, p.id, p.display_name as name, i.kind as via, i.value,
        ${SCORES.phoneSuffix}::float8 as score
      from identities i
      join people p on p.workspace_id = i.workspace_id and p.id = i.person_id
      where i.workspace_id = ${workspaceId} and i.kind = 'phone' and reverse(i.value) like ${`${reversed}%`}
        and ${people}
      order by reverse(i.value) limit ${limit})`);
  }
  if (people && plan.name) {
    const folded = plan.name.toLowerCase();
    branches.push(sql<Row>`(
      select 'person' as type, p.id, p.display_name as name, 'name' as via, null as value,
        ${prefixScore(folded.length, sql`p.display_name`)} as score
      from people p
      where p.workspace_id = ${workspaceId} and lower(p.display_name) like ${`${escapeLike(folded)}%`}
        and ${people}
      order by lower(p.display_name) limit ${limit})`);
  }
  if (accounts && plan.name) {
    const folded = plan.name.toLowerCase();
    branches.push(sql<Row>`(
      select 'account' as type, a.id, a.name, 'name' as via, null as value,
        ${prefixScore(folded.length, sql`a.name`)} as score
      from accounts a
      where a.workspace_id = ${workspaceId} and lower(a.name) like ${`${escapeLike(folded)}%`} and ${accounts}
      order by lower(a.name) limit ${limit})`);
  }
  if (accounts && plan.domain) {
    branches.push(sql<Row>`(
      select 'account' as type, a.id, a.name, 'domain' as via, a.domain::text as value,
        case when lower(a.domain::text) = ${plan.domain} then ${SCORES.exact}::float8
             else ${prefixScore(plan.domain.length, sql`a.domain::text`)} end as score
      from accounts a
      where a.workspace_id = ${workspaceId} and a.domain is not null
        and lower(a.domain::text) like ${`${escapeLike(plan.domain)}%`} and ${accounts}
      order by lower(a.domain::text) limit ${limit})`);
  }
  return runBranches(trx, branches);
}

/**
 * Fuzzy names through the trigram indexes: similar to the whole name (pg_trgm `%`), or to a word of it
 * (`<%`, so "smi" and "Smiht" find "John Smith"), best first.
 */
export async function findSimilarNames(
  trx: Tx,
  workspaceId: string,
  name: string,
  access: Access,
  limit: number,
): Promise<Hit[]> {
  const branches: RawBuilder<Row>[] = [];
  if (access.people !== false) {
    const people = access.people === true ? sql<boolean>`true` : access.people;
    branches.push(sql<Row>`(
      select 'person' as type, p.id, p.display_name as name, 'similar name' as via, null as value,
        ${SCORES.fuzzy} * greatest(similarity(p.display_name, ${name}), word_similarity(${name}, p.display_name))
          as score
      from people p
      where p.workspace_id = ${workspaceId} and (p.display_name % ${name} or ${name} <% p.display_name)
        and ${people}
      order by score desc, p.display_name limit ${limit})`);
  }
  if (access.accounts !== false) {
    const accounts = access.accounts === true ? sql<boolean>`true` : access.accounts;
    branches.push(sql<Row>`(
      select 'account' as type, a.id, a.name, 'similar name' as via, null as value,
        ${SCORES.fuzzy} * greatest(similarity(a.name, ${name}), word_similarity(${name}, a.name)) as score
      from accounts a
      where a.workspace_id = ${workspaceId} and (a.name % ${name} or ${name} <% a.name) and ${accounts}
      order by score desc, a.name limit ${limit})`);
  }
  return runBranches(trx, branches);
}

async function runBranches(trx: Tx, branches: RawBuilder<Row>[]): Promise<Hit[]> {
  if (branches.length === 0) return [];
  const { rows } = await sql<Row>`${sql.join(branches, sql` union all `)}`.execute(trx);
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

export async function workspaceRegion(trx: Tx, workspaceId: string): Promise<string> {
  const { rows } = await sql<{ region: string }>`
    select default_region as region from workspaces where id = ${workspaceId}`.execute(trx);
  return rows[0]?.region ?? 'US';
}
