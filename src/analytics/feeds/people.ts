import { sql } from 'kysely';
import type { Tx } from '../../db/index';

/** Display names of the given people (for a page of per-customer detail). */
export async function readDisplayNames(
  trx: Tx,
  workspaceId: string,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const { rows } = await sql<{ id: string; name: string }>`
    select p.id, p.display_name as name from people p
    where p.workspace_id = ${workspaceId} and p.id = any(${personIds}::uuid[])`.execute(trx);
  return new Map(rows.map((r) => [r.id, r.name]));
}
