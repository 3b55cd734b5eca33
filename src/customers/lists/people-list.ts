import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { invalid } from '../../platform/index';
import { authorize, type Principal } from '../../platform/index';
import { readableBy } from '../read-scope';
import { loadAttributeRules } from '../attributes/attributes';
import {
  type AttributeFilterInput,
  attributeCondition,
  FILTER_OPS,
  type FilterOp,
  parseAttributeFilters,
} from '../attributes/attributes-filter';
import { countRows, type ListCount } from './list-count';
import {
  decodeSortCursor,
  encodeSortCursor,
  pageParts,
  parseSort,
  readParts,
  sortExpression,
  sortValue,
} from './list-sort';
import { loadIdentities, type Person, toPerson } from '../people/person-view';
import { customers, type LifecycleStage } from '../tables';
import { loadTags, tagCondition } from './tags';

export interface ListPeopleQuery {
  lifecycleStage?: LifecycleStage;
  ownerId?: string;
  /** A prefix of the display name, case-insensitive. */
  namePrefix?: string;
  /** `attr.<key>[.<op>]` parameters: equals, or gt/gte/lt/lte for numbers and dates. */
  attributeFilters?: AttributeFilterInput[];
  /** Score parameters (`segment`, `preferredChannel`, `churnRisk.gte`, …): see `parseScoreFilters`. */
  scoreFilters?: ScoreFilterInput[];
  /** People with this tag. */
  tag?: string;
  /** A field of PEOPLE_SORTS, `-` first for descending; default `-createdAt` (newest first). */
  sort?: string;
  cursor?: string;
  limit?: number;
}

export interface PeoplePage {
  items: (Person & { tags: string[] })[];
  nextCursor: string | null;
}

/** In the sort order (newest first by default), keyset-paged on (field, id) so a page costs the same at row 10 and row 1,000,000. */
export async function listPeople(db: Db, actor: Principal, query: ListPeopleQuery): Promise<PeoplePage> {
  authorize(actor, 'people', 'read');
  const limit = query.limit ?? 50;
  const sort = parseSort(query.sort);
  const after = query.cursor ? decodeSortCursor(sort, query.cursor) : undefined;
  const scoreFilters = checkScoreFilters(actor, query);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const q = await matchingPeople(trx, actor, query, scoreFilters);
    const rows = await readParts(pageParts(sort, after), limit + 1, (part, n) =>
      q
        .where(part)
        .select(sortValue(sort).as('cursor_value'))
        .orderBy(sortExpression(sort), sort.direction)
        .orderBy('id', sort.direction)
        .limit(n)
        .execute(),
    );
    const page = rows.slice(0, limit);
    const identities = await loadIdentities(
      trx,
      actor.workspaceId,
      page.map((r) => r.id),
    );
    const tags = await loadTags(
      trx,
      'people',
      actor.workspaceId,
      page.map((r) => r.id),
    );
    const last = page.at(-1);
    return {
      items: page.map((r) => ({ ...toPerson(r, identities.get(r.id) ?? []), tags: tags.get(r.id) ?? [] })),
      nextCursor:
        rows.length > limit && last
          ? encodeSortCursor(sort, { value: last.cursor_value, id: last.id })
          : null,
    };
  });
}

/** How many people the list's filters match (sort and cursor ignored): see `countRows`. */
export async function countPeople(
  db: Db,
  actor: Principal,
  query: ListPeopleQuery,
  cap?: number,
): Promise<ListCount> {
  authorize(actor, 'people', 'read');
  const scoreFilters = checkScoreFilters(actor, query);
  return withTenant(db, actor.workspaceId, async (trx) =>
    countRows(trx, await matchingPeople(trx, actor, query, scoreFilters), cap),
  );
}

function checkScoreFilters(actor: Principal, query: ListPeopleQuery): ScoreFilter[] {
  const scoreFilters = parseScoreFilters(query.scoreFilters ?? []);
  // Scores are analytics: filtering on them would reveal them to a role that may not read them.
  if (scoreFilters.length > 0) authorize(actor, 'analytics', 'read');
  return scoreFilters;
}

/** The people the caller may read that pass the list's filters. */
async function matchingPeople(
  trx: Tx,
  actor: Principal,
  query: ListPeopleQuery,
  scoreFilters: readonly ScoreFilter[],
) {
  const filters = query.attributeFilters?.length
    ? parseAttributeFilters(
        await loadAttributeRules(trx, actor.workspaceId, 'people'),
        query.attributeFilters,
      )
    : [];
  let q = customers(trx).selectFrom('people').selectAll().where('workspace_id', '=', actor.workspaceId);
  q = q.where(readableBy(actor, 'people'));
  if (query.lifecycleStage) q = q.where('lifecycle_stage', '=', query.lifecycleStage);
  if (query.ownerId) q = q.where('owner_id', '=', query.ownerId);
  if (query.namePrefix) q = q.where(namePrefixCondition(query.namePrefix));
  for (const filter of filters) q = q.where(attributeCondition('people', actor.workspaceId, filter));
  for (const filter of scoreFilters) q = q.where(scoreCondition(actor.workspaceId, filter));
  if (query.tag) q = q.where(tagCondition('people', actor.workspaceId, query.tag));
  return q;
}

