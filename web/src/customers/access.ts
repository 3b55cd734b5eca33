import { can, type Permissions } from '../auth/permissions';
import type { Profile } from '../../../src/customers/index';

/** What the signed-in user may do on one customer's page, from the role's grants and the record's owner. */
export interface CustomerAccess {
  /** Profile fields, lifecycle stage and consent (the server checks people:update on the record). */
  editProfile: boolean;
  logInteraction: boolean;
  addNote: boolean;
  scheduleTask: boolean;
  /** Tick off tasks: the level applies to the task's assignee. */
  completeTask(assigneeId: string | null): boolean;
}

export function customerAccess(
  permissions: Permissions,
  profile: Pick<Profile, 'ownerId' | 'teamId'>,
): CustomerAccess {
  return {
    editProfile: can(permissions, 'people', 'update', { ownerId: profile.ownerId, teamId: profile.teamId }),
    logInteraction: can(permissions, 'interactions', 'create'),
    addNote: can(permissions, 'notes', 'create') && can(permissions, 'people', 'read'),
    scheduleTask: can(permissions, 'tasks', 'create'),
    // The task's team is not in the 360; the assignee decides for own, team/all are trusted to the server.
    completeTask: (assigneeId) =>
      can(permissions, 'tasks', 'update', { ownerId: assigneeId, teamId: permissions.teamId }),
  };
}
