import { sql } from 'kysely';
import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import type { LiveEvent } from './live-events';

/** The channel every server process listens to (rapport_publish_live_event notifies it). */
export const LIVE_EVENTS_CHANNEL = 'rapport_live_events';

/** What a notification on the channel says: the event, without its data when that was too large. */
export interface LiveEventNotice {
  w: string;
  u: string;
  id: number;
  type: string;
  at: number;
  data?: unknown;
}

export interface Keeping {
  keep: number;
  keepMs: number;
}

const interval = (ms: number) => `${ms} milliseconds`;

/** Keeps the event and announces it to every process (functions/rapport_publish_live_event.sql). */
export async function insertLiveEvent(
  db: Db,
  event: { workspaceId: string; userId: string; type: string; data: unknown },
  keeping: Keeping,
): Promise<LiveEvent> {
  const { workspaceId, userId, type, data } = event;
  const { rows } = await withTenant(db, workspaceId, (trx) =>
    sql<{ event_id: number; event_at: number }>`
      select event_id, event_at from rapport_publish_live_event(${workspaceId}, ${userId}, ${type},
        ${JSON.stringify(data ?? null)}::json, ${keeping.keep}, ${interval(keeping.keepMs)}::interval)`.execute(
      trx,
    ),
  );
  const row = rows[0]!;
  return { id: Number(row.event_id), type, data, at: row.event_at };
}

/**
 * Where a stream of one user starts: after `after` when the client resumes (the kept events after
 * it, oldest first), else after the user's newest event (none to replay).
 */
export async function readLiveEventsAfter(
  db: Db,
  workspaceId: string,
  userId: string,
  after: number | undefined,
  keeping: Keeping,
): Promise<{ cursor: number; events: LiveEvent[] }> {
  const { rows } = await withTenant(db, workspaceId, (trx) =>
    sql<{ cursor: number; id: number | null; type: string; data: unknown; at: number }>`
      with start as (
        select coalesce(${after ?? null}::bigint,
          (select max(id) from live_events where workspace_id = ${workspaceId} and user_id = ${userId}), 0) as id
      )
      select s.id as cursor, e.id, e.type, e.data, e.at from start s
      left join lateral (
        select e.id, e.type, e.data, floor(extract(epoch from e.at) * 1000)::float8 as at from live_events e
        where e.workspace_id = ${workspaceId} and e.user_id = ${userId} and e.id > s.id
          and e.at >= clock_timestamp() - ${interval(keeping.keepMs)}::interval
        order by e.id desc limit ${keeping.keep}
      ) e on true`.execute(trx),
  );
  const events = rows
    .filter((r) => r.id !== null)
    .map((r) => ({ id: Number(r.id), type: r.type, data: r.data, at: r.at }))
    .reverse();
  return { cursor: Number(rows[0]?.cursor ?? 0), events };
}

/** One event, for a notification that came without its data. */
export async function readLiveEvent(db: Db, workspaceId: string, id: number): Promise<LiveEvent | undefined> {
  const { rows } = await withTenant(db, workspaceId, (trx) =>
    sql<{ id: number; type: string; data: unknown; at: number }>`
      select id, type, data, floor(extract(epoch from at) * 1000)::float8 as at from live_events
      where workspace_id = ${workspaceId} and id = ${id}`.execute(trx),
  );
  const row = rows[0];
  return row && { ...row, id: Number(row.id) };
}

/** Forgets events older than kept, of every workspace (users who get no new event are not trimmed by a publish). */
export async function sweepLiveEvents(db: Db, keepMs: number): Promise<void> {
  await sql`delete from live_events where at < clock_timestamp() - ${interval(keepMs)}::interval`.execute(db);
}
