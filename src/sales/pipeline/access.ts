import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index';
import {
  AppError,
  authorize,
  forbidden,
  getUser,
  invalid,
  levelFor,
  type Principal,
  SYSTEM_PRINCIPAL,
} from '../../platform/index';

/** The record types of this part of sales, each with owner and team columns. */
export type DealType = 'leads' | 'opportunities' | 'quotes';

/** A record's owner and team, for the team and own levels. */
export const ownership = (row: { owner_id: string | null; team_id: string | null }) => ({
  ownerId: row.owner_id,
  ownerTeamId: row.team_id,
});

/**
 * The rows of `type` the actor may read, as a condition on the owner and team columns of `alias`:
 * all, their own, or their own and their team's (`none` is refused earlier by `authorize`).
 */
export function readableBy(actor: Principal, type: DealType, alias: string): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const level = levelFor(actor, type, 'read');
  if (level === 'all') return sql<boolean>`true`;
  if (level === 'team' && actor.teamId)
    return sql<boolean>`(${column('owner_id')} = ${actor.userId} or ${column('team_id')} = ${actor.teamId})`;
  return sql<boolean>`${column('owner_id')} = ${actor.userId}`;
}

/**
 * Pipelines, stages, close reasons, lead forms and the quote logo are the sales section's settings:
 * changed by whoever may update every opportunity (the sales role, managers, admins).
 */
export function authorizeSalesSettings(actor: Principal): void {
  authorize(actor, 'opportunities', 'update');
  if (levelFor(actor, 'opportunities', 'update') !== 'all')
    throw forbidden(`Your role (${actor.roleName}) may not change the sales settings`);
}

/**
 * The team of a user a record is given to (an owner named by id): a 400 naming `field` when the
 * workspace has no such active user. Read through the platform's users.
 */
export async function ownerTeam(
  db: Db,
  workspaceId: string,
  ownerId: string,
  field = 'ownerId',
): Promise<string | null> {
  const user = await getUser(db, SYSTEM_PRINCIPAL(workspaceId), ownerId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') return null;
    throw err;
  });
  if (!user?.active) throw invalid(field, 'no such active user in this workspace');
  return user.teamId;
}

/** The owner and team a new record gets: the one named, or the actor (none for the system). */
export async function ownerOf(
  db: Db,
  actor: Principal,
  ownerId: string | null | undefined,
  field = 'ownerId',
): Promise<{ ownerId: string | null; teamId: string | null }> {
  if (ownerId === null) return { ownerId: null, teamId: null };
  if (ownerId === undefined || ownerId === actor.userId)
    return actor.via === 'system'
      ? { ownerId: null, teamId: null }
      : { ownerId: actor.userId, teamId: actor.teamId };
  return { ownerId, teamId: await ownerTeam(db, actor.workspaceId, ownerId, field) };
}

/** Names the field of a foreign key that found no row (a person, account or user id that is not there). */
export function missingReference(err: unknown, fields: Record<string, string>): unknown {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23503' || !e.constraint) return err;
  for (const [column, field] of Object.entries(fields))
    if (e.constraint.includes(`_${column}_`)) return invalid(field, 'no such record in this workspace');
  return err;
}