/**
 * People whose display name starts with `prefix`, any case: a range on the case-folded name column
 * (0123), leakproof operators on a plain column, so an index range under row-level security
 * (`lower(display_name)` is not leakproof, and would read every person of the workspace).
 */
export function namePrefixCondition(prefix: string): RawBuilder<boolean> {
  const folded = prefix.toLowerCase();
  return sql<boolean>`(name_key ~>=~ ${folded} and name_key ~<~ (${folded} || chr(1114111)))`;
}

/** A score parameter as given, e.g. `{ param: 'churnRisk.gte', value: '0.8' }`. */
export interface ScoreFilterInput {
  param: string;
  value: string;
}

/** The columns of `customer_scores` (written back by the analytics recompute job) a list can filter on. */
const SCORE_COLUMNS = {
  segment: { column: 'rfm_segment', type: 'text' },
  preferredChannel: { column: 'preferred_channel', type: 'text' },
  churnRisk: { column: 'churn_risk', type: 'probability' },
  pAlive: { column: 'p_alive', type: 'probability' },
  clv: { column: 'clv', type: 'number' },
  profitDecile: { column: 'profit_decile', type: 'decile' },
} as const;
type ScoreName = keyof typeof SCORE_COLUMNS;

/** Query parameters that filter on scores: `segment`, `preferredChannel` (one value or a comma list),
 *  and `churnRisk`, `pAlive`, `clv`, `profitDecile`, each as `<name>` or `<name>.gt|gte|lt|lte`. */
export const SCORE_PARAM =
  '^(segment|preferredChannel|churnRisk|pAlive|clv|profitDecile)(\\.(gt|gte|lt|lte))?$';

/** The score parameters of a query string, in the order given. */
export function scoreParams(query: Record<string, unknown>): ScoreFilterInput[] {
  const pattern = new RegExp(SCORE_PARAM);
  return Object.entries(query)
    .filter(([param]) => pattern.test(param))
    .map(([param, value]) => ({ param, value: String(value) }));
}

export interface ScoreFilter {
  column: (typeof SCORE_COLUMNS)[ScoreName]['column'];
  op: FilterOp;
  /** Text filters: any of these values; number filters: one number. */
  value: string[] | number;
  cast: 'float8' | 'int2' | 'text';
}

/**
 * Reads score parameters: text scores (segment, preferred channel) compare for equality with one
 * value or a comma list (`segment=champions,loyal`; "potential loyalist" is `potential_loyalist`);
 * churn risk and P(alive) take a probability, CLV a number, the profit decile a whole number 1-10.
 * A 400 names the parameter.
 */
export function parseScoreFilters(inputs: readonly ScoreFilterInput[]): ScoreFilter[] {
  return inputs.map(({ param, value }) => {
    const [name, op = 'eq', ...rest] = param.split('.');
    const spec = SCORE_COLUMNS[name as ScoreName];
    if (!spec || rest.length > 0 || !(FILTER_OPS as readonly string[]).includes(op))
      throw invalid(param, 'is not a score filter');
    const filterOp = op as FilterOp;
    if (spec.type === 'text') {
      if (filterOp !== 'eq') throw invalid(param, `${name} can only be compared for equality`);
      const values = value
        .split(',')
        .map((v) =>
          v
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_'),
        )
        .filter((v) => v !== '');
      if (values.length === 0 || values.some((v) => !/^[a-z0-9_]{1,40}$/.test(v)))
        throw invalid(param, `must be one name or a comma list of names, not "${value}"`);
      return { column: spec.column, op: filterOp, value: values, cast: 'text' };
    }
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(n)) throw invalid(param, `must be a number, not "${value}"`);
    if (spec.type === 'probability' && (n < 0 || n > 1))
      throw invalid(param, `must be a probability between 0 and 1, not ${value}`);
    if (spec.type === 'decile' && (!Number.isInteger(n) || n < 1 || n > 10))
      throw invalid(param, `must be a whole number from 1 to 10, not ${value}`);
    return { column: spec.column, op: filterOp, value: n, cast: spec.type === 'decile' ? 'int2' : 'float8' };
  });
}

const SQL_OP: Record<FilterOp, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * A condition on the person's `id` for one score filter: an index range on
 * `customer_scores (workspace_id, <column>, person_id)` (migration 0401) with leakproof operators
 * (float8, int2, text), so row-level security does not stop the index being used. People without
 * scores (never scored, or no value for that score) do not match.
 */
export function scoreCondition(workspaceId: string, filter: ScoreFilter): RawBuilder<boolean> {
  return sql<boolean>`id in (${scoredPeople(workspaceId, filter)})`;
}

/** The ids of the people of the workspace whose score passes `filter` (an index range, see above). */
export function scoredPeople(workspaceId: string, filter: ScoreFilter): RawBuilder<{ person_id: string }> {
  const column = sql.ref(`s.${filter.column}`);
  const test = Array.isArray(filter.value)
    ? sql`${column} = any(${filter.value}::text[])`
    : sql`${column} ${sql.raw(SQL_OP[filter.op])} ${filter.value}::${sql.raw(filter.cast)}`;
  return sql`select s.person_id from customer_scores s where s.workspace_id = ${workspaceId} and ${test}`;
}
