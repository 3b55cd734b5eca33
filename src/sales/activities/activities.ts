import { sql } from 'kysely';
import { type Channel, recordInteraction } from '../../interactions/index';
import { createTask } from '../../tasks/index';
import type { Db } from '../../db/index';
import { withTenant } from '../../db/index';
import { authorize, invalid, type Principal, recordAudit } from '../../platform/index';
import { ownership } from '../pipeline/access';
import { loadOpportunityRow } from '../pipeline/opportunity-view';
import { actorId } from '../pipeline/opportunities';
import { deals } from '../pipeline/tables';
import type { ActivityCreate, ActivityPage, ActivityQuery, ActivityView } from './schema';

/** The interaction type of each kind of sales activity, as the customer's timeline shows it. */
export const ACTIVITY_TYPES = { call: 'sales_call', meeting: 'meeting', demo: 'demo' } as const;
const DEFAULT_CHANNEL: Record<ActivityCreate['kind'], Channel> = {
  call: 'phone',
  meeting: 'other',
  demo: 'other',
};
const FUTURE_SKEW_MS = 86_400_000;

/**
 * Logs a sales call, meeting or demo on an opportunity: an interaction on its person's timeline
 * (recorded by the interactions slice, linked to the opportunity) with the outcome and next step; the
 * next step, when given, becomes the opportunity's. With `task`, the next step is scheduled as a
 * follow-up task (tasks slice) for its assignee. Everything is checked before anything is written.
 */
export async function logActivity(
  db: Db,
  actor: Principal,
  opportunityId: string,
  input: ActivityCreate,
): Promise<ActivityView> {
  authorize(actor, 'opportunities', 'update');
  authorize(actor, 'interactions', 'create');
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : new Date();
  if (Number.isNaN(occurredAt.getTime()) || occurredAt.getTime() > Date.now() + FUTURE_SKEW_MS)
    throw invalid('occurredAt', 'must be a time no later than tomorrow');
  if (input.task) {
    authorize(actor, 'tasks', 'create');
    if (!input.task.title?.trim() && !input.nextStep?.trim())
      throw invalid('task.title', 'give the task a title, or the activity a next step');
  }
  const opportunity = await withTenant(db, actor.workspaceId, async (trx) => {
    const row = await loadOpportunityRow(trx, actor.workspaceId, opportunityId);
    authorize(actor, 'opportunities', 'update', ownership(row));
    return row;
  });
  const task = input.task
    ? await createTask(db, actor, {
        kind: 'follow_up',
        title: (input.task.title ?? input.nextStep ?? '').trim(),
        details: `Next step of ${opportunity.name}`,
        dueAt: input.task.dueAt,
        assigneeId: input.task.assigneeId,
        personId: opportunity.person_id ?? undefined,
        accountId: opportunity.account_id ?? undefined,
      })
    : null;
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const interaction = await recordInteraction(
      trx,
      actor,
      {
        channel: input.channel ?? DEFAULT_CHANNEL[input.kind],
        direction: input.direction ?? 'outbound',
        type: ACTIVITY_TYPES[input.kind],
        occurredAt,
        durationSeconds: input.durationMinutes === undefined ? null : input.durationMinutes * 60,
        agent: actor.via === 'system' ? null : actor.userId,
        subject: `${input.kind === 'call' ? 'Sales call' : input.kind === 'meeting' ? 'Meeting' : 'Demo'}: ${opportunity.name}`,
        summary:
          [
            input.summary,
            input.outcome && `Outcome: ${input.outcome}`,
            input.nextStep && `Next step: ${input.nextStep}`,
          ]
            .filter(Boolean)
            .join('\n') || null,
        links: { opportunityId, ...(task && { taskId: task.id }) },
        personId: opportunity.person_id,
      },
      { keepUnresolved: opportunity.person_id === null },
    );
    const row = await deals(trx)
      .insertInto('sales_activities')
      .values({
        workspace_id: ws,
        opportunity_id: opportunityId,
        interaction_id: interaction.id,
        kind: input.kind,
        occurred_at: occurredAt,
        outcome: input.outcome?.trim() || null,
        next_step: input.nextStep?.trim() || null,
        task_id: task?.id ?? null,
        owner_id: actorId(actor),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.nextStep?.trim())
      await deals(trx)
        .updateTable('opportunities')
        .set({ next_step: input.nextStep.trim(), updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', opportunityId)
        .execute();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'sales_activities',
      objectId: row.id,
      after: {
        opportunity_id: opportunityId,
        kind: row.kind,
        interaction_id: row.interaction_id,
        task_id: row.task_id,
      },
    });
    return toView(row);
  });
}

type ActivityRow = {
  id: string;
  opportunity_id: string;
  interaction_id: string;
  kind: ActivityView['kind'];
  occurred_at: Date;
  outcome: string | null;
  next_step: string | null;
  task_id: string | null;
  owner_id: string | null;
  created_at: Date;
};

function toView(r: ActivityRow): ActivityView {
  return {
    id: r.id,
    opportunityId: r.opportunity_id,
    interactionId: r.interaction_id,
    kind: r.kind,
    occurredAt: r.occurred_at.toISOString(),
    outcome: r.outcome,
    nextStep: r.next_step,
    taskId: r.task_id,
    ownerId: r.owner_id,
    createdAt: r.created_at.toISOString(),
  };
}

/** An opportunity's sales activities, newest first, a page at a time. */
export async function listActivities(
  db: Db,
  actor: Principal,
  opportunityId: string,
  query: ActivityQuery,
): Promise<ActivityPage> {
  authorize(actor, 'opportunities', 'read');
  const limit = query.limit ?? 50;
  let after: { at: string; id: string } | null = null;
  if (query.cursor) {
    const [at, id] = Buffer.from(query.cursor, 'base64url').toString().split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
      throw invalid('cursor', 'is not a cursor of this list');
    after = { at, id };
  }
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const opportunity = await loadOpportunityRow(trx, ws, opportunityId);
    authorize(actor, 'opportunities', 'read', ownership(opportunity));
    const { rows } = await sql<ActivityRow & { cursor_at: string }>`
      select id, opportunity_id, interaction_id, kind, occurred_at, outcome, next_step, task_id, owner_id, created_at,
        to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
      from sales_activities
      where workspace_id = ${ws} and opportunity_id = ${opportunityId}
        ${after ? sql`and (occurred_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      order by occurred_at desc, id desc
      limit ${limit + 1}`.execute(trx);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toView),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(`${last.cursor_at}|${last.id}`).toString('base64url')
          : null,
    };
  });
}
