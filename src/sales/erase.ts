import { sql } from 'kysely';
import type { Tx } from '../db/index';

/** Records of the sales slice whose audit entries are about the person, by audit object type. */
export interface SalesErasure {
  orders: string[];
  payments: string[];
  returns: string[];
  costs: string[];
}

/**
 * The sales slice's part of a privacy erasure, in the caller's transaction: the person's orders keep
 * their amounts, lines, channel and dates (the business's figures, now of an anonymous customer) and
 * lose the free text that can name them: another system's reference, payment references, return
 * reasons and cost notes. Returns the ids of those records (their audit entries are redacted too).
 */
export async function erasePersonSales(
  trx: Tx,
  workspaceId: string,
  personId: string,
): Promise<SalesErasure> {
  const ids = async (query: ReturnType<typeof sql<{ id: string }>>) =>
    (await query.execute(trx)).rows.map((r) => r.id);
  const orders = await ids(sql<{ id: string }>`
    update orders set external_ref = null where workspace_id = ${workspaceId} and person_id = ${personId}
    returning id`);
  const payments = await ids(sql<{ id: string }>`
    update payments set reference = null where workspace_id = ${workspaceId} and order_id = any(${orders}::uuid[])
    returning id`);
  const returns = await ids(sql<{ id: string }>`
    update order_returns set reason = null where workspace_id = ${workspaceId} and order_id = any(${orders}::uuid[])
    returning id`);
  const costs = await ids(sql<{ id: string }>`
    update cost_events set note = null where workspace_id = ${workspaceId} and person_id = ${personId}
    returning id`);
  return { orders, payments, returns, costs };
}
