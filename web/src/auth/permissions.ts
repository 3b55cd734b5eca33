/**
 * What the signed-in user's role may do, as /api/auth/me reports it: grants per object type and
 * action at a level (all, team, own; missing means none). The server decides; these checks only
 * choose which controls to offer, so a user is never shown a form that would answer 403.
 */
import type { Action, Level, ObjectType, Permissions } from '../../../src/platform/index';

export type { Action, Grants, Level, ObjectType, Permissions } from '../../../src/platform/index';

/** Who owns a record (person, task...), for the team and own levels. */
export interface Ownership {
  ownerId: string | null;
  teamId: string | null;
}

export function levelOf(permissions: Permissions, type: ObjectType, action: Action): Level {
  return permissions.grants[type]?.[action] ?? 'none';
}

/**
 * Same rule as the server's `isAllowed`: `all` allows any record, `team` the user's own records
 * and those of the user's team, `own` only the user's own. Without a record: any level but none.
 */
export function can(permissions: Permissions, type: ObjectType, action: Action, record?: Ownership): boolean {
  const level = levelOf(permissions, type, action);
  if (level === 'none') return false;
  if (level === 'all' || record === undefined) return true;
  if (record.ownerId !== null && record.ownerId === permissions.userId) return true;
  return level === 'team' && permissions.teamId !== null && record.teamId === permissions.teamId;
}
