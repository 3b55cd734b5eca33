import { sql } from 'kysely';
import type { Tx } from '../db/index';
import { mentionsPerson, type PersonTraces } from '../platform/index';

/** Records of the sales slice whose audit entries are about the person, by audit object type. */
export interface SalesErasure {
  orders: string[];
  payments: string[];
  returns: string[];
  costs: string[];
  leads: string[];
  opportunities: string[];
  activities: string[];
  quotes: string[];
}

/**
 * The sales slice's part of a privacy erasure, in the caller's transaction: the person's orders keep
 * their amounts, lines, channel and dates (the business's figures, now of an anonymous customer) and
 * lose the free text that can name them: another system's reference, payment references, return
 * reasons and cost notes. Leads that are the person or name them lose the prospect's name, contact
 * details and message; the person's opportunities keep their amounts, stages and history and lose
 * their notes, next steps, the outcomes of their sales calls, and the name a customer signed or
 * declined a quote with. A deal of the person alone (no account) is renamed, as is one whose name
 * carries the person's identifiers; an account's deal keeps its name. Returns the ids of those
 * records (their audit entries are redacted too).
 */
export async function erasePersonSales(
  trx: Tx,
  workspaceId: string,
  personId: string,
  traces: PersonTraces,
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
  const leads = await ids(sql<{ id: string }>`
    update leads set first_name = null, last_name = null, email = null, phone = null, job_title = null,
      website = null, message = null,
      disqualify_reason = case when disqualify_reason is null then null else '[erased]' end
    where workspace_id = ${workspaceId} and (person_id = ${personId} or ${mentionsPerson(
      traces,
      sql`concat_ws(' ', first_name, last_name, email, phone, website, message)`,
    )})
    returning id`);
  const opportunities = await ids(sql<{ id: string }>`
    update opportunities set next_step = null, close_note = null,
      name = case when account_id is null or ${mentionsPerson(traces, sql`name`)} then 'Opportunity' else name end
    where workspace_id = ${workspaceId} and person_id = ${personId}
    returning id`);
  const activities = await ids(sql<{ id: string }>`
    update sales_activities set outcome = null, next_step = null
    where workspace_id = ${workspaceId} and opportunity_id = any(${opportunities}::uuid[])
    returning id`);
  const quotes = await ids(sql<{ id: string }>`
    update quotes set accepted_name = null, decline_reason = null
    where workspace_id = ${workspaceId} and opportunity_id = any(${opportunities}::uuid[])
    returning id`);
  return { orders, payments, returns, costs, leads, opportunities, activities, quotes };
}
