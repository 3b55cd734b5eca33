/**
 * What the signed-in user's role may do, as /api/auth/me reports it: grants per object type and
 * action at a level (all, team, own; missing means none). The server decides; these checks only
 * choose which controls to offer, so a user is never shown a form that would answer 403.
 */
export type Level = 'all' | 'team' | 'own' | 'none';
export type Action = 'read' | 'create' | 'update' | 'delete';
export type Grants = Record<string, Partial<Record<Action, Level>>>;

export interface Permissions {
  role: string;
  userId: string;
  teamId: string | null;
  grants: Grants;
}

/** Who owns a record (person, task...), for the team and own levels. */
export interface Ownership {
  ownerId: string | null;
  teamId: string | null;
}

const LEVELS: readonly Level[] = ['all', 'team', 'own', 'none'];

export function levelOf(permissions: Permissions, type: string, action: Action): Level {
  return permissions.grants[type]?.[action] ?? 'none';
}

/**
 * Same rule as the server's `isAllowed`: `all` allows any record, `team` the user's own records
 * and those of the user's team, `own` only the user's own. Without a record: any level but none.
 */
export function can(permissions: Permissions, type: string, action: Action, record?: Ownership): boolean {
  const level = levelOf(permissions, type, action);
  if (level === 'none') return false;
  if (level === 'all' || record === undefined) return true;
  if (record.ownerId !== null && record.ownerId === permissions.userId) return true;
  return level === 'team' && permissions.teamId !== null && record.teamId === permissions.teamId;
}

/** Reads the `permissions` object of a session response; anything malformed grants nothing. */
export function parsePermissions(value: unknown, fallback: { userId: string; role: string }): Permissions {
  const record = isObject(value) ? value : {};
  const grants: Grants = {};
  if (isObject(record.grants)) {
    for (const [type, actions] of Object.entries(record.grants)) {
      if (!isObject(actions)) continue;
      const kept: Partial<Record<Action, Level>> = {};
      for (const [action, level] of Object.entries(actions)) {
        if (isAction(action) && typeof level === 'string' && (LEVELS as readonly string[]).includes(level)) {
          kept[action] = level as Level;
        }
      }
      grants[type] = kept;
    }
  }
  return {
    role: typeof record.role === 'string' ? record.role : fallback.role,
    userId: typeof record.userId === 'string' ? record.userId : fallback.userId,
    teamId: typeof record.teamId === 'string' ? record.teamId : null,
    grants,
  };
}

function isAction(value: string): value is Action {
  return value === 'read' || value === 'create' || value === 'update' || value === 'delete';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
