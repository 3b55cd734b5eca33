import { sql, type Transaction } from 'kysely';
import type { Db } from './connection';
import { DEFERRABLE } from './driver';

// biome-ignore lint/complexity/noBannedTypes: the empty schema every slice extends
export type Tx = Transaction<{}>;

/** The non-login role that tenant transactions switch to, so row-level security applies. */
export const TENANT_ROLE = 'rapport_tenant';

/**
 * The workspace id and the role in one statement, marked DEFERRABLE: the driver sends it with the
 * transaction's `begin` and first real statement, so scoping a transaction costs no round trip.
 */
const tenantSettings = (workspaceId: string) =>
  sql`${sql.raw(DEFERRABLE)}select set_config('rapport.workspace_id', ${workspaceId}, true), set_config('role', ${TENANT_ROLE}, true)`;

/**
 * Runs `fn` in a transaction scoped to one workspace: the workspace id is set for the transaction
 * and the role is switched to the tenant role, so PostgreSQL's row-level security hides every
 * other workspace's rows even from a query that forgets its `where workspace_id = ...`.
 */
export async function withTenant<T>(db: Db, workspaceId: string, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await tenantSettings(workspaceId).execute(trx);
    return fn(trx);
  });
}

/** A transaction outside any workspace scope: only for platform work that spans workspaces (login, job claims). */
export async function withSystem<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

/** deadlock_detected and serialization_failure: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * `withTenant` for batch writes that may meet another batch's rows in another order (two batches
 * sharing new identifiers and idempotency keys): when PostgreSQL breaks a deadlock by failing this
 * transaction, it runs again, up to `attempts` times. `fn` must have no effect outside the database.
 */
export async function withTenantRetrying<T>(
  db: Db,
  workspaceId: string,
  fn: (trx: Tx) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTenant(db, workspaceId, fn);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
    }
  }
}
