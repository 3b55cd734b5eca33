import { sql } from 'kysely';
import type { Database, Db } from './connection';

/** How often the embedded database is checked for tables to vacuum or analyse. */
const CHECK_EVERY_MS = 60_000;

export interface MaintenanceDone {
  vacuumed: string[];
  analyzed: string[];
}

/**
 * What PostgreSQL's autovacuum does, for the embedded database, which has none: each table with more
 * dead rows than 50 + 20% of its rows is vacuumed (and analysed), each with more changed rows since
 * its last analysis than 50 + 10% is analysed, and so is each table with rows (or not yet counted)
 * that was never analysed. The counts of changes start again at zero whenever the embedded database
 * is opened, so a process that stops writes with this check (the server every minute, the CLI after
 * each command). Without it a table keeps the statistics of its first analysis, or none, and the
 * planner picks plans for a table of another size.
 */
export async function maintainTables(db: Db): Promise<MaintenanceDone> {
  // A backend reports its counts at most once a second; the embedded database is one backend.
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const { rows } = await sql<{ name: string; needs_vacuum: boolean }>`
    select name, needs_vacuum from (
      select quote_ident(s.relname) as name,
        s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0) as needs_vacuum,
        s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
          or (c.reltuples <> 0 and not exists (select 1 from pg_statistic st where st.starelid = c.oid))
          as needs_analysis
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = 'public' and c.relkind = 'r') t
    where needs_vacuum or needs_analysis
    order by name`.execute(db);
  const done: MaintenanceDone = { vacuumed: [], analyzed: [] };
  for (const table of rows) {
    if (table.needs_vacuum) {
      await sql`vacuum (analyze) ${sql.raw(table.name)}`.execute(db);
      done.vacuumed.push(table.name);
    } else {
      await sql`analyze ${sql.raw(table.name)}`.execute(db);
    }
    done.analyzed.push(table.name);
  }
  return done;
}

/**
 * Runs `maintainTables` every minute on an embedded database (a PostgreSQL server has autovacuum:
 * nothing to do), the next check a minute after the last one ended. The server runs the first check
 * itself before it listens. The timer does not keep the process alive.
 */
export function startEmbeddedMaintenance(
  database: Database,
  onError: (err: unknown) => void = () => {},
): { stop(): Promise<void> } {
  if (database.kind !== 'pglite') return { stop: async () => {} };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    timer = setTimeout(() => {
      running = maintainTables(database.db).then(
        () => undefined,
        (err: unknown) => onError(err),
      );
      void running.then(() => {
        if (!stopped) schedule();
      });
    }, CHECK_EVERY_MS);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
