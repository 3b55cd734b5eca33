import { sql } from 'kysely';
import type { Tx } from '../db/index';
import { mentionsPerson, type PersonTraces } from '../platform/index';

/**
 * Telephony's part of a privacy erasure, in the caller's transaction: the live events kept for
 * streams that reconnect (a screen pop names the caller) that mention the person are deleted.
 * Returns how many.
 */
export async function erasePersonLiveEvents(
  trx: Tx,
  workspaceId: string,
  traces: PersonTraces,
): Promise<number> {
  const result = await sql`
    delete from live_events
    where workspace_id = ${workspaceId} and ${mentionsPerson(traces, sql`data::text`)}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
