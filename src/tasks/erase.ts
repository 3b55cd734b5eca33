import { sql } from 'kysely';
import type { Tx } from '../db/index';

/**
 * The tasks slice's part of a privacy erasure, in the caller's transaction: the person's tasks keep
 * their kind, times and assignees and lose their text; the notes on the person, on their tasks, and
 * on the orders and interactions given (the person's, from those slices) are deleted. Returns the
 * ids of both (their audit entries are redacted too).
 */
export async function erasePersonTasks(
  trx: Tx,
  workspaceId: string,
  personId: string,
  records: { orders: readonly string[]; interactions: readonly string[] },
): Promise<{ tasks: string[]; notes: string[] }> {
  const { rows: tasks } = await sql<{ id: string }>`
    update tasks set title = 'Erased', details = null, updated_at = now()
    where workspace_id = ${workspaceId} and person_id = ${personId}
    returning id`.execute(trx);
  const taskIds = tasks.map((t) => t.id);
  const { rows: notes } = await sql<{ id: string }>`
    delete from notes
    where workspace_id = ${workspaceId}
      and (person_id = ${personId} or task_id = any(${taskIds}::uuid[])
           or order_id = any(${records.orders}::uuid[]) or interaction_id = any(${records.interactions}::uuid[]))
    returning id`.execute(trx);
  return { tasks: taskIds, notes: notes.map((n) => n.id) };
}
