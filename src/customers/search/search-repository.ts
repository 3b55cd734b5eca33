import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../db/index';
import type { Level } from '../../platform/index';
import type { SearchPlan } from './search-query';

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

/** The caller's read levels on people and accounts, with who they are for the own and team levels. */
export interface Access {
  people: Level;
  accounts: Level;
  userId: string;
  teamId: string | null;
}

/**
 * Scores: exact identifiers first (1), then the last digits of a phone (0.9), then prefixes of names and
 * identifiers (0.7 to 0.8, closer to 0.8 the more of the value the query covers), then similar names
 * (up to 0.6, by trigram similarity).
 */
export const SCORES = { exact: 1, phoneSuffix: 0.9, prefixBase: 0.7, prefixSpan: 0.1, fuzzy: 0.6 } as const;

/** Above every character: `x ~<~ prefix || TOP` holds for every x that starts with prefix. */
const TOP = String.fromCodePoint(0x10ffff);

const prefixScore = (queryLength: number, column: RawBuilder<unknown>) =>
  sql<number>`${SCORES.prefixBase} + ${SCORES.prefixSpan} * ${queryLength}::float8 / greatest(length(${column}), 1)`;

type Row = Hit;

/**
 * Exact identifiers and every kind of prefix, one statement, each branch an index range with a limit.
 * Identifiers are plain columns under leakproof operators (=, ~>=~), so their indexes serve the tenant
 * transaction directly; names, phone endings and domains go through the search functions of
 * 0105_search_functions (see there why), joined back to the tables under row-level security.
 */
export async function findExactAndPrefix(
  trx: Tx,
  workspaceId: string,
  plan: SearchPlan,
  access: Access,
  limit: number,
): Promise<Hit[]> {
  const branches: RawBuilder<Row>[] = [];
  const people = access.people !== 'none';
  const accounts = access.accounts !== 'none';
  const peopleOk = peopleCondition(access);

  if (people && plan.exact.length > 0) {
    branches.push(sql<Row>`(
      select 'person' as type, p.id, p.display_name as name, i.kind as via, i.value, ${SCORES.exact}::float8 as score
      from unnest(${plan.exact.map((e) => e.kind)}::text[], ${plan.exact.map((e) => e.value)}::text[]) as w(kind, value)
      join identities i on i.workspace_id = ${workspaceId} and i.kind = w.kind and i.value = w.value
      join people p on p.workspace_id = i.workspace_id and p.id = i.person_id
      where ${peopleOk})`);
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
      where i.workspace_id = ${workspaceId} and i.kind = ${kind}
        and i.value ~>=~ ${prefix} and i.value ~<~ ${prefix + TOP} and ${peopleOk}
      order by i.value using ~<~ limit ${limit})`);
  }
  if (people && plan.phoneSuffix) {
    const reversed = [...plan.phoneSuffix].reverse().join('');
    branches.push(sql<Row>`(
      select 'person' as type, p.id, p.display_name as name, 'phone' as via, f.found_value as value,
        ${SCORES.phoneSuffix}::float8 as score
      from ${searchPeople('phone_suffix', reversed, limit, access)} f
      join people p on p.workspace_id = ${workspaceId} and p.id = f.found_id)`);
  }
  if (people && plan.name) {
    const folded = plan.name.toLowerCase();
    branches.push(sql<Row>`(
      select 'person' as type, p.id, p.display_name as name, 'name' as via, null as value,
        ${prefixScore(folded.length, sql`p.display_name`)} as score
      from ${searchPeople('name_prefix', folded, limit, access)} f
      join people p on p.workspace_id = ${workspaceId} and p.id = f.found_id)`);
  }
  if (accounts && plan.name) {
    const folded = plan.name.toLowerCase();
    branches.push(sql<Row>`(
      select 'account' as type, a.id, a.name, 'name' as via, null as value,
        ${prefixScore(folded.length, sql`a.name`)} as score
      from ${searchAccounts('name_prefix', folded, limit, access)} f
      join accounts a on a.workspace_id = ${workspaceId} and a.id = f.found_id)`);
  }
  if (accounts && plan.domain) {
    branches.push(sql<Row>`(
      select 'account' as type, a.id, a.name, 'domain' as via, f.found_value as value,
        case when lower(f.found_value) = ${plan.domain} then ${SCORES.exact}::float8
             else ${prefixScore(plan.domain.length, sql`f.found_value`)} end as score
      from ${searchAccounts('domain_prefix', plan.domain, limit, access)} f
      join accounts a on a.workspace_id = ${workspaceId} and a.id = f.found_id)`);
  }
  return runBranches(trx, branches);
}

/**
 * Similar names through the trigram indexes: similar to the whole name (pg_trgm `%`), or to a word
 * of it (`%>`, so "smi" and "Smiht" find "John Smith"), best first. `close` keeps only close ones
 * (higher thresholds, fewer candidates to read): for when better matches were found already.
 */
export async function findSimilarNames(
  trx: Tx,
  workspaceId: string,
  name: string,
  access: Access,
  limit: number,
  close: boolean,
): Promise<Hit[]> {
  const branches: RawBuilder<Row>[] = [];
  const mode = close ? 'close_name' : 'similar_name';
  if (access.people !== 'none') {
    branches.push(sql<Row>`(
      select 'person' as type, p.id, p.display_name as name, 'similar name' as via, null as value,
        ${SCORES.fuzzy} * f.found_similarity as score
      from ${searchPeople(mode, name, limit, access)} f
      join people p on p.workspace_id = ${workspaceId} and p.id = f.found_id)`);
  }
  if (access.accounts !== 'none') {
    branches.push(sql<Row>`(
      select 'account' as type, a.id, a.name, 'similar name' as via, null as value,
        ${SCORES.fuzzy} * f.found_similarity as score
      from ${searchAccounts(mode, name, limit, access)} f
      join accounts a on a.workspace_id = ${workspaceId} and a.id = f.found_id)`);
  }
  return runBranches(trx, branches);
}

function searchPeople(mode: string, q: string, limit: number, access: Access): RawBuilder<unknown> {
  return sql`rapport_search_people(${mode}, ${q}, ${limit}::int, ${access.people}, ${access.userId}::uuid, ${access.teamId}::uuid)`;
}

function searchAccounts(mode: string, q: string, limit: number, access: Access): RawBuilder<unknown> {
  return sql`rapport_search_accounts(${mode}, ${q}, ${limit}::int, ${access.accounts}, ${access.userId}::uuid, ${access.teamId}::uuid)`;
}

/** The caller's people read level as a condition on alias p (own: theirs; team: theirs or their team's). */
function peopleCondition(access: Access): RawBuilder<boolean> {
  if (access.people === 'all') return sql<boolean>`true`;
  if (access.people === 'team' && access.teamId !== null)
    return sql<boolean>`(p.owner_id = ${access.userId} or p.team_id = ${access.teamId})`;
  return sql<boolean>`p.owner_id = ${access.userId}`;
}

async function runBranches(trx: Tx, branches: RawBuilder<Row>[]): Promise<Hit[]> {
  if (branches.length === 0) return [];
  const { rows } = await sql<Row>`${sql.join(branches, sql` union all `)}`.execute(trx);
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}
