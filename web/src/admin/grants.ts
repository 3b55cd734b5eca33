/** The grants matrix of a role: object types down, actions across, a level in each cell. */
import type { Action, Grants, Level, ObjectType } from '../auth/permissions';
import { allOf } from '../lib/exhaustive';

export const ACTIONS = allOf<Action>()(['read', 'create', 'update', 'delete']);
export const LEVELS = allOf<Level>()(['all', 'team', 'own', 'none']);

/** Every object type any role names, in the order the first role (admin) lists them, then the others. */
export function objectTypes(roles: readonly { grants: Grants }[]): ObjectType[] {
  const seen = new Set<ObjectType>();
  for (const role of roles) for (const type of Object.keys(role.grants) as ObjectType[]) seen.add(type);
  return [...seen];
}

export function levelIn(grants: Grants, type: ObjectType, action: Action): Level {
  return grants[type]?.[action] ?? 'none';
}

/** The grants with one cell changed; `none` is left out (a missing action is none). */
export function setLevel(grants: Grants, type: ObjectType, action: Action, level: Level): Grants {
  const row = { ...(grants[type] ?? {}) };
  if (level === 'none') delete row[action];
  else row[action] = level;
  const next = { ...grants };
  if (Object.keys(row).length === 0) delete next[type];
  else next[type] = row;
  return next;
}

/** Cells that differ between two grants, e.g. ["people.update: team → all"], for a confirmation line. */
export function grantChanges(before: Grants, after: Grants, types: readonly ObjectType[]): string[] {
  const changes: string[] = [];
  for (const type of types)
    for (const action of ACTIONS) {
      const b = levelIn(before, type, action);
      const a = levelIn(after, type, action);
      if (a !== b) changes.push(`${type}.${action}: ${b} → ${a}`);
    }
  return changes;
}
