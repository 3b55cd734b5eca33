import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/index';
import type { Tx } from '../db/index';

export interface Agent {
  id: string;
  name: string;
}

export interface Caller {
  personId: string;
  name: string;
  segment: string | null;
  /** Open records by kind (`tasks`, `cases`), for the kinds whose tables exist. */
  openItems: Record<string, number>;
}

/** The workspace's default phone region, and the active user with this email (citext: any case). */
export async function findAgentAndRegion(
  trx: Tx,
  workspaceId: string,
  email: string,
): Promise<{ region: string; agent: Agent | undefined }> {
  const { rows } = await sql<{ region: string | null; agent_id: string | null; agent_name: string | null }>`
    select (select default_region from workspaces where id = ${workspaceId}) as region, u.id as agent_id,
      u.name as agent_name
    from (select 1) one
    left join users u on u.workspace_id = ${workspaceId} and u.email = ${email} and u.active`.execute(trx);
  const row = rows[0];
  return {
    region: row?.region ?? 'US',
    agent: row?.agent_id ? { id: row.agent_id, name: row.agent_name ?? '' } : undefined,
  };
}

/**
 * The person who owns a phone number exactly (E.164), with what the screen pop shows: segment from the
 * analytics scores and counts of open tasks and cases, where those tables exist. One statement.
 */
export async function findCaller(
  db: Db,
  trx: Tx,
  workspaceId: string,
  phone: string,
): Promise<Caller | undefined> {
  const tables = await optionalTables(db, trx);
  const counts: [string, RawBuilder<number>][] = [];
  if (tables.tasks) counts.push(['tasks', openCount('tasks', tables.tasks)]);
  if (tables.cases) counts.push(['cases', openCount('cases', tables.cases)]);
  const { rows } = await sql<{
    id: string;
    name: string;
    segment: string | null;
    open_items: Record<string, number>;
  }>`
    select p.id, p.display_name as name,
      ${tables.scores ? sql`(select s.rfm_segment from customer_scores s where s.workspace_id = p.workspace_id and s.person_id = p.id)` : sql`null::text`} as segment,
      ${counts.length === 0 ? sql`'{}'::jsonb` : sql`jsonb_build_object(${sql.join(counts.map(([k, q]) => sql`${sql.lit(k)}::text, ${q}`))})`} as open_items
    from identities i
    join people p on p.workspace_id = i.workspace_id and p.id = i.person_id
    where i.workspace_id = ${workspaceId} and i.kind = 'phone' and i.value = ${phone}`.execute(trx);
  const row = rows[0];
  if (!row) return undefined;
  return {
    personId: row.id,
    name: row.name,
    segment: row.segment,
    openItems: Object.fromEntries(Object.entries(row.open_items).map(([k, v]) => [k, Number(v)])),
  };
}

function openCount(table: 'tasks' | 'cases', open: string): RawBuilder<number> {
  return sql<number>`(select count(*) from ${sql.table(table)} t
    where t.workspace_id = p.workspace_id and t.person_id = p.id and ${sql.raw(open)})`;
}

interface Tables {
  scores: boolean;
  /** SQL condition on alias `t` for the open rows, or null when the table is missing. */
  tasks: string | null;
  cases: string | null;
}

const CLOSED = `('done', 'completed', 'closed', 'resolved', 'cancelled', 'canceled')`;
const TTL_MS = 30_000;
const cache = new WeakMap<Db, { at: number; tables: Promise<Tables> }>();

/** Which optional tables exist (they appear only through migrations), read once per 30 s per database. */
function optionalTables(db: Db, trx: Tx): Promise<Tables> {
  const hit = cache.get(db);
  if (hit && performance.now() - hit.at < TTL_MS) return hit.tables;
  const tables = probe(trx);
  cache.set(db, { at: performance.now(), tables });
  tables.catch(() => cache.delete(db));
  return tables;
}

async function probe(trx: Tx): Promise<Tables> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name::text, column_name::text from information_schema.columns
    where table_schema = current_schema() and table_name in ('customer_scores', 'tasks', 'cases')`.execute(
    trx,
  );
  const has = (table: string, column: string) =>
    rows.some((r) => r.table_name === table && r.column_name === column);
  const openRule = (table: string): string | null => {
    if (!has(table, 'person_id')) return null;
    if (has(table, 'status')) return `t.status not in ${CLOSED}`;
    const closedAt = ['done_at', 'closed_at', 'resolved_at', 'completed_at'].find((c) => has(table, c));
    return closedAt ? `t.${closedAt} is null` : 'true';
  };
  return {
    scores: has('customer_scores', 'rfm_segment'),
    tasks: openRule('tasks'),
    cases: openRule('cases'),
  };
}
