import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import { notFound } from '../../platform/index';
import { fromCents, toCents } from '../money';
import type { OpportunityView, StageStay } from './schema';
import type { OpportunityStatus } from './tables';

/** An opportunity row with its pipeline's and stage's names and its close reason. */
export interface OpportunityRow {
  id: string;
  name: string;
  person_id: string | null;
  account_id: string | null;
  lead_id: string | null;
  pipeline_id: string;
  pipeline_name: string;
  stage_id: string;
  stage_name: string;
  stage_probability: number;
  status: OpportunityStatus;
  amount: number;
  currency: string;
  expected_close: string;
  owner_id: string | null;
  team_id: string | null;
  next_step: string | null;
  close_reason_id: string | null;
  close_reason: string | null;
  close_note: string | null;
  closed_at: Date | null;
  order_id: string | null;
  stage_entered_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** The opportunity as read (locked for update when `lock`); a 404 when the workspace has none such. */
export async function loadOpportunityRow(
  trx: Tx,
  ws: string,
  id: string,
  lock = false,
): Promise<OpportunityRow> {
  const { rows } = await sql<OpportunityRow>`
    select o.id, o.name, o.person_id, o.account_id, o.lead_id, o.pipeline_id, p.name as pipeline_name,
      o.stage_id, s.name as stage_name, s.probability as stage_probability, o.status, o.amount, o.currency,
      o.expected_close, o.owner_id, o.team_id, o.next_step, o.close_reason_id, r.name as close_reason,
      o.close_note, o.closed_at, o.order_id, o.stage_entered_at, o.created_at, o.updated_at
    from opportunities o
    join pipelines p on p.workspace_id = o.workspace_id and p.id = o.pipeline_id
    join pipeline_stages s on s.workspace_id = o.workspace_id and s.id = o.stage_id
    left join close_reasons r on r.workspace_id = o.workspace_id and r.id = o.close_reason_id
    where o.workspace_id = ${ws} and o.id = ${id}
    ${lock ? sql`for update of o` : sql``}`.execute(trx);
  const row = rows[0];
  if (!row) throw notFound('Opportunity');
  return row;
}

export function probabilityOf(row: Pick<OpportunityRow, 'status' | 'stage_probability'>): number {
  return row.status === 'won' ? 100 : row.status === 'lost' ? 0 : row.stage_probability;
}

export const weighted = (amount: number, probability: number) =>
  fromCents(Math.round((toCents(amount) * probability) / 100));

export function toOpportunityView(row: OpportunityRow): OpportunityView {
  const probability = probabilityOf(row);
  return {
    id: row.id,
    name: row.name,
    personId: row.person_id,
    accountId: row.account_id,
    leadId: row.lead_id,
    pipelineId: row.pipeline_id,
    pipelineName: row.pipeline_name,
    stageId: row.stage_id,
    stageName: row.stage_name,
    probability,
    status: row.status,
    amount: row.amount,
    weightedAmount: weighted(row.amount, probability),
    currency: row.currency,
    expectedClose: row.expected_close,
    ownerId: row.owner_id,
    teamId: row.team_id,
    nextStep: row.next_step,
    closeReasonId: row.close_reason_id,
    closeReason: row.close_reason,
    closeNote: row.close_note,
    closedAt: row.closed_at?.toISOString() ?? null,
    orderId: row.order_id,
    stageEnteredAt: row.stage_entered_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The stages an opportunity went through, oldest first, each with its time there (until the next, or now). */
export async function loadStageHistory(
  trx: Tx,
  ws: string,
  id: string,
  now = new Date(),
): Promise<StageStay[]> {
  const { rows } = await sql<{
    to_stage_id: string;
    stage_name: string | null;
    pipeline_id: string;
    status: OpportunityStatus;
    changed_at: Date;
    changed_by: string | null;
  }>`
    select c.to_stage_id, s.name as stage_name, c.pipeline_id, c.status, c.changed_at, c.changed_by
    from opportunity_stage_changes c
    left join pipeline_stages s on s.workspace_id = c.workspace_id and s.id = c.to_stage_id
    where c.workspace_id = ${ws} and c.opportunity_id = ${id}
    order by c.changed_at, c.id`.execute(trx);
  return rows.map((r, i) => {
    const left = rows[i + 1]?.changed_at ?? null;
    const end = left ?? now;
    return {
      stageId: r.to_stage_id,
      stageName: r.stage_name ?? '(removed stage)',
      pipelineId: r.pipeline_id,
      status: r.status,
      enteredAt: r.changed_at.toISOString(),
      leftAt: left?.toISOString() ?? null,
      seconds: Math.max(0, Math.round((end.getTime() - r.changed_at.getTime()) / 1000)),
      changedBy: r.changed_by,
    };
  });
}

export async function recordStageChange(
  trx: Tx,
  ws: string,
  change: {
    opportunityId: string;
    pipelineId: string;
    fromStageId: string | null;
    toStageId: string;
    status: OpportunityStatus;
    by: string | null;
  },
): Promise<void> {
  await sql`
    insert into opportunity_stage_changes (workspace_id, opportunity_id, pipeline_id, from_stage_id, to_stage_id, status, changed_by)
    values (${ws}, ${change.opportunityId}, ${change.pipelineId}, ${change.fromStageId}, ${change.toStageId},
      ${change.status}, ${change.by})`.execute(trx);
}
