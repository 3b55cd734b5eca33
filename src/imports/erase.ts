import { sql } from 'kysely';
import type { Tx } from '../db/index';
import { mentionsPerson, type PersonTraces } from '../platform/index';

/**
 * The imports slice's part of a privacy erasure, in the caller's transaction: every refused line of
 * an imported file that carries the person's id or identifiers keeps its line number and field and
 * loses its values and reason. Uploaded files are not kept once their import is done (loaded,
 * refused, checked or given up), so only a file still being imported holds lines of the person; it
 * is left as it is (changing it would break the import's check that the file did not change), and
 * such an import may bring back what its lines say, as any new data would. Returns the lines redacted.
 */
export async function eraseImportedLines(
  trx: Tx,
  workspaceId: string,
  traces: PersonTraces,
): Promise<number> {
  const result = await sql`
    update import_rejects set record = '{}', reason = '[erased]'
    where workspace_id = ${workspaceId}
      and ${mentionsPerson(traces, sql`array_to_string(record, ' ') || ' ' || reason`)}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
