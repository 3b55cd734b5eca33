import { sql } from 'kysely';
import type { Db } from '../../db/index';
import type { Tx } from '../../db/index';

/** How to read the open records of a table other slices add later (tasks, cases, opportunities). */
export interface OpenRecords {
  table: 'tasks' | 'cases' | 'opportunities';
  /** SQL condition on alias `t` that keeps the open rows. */
  open: string;
  /** SQL order of the rows shown first (soonest due, newest). */
  order: string;
}

/** Tables of later issues the 360 view fills its slots from when they exist. */
export interface OptionalTables {
  consent: boolean;
  scores: boolean;
  tasks: OpenRecords | null;
  cases: OpenRecords | null;
  opportunities: OpenRecords | null;
}

const CLOSED_STATES = ['done', 'completed', 'closed', 'resolved', 'cancelled', 'canceled', 'won', 'lost'];
const TTL_MS = 30_000;
const cache = new WeakMap<Db, { at: number; tables: Promise<OptionalTables> }>();

/**
 * Which optional tables exist, read from the catalogue once per database handle and kept for 30 s
 * (tables only appear through migrations). A table without `person_id` is treated as absent.
 */
export function optionalTables(db: Db, trx: Tx): Promise<OptionalTables> {
  const hit = cache.get(db);
  if (hit && performance.now() - hit.at < TTL_MS) return hit.tables;
  const tables = probe(trx);
  cache.set(db, { at: performance.now(), tables });
  tables.catch(() => cache.delete(db));
  return tables;
}

async function probe(trx: Tx): Promise<OptionalTables> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name::text, column_name::text from information_schema.columns
    where table_schema = current_schema()
      and table_name in ('consent_events', 'customer_scores', 'tasks', 'cases', 'opportunities')`.execute(
    trx,
  );
  const columns = new Map<string, Set<string>>();
  for (const r of rows)
    columns.set(r.table_name, (columns.get(r.table_name) ?? new Set()).add(r.column_name));
  const rule = (table: OpenRecords['table']): OpenRecords | null => {
    const cols = columns.get(table);
    if (!cols?.has('person_id')) return null;
    const closed = CLOSED_STATES.map((s) => `'${s}'`).join(', ');
    const closedAt = ['done_at', 'completed_at', 'closed_at', 'resolved_at'].find((c) => cols.has(c));
    const open = cols.has('done')
      ? 'not t.done'
      : cols.has('status')
        ? `t.status not in (${closed})`
        : cols.has('state')
          ? `t.state not in (${closed})`
          : closedAt
            ? `t.${closedAt} is null`
            : 'true';
    const due = ['due_at', 'due_on', 'due_date', 'expected_close', 'close_date'].find((c) => cols.has(c));
    const order = [due ? `t.${due} nulls last` : null, cols.has('created_at') ? 't.created_at desc' : null]
      .filter(Boolean)
      .join(', ');
    return { table, open, order: order || 't.person_id' };
  };
  return {
    consent: columns.get('consent_events')?.has('person_id') ?? false,
    scores: columns.get('customer_scores')?.has('person_id') ?? false,
    tasks: rule('tasks'),
    cases: rule('cases'),
    opportunities: rule('opportunities'),
  };
}
