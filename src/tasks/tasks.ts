import { sql } from 'kysely';
import type { Db } from '../db/index';
import { type Tx, withTenant } from '../db/index';
import { recordAudit } from '../platform/index';
import { invalid, notFound } from '../platform/index';
import { authorize, levelFor, type Principal } from '../platform/index';
import { type TaskKind, taskTables } from './tables';

export interface Task {
  id: string;
  kind: TaskKind;
  title: string;
  details: string | null;
  dueAt: string;
  assigneeId: string;
  personId: string | null;
  accountId: string | null;
  done: boolean;
  doneAt: string | null;
  createdAt: string;
}

export interface CreateTaskInput {
  kind?: TaskKind;
  title: string;
  details?: string;
  dueAt: string;
  assigneeId?: string;
  personId?: string;
  accountId?: string;
}

export interface UpdateTaskInput {
  title?: string;
  details?: string | null;
  dueAt?: string;
  assigneeId?: string;
  done?: boolean;
}

export type TaskView = 'overdue' | 'today' | 'open' | 'done';

export async function createTask(db: Db, actor: Principal, input: CreateTaskInput): Promise<Task> {
  authorize(actor, 'tasks', 'create');
  if (!input.title.trim()) throw invalid('title', 'title: must not be blank');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const assigneeId = input.assigneeId ?? actor.userId;
    const teamId = await assigneeTeam(trx, actor.workspaceId, assigneeId);
    if (input.personId) await requireRow(trx, 'people', actor.workspaceId, input.personId, 'personId');
    if (input.accountId) await requireRow(trx, 'accounts', actor.workspaceId, input.accountId, 'accountId');
    const row = await taskTables(trx)
      .insertInto('tasks')
      .values({
        workspace_id: actor.workspaceId,
        kind: input.kind ?? 'follow_up',
        title: input.title.trim(),
        details: input.details ?? null,
        due_at: input.dueAt,
        assignee_id: assigneeId,
        team_id: teamId,
        person_id: input.personId ?? null,
        account_id: input.accountId ?? null,
        created_by: actor.via === 'system' ? null : actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'tasks',
      objectId: row.id,
      after: auditable(row),
    });
    return toTask(row);
  });
}

export async function updateTask(
  db: Db,
  actor: Principal,
  taskId: string,
  input: UpdateTaskInput,
): Promise<Task> {
  authorize(actor, 'tasks', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const before = await loadTask(trx, actor.workspaceId, taskId);
    authorize(actor, 'tasks', 'update', { ownerId: before.assignee_id, ownerTeamId: before.team_id });
    const teamId = input.assigneeId
      ? await assigneeTeam(trx, actor.workspaceId, input.assigneeId)
      : before.team_id;
    if (input.title !== undefined && !input.title.trim()) throw invalid('title', 'must not be empty');
    const doneNow = input.done === true && before.done_at === null;
    const after = await taskTables(trx)
      .updateTable('tasks')
      .set({
        ...(input.title !== undefined && { title: input.title.trim() }),
        ...(input.details !== undefined && { details: input.details }),
        ...(input.dueAt !== undefined && { due_at: input.dueAt }),
        ...(input.assigneeId !== undefined && { assignee_id: input.assigneeId, team_id: teamId }),
        ...(doneNow && { done_at: sql<Date>`now()`, done_by: actor.via === 'system' ? null : actor.userId }),
        ...(input.done === false && { done_at: null, done_by: null }),
        updated_at: sql<Date>`now()`,
      })
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', taskId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'tasks',
      objectId: taskId,
      before: auditable(before),
      after: auditable(after),
    });
    return toTask(after);
  });
}

export interface ListTasksQuery {
  view?: TaskView;
  /** A user id; the caller when absent. */
  assigneeId?: string;
  personId?: string;
  /** IANA time zone that decides what "today" is; UTC when absent. */
  timeZone?: string;
  limit?: number;
}

/** "My day": overdue and due-today open tasks, soonest first; or all open, or recently done. */
export async function listTasks(db: Db, actor: Principal, query: ListTasksQuery): Promise<Task[]> {
  authorize(actor, 'tasks', 'read');
  const tz = query.timeZone ?? 'UTC';
  if (!isTimeZone(tz)) throw invalid('timeZone', `unknown time zone "${tz}"`);
  return withTenant(db, actor.workspaceId, async (trx) => {
    let q = taskTables(trx).selectFrom('tasks').selectAll().where('workspace_id', '=', actor.workspaceId);
    if (query.personId) q = q.where('person_id', '=', query.personId);
    else q = q.where('assignee_id', '=', query.assigneeId ?? actor.userId);
    const level = levelFor(actor, 'tasks', 'read');
    if (level === 'own') q = q.where('assignee_id', '=', actor.userId);
    if (level === 'team')
      q = q.where((eb) => eb.or([eb('assignee_id', '=', actor.userId), eb('team_id', '=', actor.teamId)]));
    const startOfToday = sql<Date>`(date_trunc('day', now() at time zone ${tz}) at time zone ${tz})`;
    const view = query.view ?? 'open';
    if (view === 'done') q = q.where('done_at', 'is not', null);
    else q = q.where('done_at', 'is', null);
    if (view === 'overdue') q = q.where('due_at', '<', sql<Date>`now()`);
    if (view === 'today') {
      q = q
        .where('due_at', '>=', startOfToday)
        .where('due_at', '<', sql<Date>`${startOfToday} + interval '1 day'`);
    }
    const rows = await q
      .orderBy(view === 'done' ? 'done_at' : 'due_at', view === 'done' ? 'desc' : 'asc')
      .limit(query.limit ?? 100)
      .execute();
    return rows.map(toTask);
  });
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

async function loadTask(trx: Tx, workspaceId: string, taskId: string) {
  return taskTables(trx)
    .selectFrom('tasks')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', taskId)
    .executeTakeFirstOrThrow(() => notFound('Task'));
}

type TaskRow = Awaited<ReturnType<typeof loadTask>>;

async function assigneeTeam(trx: Tx, workspaceId: string, userId: string): Promise<string | null> {
  const user = await taskTables(trx)
    .selectFrom('users')
    .select(['team_id', 'active'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user?.active) throw invalid('assigneeId', 'no active user with this id in the workspace');
  return user.team_id;
}

async function requireRow(
  trx: Tx,
  table: 'people' | 'accounts',
  workspaceId: string,
  id: string,
  field: string,
) {
  const { rows } =
    await sql`select 1 from ${sql.table(table)} where workspace_id = ${workspaceId} and id = ${id}`.execute(
      trx,
    );
  if (rows.length === 0)
    throw invalid(field, `no such ${table === 'people' ? 'person' : 'account'} in this workspace`);
}

function auditable(row: TaskRow): Record<string, unknown> {
  const { workspace_id: _w, id: _i, created_at: _c, updated_at: _u, ...fields } = row;
  return fields;
}

function toTask(row: TaskRow): Task {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    details: row.details,
    dueAt: new Date(row.due_at).toISOString(),
    assigneeId: row.assignee_id,
    personId: row.person_id,
    accountId: row.account_id,
    done: row.done_at !== null,
    doneAt: iso(row.done_at),
    createdAt: new Date(row.created_at).toISOString(),
  };
}
