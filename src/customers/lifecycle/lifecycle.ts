import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { withTenant } from '../../db/index';
import { invalid, parseTime } from '../../platform/index';
import { authorize, levelFor, type Principal } from '../../platform/index';
import { lifecycleFunnel, type Seconds, type StageFunnel, staysOf, timeInStage } from './lifecycle-stats';
import { loadPersonRow } from '../people/person-view';
import { readableBy } from '../read-scope';
import { customers, type LifecycleStage } from '../tables';

export interface LifecycleHistory {
  personId: string;
  stage: LifecycleStage;
  /** Every stay, oldest first; the last is the current stage (leftAt null). */
  history: {
    stage: LifecycleStage;
    from: LifecycleStage | null;
    enteredAt: string;
    leftAt: string | null;
    seconds: Seconds;
    changedBy: string | null;
  }[];
  /** Total time per stage the person has been in. */
  timeInStage: Partial<Record<LifecycleStage, Seconds>>;
}

/** A person's lifecycle: each stage entered, when, for how long, and the total time per stage. */
export async function getLifecycleHistory(
  db: Db,
  actor: Principal,
  personId: string,
): Promise<LifecycleHistory> {
  authorize(actor, 'people', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const person = await loadPersonRow(trx, actor.workspaceId, personId);
    authorize(actor, 'people', 'read', { ownerId: person.owner_id, ownerTeamId: person.team_id });
    const rows = await customers(trx)
      .selectFrom('lifecycle_changes')
      .select(['from_stage', 'to_stage', 'changed_at', 'changed_by'])
      .select(sql<Date>`now()`.as('now'))
      .where('workspace_id', '=', actor.workspaceId)
      .where('person_id', '=', personId)
      .orderBy('changed_at')
      .orderBy('id')
      .execute();
    const asOf = rows[0] ? new Date(rows[0].now) : new Date();
    const stays = staysOf(
      rows.map((r) => ({ from: r.from_stage, to: r.to_stage, at: new Date(r.changed_at) })),
      asOf,
    );
    return {
      personId,
      stage: person.lifecycle_stage,
      history: stays.map((s, i) => ({
        stage: s.stage,
        from: rows[i]?.from_stage ?? null,
        enteredAt: s.enteredAt.toISOString(),
        leftAt: s.leftAt?.toISOString() ?? null,
        seconds: s.seconds,
        changedBy: rows[i]?.changed_by ?? null,
      })),
      timeInStage: timeInStage(stays),
    };
  });
}

export interface FunnelQuery {
  from?: string;
  to?: string;
}

export interface Funnel {
  from: string;
  to: string;
  stages: StageFunnel[];
}

const DEFAULT_DAYS = 90;

const invalidTime = (field: string): never => {
  throw invalid(field, `${field}: must be a day (YYYY-MM-DD) or an ISO 8601 time with a zone`);
};

/**
 * The workspace's lifecycle funnel: the stage entries made in [from, to) (default: the last 90 days),
 * followed to today: per stage, entries, time in stage (median, mean) and conversion to the next
 * stage(s). Counts only people the caller may read.
 */
export async function getLifecycleFunnel(db: Db, actor: Principal, query: FunnelQuery): Promise<Funnel> {
  authorize(actor, 'people', 'read');
  const time = (field: string, text: string) => parseTime(text, { dayAlone: true }) ?? invalidTime(field);
  const to = query.to ? time('to', query.to) : new Date();
  const from = query.from ? time('from', query.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  if (from >= to) throw invalid('from', 'must be before to');
  const level = levelFor(actor, 'people', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const readable =
      level === 'all'
        ? sql`true`
        : sql`exists (select 1 from people p where p.workspace_id = l.workspace_id and p.id = l.person_id
            and ${readableBy(actor, 'people', 'p')})`;
    // Each entry with the change that ended it (the person's next change). A next change is never
    // earlier than its entry, so the changes from `from` on hold all of them: one range of the
    // (workspace, time) index and a window per person, durations computed in the database.
    const { rows } = await sql<{
      stage: LifecycleStage;
      next_stage: LifecycleStage | null;
      seconds: number | null;
    }>`
      select x.stage, x.next_stage, extract(epoch from x.left_at - x.entered_at)::float8 as seconds
      from (
        select l.to_stage as stage, l.changed_at as entered_at,
          lead(l.to_stage) over w as next_stage, lead(l.changed_at) over w as left_at
        from lifecycle_changes l
        where l.workspace_id = ${ws} and l.changed_at >= ${from} and ${readable}
        window w as (partition by l.person_id order by l.changed_at, l.id)
      ) x
      where x.entered_at < ${to}`.execute(trx);
    const stays = rows.map((r) => ({ stage: r.stage, nextStage: r.next_stage, seconds: r.seconds }));
    return { from: from.toISOString(), to: to.toISOString(), stages: lifecycleFunnel(stays) };
  });
}
