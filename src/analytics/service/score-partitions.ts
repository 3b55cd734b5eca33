import { sql } from 'kysely';
import type { Db } from '../../db/index';
import type { Tx } from '../../db/index';

const PARENT = 'customer_scores';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The workspace's own partition of `customer_scores` (migration 0402). */
export function scorePartitionName(workspaceId: string): string {
  if (!UUID.test(workspaceId)) throw new Error(`not a workspace id: ${JSON.stringify(workspaceId)}`);
  return `${PARENT}_${workspaceId.replaceAll('-', '')}`;
}

/**
 * Replaces all of a workspace's scores with the rows `load` inserts into a fresh table: the table
 * is filled without indexes and committed (not attached, so no reader sees it), its indexes are
 * then built by sorting (with the server's parallel workers: the table is committed), its foreign
 * key checked in one join, and it is swapped in for the workspace's partition in one transaction
 * (the old one is dropped; rows in the default partition are deleted). Readers see the old scores
 * until that commit and wait only for the swap itself. Runs as the schema owner (it changes
 * tables), outside any tenant scope: `load` must write the workspace's id into every row. Recomputes
 * of one workspace run one at a time (a session lock on one connection, held across the three
 * transactions); a fresh table left by a run that died is dropped by the next.
 */
export async function replaceWorkspaceScores(
  db: Db,
  workspaceId: string,
  load: (trx: Tx, table: string) => Promise<number>,
): Promise<number> {
  const partition = scorePartitionName(workspaceId);
  const next = `${partition}_next`;
  const ws = sql.lit(workspaceId);
  return db.connection().execute(async (conn) => {
    const lock = sql`hashtext(${PARENT}), hashtext(${workspaceId})`;
    await sql`select pg_advisory_lock(${lock})`.execute(conn);
    try {
      const written = await conn.transaction().execute(async (trx) => {
        await sql`drop table if exists ${sql.table(next)}`.execute(trx);
        await sql`create table ${sql.table(next)} (like ${sql.table(PARENT)} including defaults including constraints)`.execute(
          trx,
        );
        await sql`alter table ${sql.table(next)} add check (workspace_id = ${ws}::uuid)`.execute(trx);
        await sql`select rapport_enable_tenant_rls(${next}::regclass)`.execute(trx);
        return load(trx, next);
      });
      await conn.transaction().execute(async (trx) => {
        // Index builds sort a million rows each: in memory rather than in temporary files.
        await sql`select set_config('maintenance_work_mem', '256MB', true)`.execute(trx);
        for (const definition of await indexDefinitions(trx)) await sql.raw(definition(next)).execute(trx);
      });
      await conn.transaction().execute(async (trx) => {
        // Checked here, in one join, so attaching the table does not check it again.
        await sql`alter table ${sql.table(next)} add foreign key (workspace_id, person_id)
          references people (workspace_id, id) on delete cascade`.execute(trx);
        await sql`analyze ${sql.table(next)}`.execute(trx);
        await sql`select set_config('lock_timeout', '30s', true)`.execute(trx);
        const { rows } = await sql<{ present: boolean }>`
          select to_regclass(${partition}) is not null as present`.execute(trx);
        if (rows[0]?.present) {
          await sql`alter table ${sql.table(PARENT)} detach partition ${sql.table(partition)}`.execute(trx);
          await sql`drop table ${sql.table(partition)}`.execute(trx);
        } else {
          await sql`delete from ${sql.table(`${PARENT}_default`)} where workspace_id = ${workspaceId}`.execute(
            trx,
          );
        }
        await sql`alter table ${sql.table(PARENT)} attach partition ${sql.table(next)} for values in (${ws}::uuid)`.execute(
          trx,
        );
        await sql`alter table ${sql.table(next)} rename to ${sql.table(partition)}`.execute(trx);
      });
      return written;
    } catch (err) {
      await sql`drop table if exists ${sql.table(next)}`.execute(conn).catch(() => undefined);
      throw err;
    } finally {
      await sql`select pg_advisory_unlock(${lock})`.execute(conn);
    }
  });
}

/**
 * The parent's indexes as statements that build each on a partition (named by the database), so
 * attaching the partition adopts them instead of building them while the parent is locked. The
 * primary key becomes the partition's primary key.
 */
async function indexDefinitions(trx: Tx): Promise<((table: string) => string)[]> {
  const { rows } = await sql<{ definition: string; primary: boolean }>`
    select pg_get_indexdef(i.indexrelid) as definition, i.indisprimary as primary
    from pg_index i where i.indrelid = ${PARENT}::regclass order by i.indexrelid`.execute(trx);
  return rows.map(({ definition, primary }) => {
    const tail = /^CREATE (?:UNIQUE )?INDEX \S+ ON ONLY \S+ (.*)$/.exec(definition)?.[1];
    const keys = tail && /^USING btree \((.*)\)$/.exec(tail)?.[1];
    if (!tail || (primary && !keys)) throw new Error(`unexpected index definition: ${definition}`);
    const unique = definition.startsWith('CREATE UNIQUE') ? 'unique ' : '';
    return primary
      ? (table: string) => `alter table "${table}" add primary key (${keys})`
      : (table: string) => `create ${unique}index on "${table}" ${tail}`;
  });
}
