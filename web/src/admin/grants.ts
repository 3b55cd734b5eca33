/** The grants matrix of a role: object types down, actions across, a level in each cell. */
import type { Action, Grants, Level } from '../auth/permissions';

export const ACTIONS: readonly Action[] = ['read', 'create', 'update', 'delete'];
export const LEVELS: readonly Level[] = ['all', 'team', 'own', 'none'];

/** Every object type any role names, in the order the first role (admin) lists them, then the others. */
export function objectTypes(roles: readonly { grants: Grants }[]): string[] {
  const seen = new Set<string>();
  for (const role of roles) for (const type of Object.keys(role.grants)) seen.add(type);
  return [...seen];
}

export function levelIn(grants: Grants, type: string, action: Action): Level {
  return grants[type]?.[action] ?? 'none';
}

/** The grants with one cell changed; `none` is left out (a missing action is none). */
export function setLevel(grants: Grants, type: string, action: Action, level: Level): Grants {
  const row = { ...(grants[type] ?? {}) };
  if (level === 'none') delete row[action];
  else row[action] = level;
  const next = { ...grants };
  if (Object.keys(row).length === 0) delete next[type];
  else next[type] = row;
  return next;
}

/** Cells that differ between two grants, e.g. ["people.update: team → all"], for a confirmation line. */
export function grantChanges(before: Grants, after: Grants, types: readonly string[]): string[] {
  const changes: string[] = [];
  for (const type of types)
    for (const action of ACTIONS) {
      const b = levelIn(before, type, action);
      const a = levelIn(after, type, action);
      if (a !== b) changes.push(`${type}.${action}: ${b} → ${a}`);
    }
  return changes;
}
