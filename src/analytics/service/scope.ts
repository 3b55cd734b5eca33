import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';

/** Memory for the sorts and hash aggregates of one analysis query (the default 4 MB spills to disk). */
const ANALYTICS_WORK_MEM = '256MB';

/**
 * Runs an analysis in the workspace's tenant scope (row-level security on), with enough working
 * memory for per-customer aggregates over millions of orders to stay in memory.
 */
export function withAnalyticsScope<T>(db: Db, workspaceId: string, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return withTenant(db, workspaceId, async (trx) => {
    await sql`select set_config('work_mem', ${ANALYTICS_WORK_MEM}, true)`.execute(trx);
    return fn(trx);
  });
}
