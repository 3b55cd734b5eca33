import { sql, type Transaction } from 'kysely';
import type { Db } from './connection';

// biome-ignore lint/complexity/noBannedTypes: the empty schema every slice extends
export type Tx = Transaction<{}>;

/** The non-login role that tenant transactions switch to, so row-level security applies. */
export const TENANT_ROLE = 'rapport_tenant';

/**
 * Runs `fn` in a transaction scoped to one workspace: the workspace id is set for the transaction
 * and the role is switched to the tenant role, so PostgreSQL's row-level security hides every
 * other workspace's rows even from a query that forgets its `where workspace_id = ...`.
 */
export async function withTenant<T>(db: Db, workspaceId: string, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('rapport.workspace_id', ${workspaceId}, true)`.execute(trx);
    await sql.raw(`set local role ${TENANT_ROLE}`).execute(trx);
    return fn(trx);
  });
}

/** A transaction outside any workspace scope: only for platform work that spans workspaces (login, job claims). */
export async function withSystem<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
