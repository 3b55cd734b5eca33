import type { Db } from '../db/index';
import { type Tx, withTenant } from '../db/index';
import { recordAudit } from './audit';
import { conflict, invalid, notFound } from './errors';
import {
  ACTIONS,
  type Action,
  authorize,
  BUILT_IN_GRANTS,
  BUILT_IN_ROLES,
  type Grants,
  LEVELS,
  type Level,
  OBJECT_TYPES,
  type ObjectType,
  type Principal,
} from './permissions';
import { platform } from './tables';

export interface Role {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  grants: Grants;
}

const ROLE_DESCRIPTIONS: Record<(typeof BUILT_IN_ROLES)[number], string> = {
  admin: 'Everything, including users, roles and tokens',
  manager: 'All records and analytics; reads the audit log',
  sales: 'Front-line records; owns leads, opportunities, quotes and orders',
  service: 'Front-line records; owns service cases',
  marketing: 'Front-line records; owns campaigns and segments',
  accounting: 'Front-line records; owns payments and costs',
  inventory: 'Front-line records; owns products and stock',
  analyst: 'Reads every record; full use of analytics',
};

/** Creates the built-in roles of a new workspace. */
export async function insertBuiltInRoles(trx: Tx, workspaceId: string): Promise<void> {
  for (const name of BUILT_IN_ROLES) {
    const role = await platform(trx)
      .insertInto('roles')
      .values({ workspace_id: workspaceId, name, description: ROLE_DESCRIPTIONS[name], built_in: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertGrants(trx, workspaceId, role.id, BUILT_IN_GRANTS[name]);
  }
}

async function insertGrants(trx: Tx, workspaceId: string, roleId: string, grants: Grants): Promise<void> {
  const rows = Object.entries(grants).flatMap(([objectType, byAction]) =>
    Object.entries(byAction ?? {}).map(([action, level]) => ({
      workspace_id: workspaceId,
      role_id: roleId,
      object_type: objectType,
      action,
      level: level as string,
    })),
  );
  if (rows.length > 0) await platform(trx).insertInto('role_grants').values(rows).execute();
}

export async function loadGrants(trx: Tx, workspaceId: string, roleId: string): Promise<Grants> {
  const rows = await platform(trx)
    .selectFrom('role_grants')
    .select(['object_type', 'action', 'level'])
    .where('workspace_id', '=', workspaceId)
    .where('role_id', '=', roleId)
    .execute();
  const grants: Grants = {};
  for (const r of rows) {
    const type = r.object_type as ObjectType;
    grants[type] = { ...grants[type], [r.action as Action]: r.level as Level };
  }
  return grants;
}

export function validateGrants(grants: Record<string, Record<string, string>>): Grants {
  for (const [type, byAction] of Object.entries(grants)) {
    if (!OBJECT_TYPES.includes(type as ObjectType))
      invalidGrant(`grants.${type}`, `unknown object type "${type}"`);
    for (const [action, level] of Object.entries(byAction)) {
      if (!ACTIONS.includes(action as Action))
        invalidGrant(`grants.${type}.${action}`, `unknown action "${action}"`);
      if (!LEVELS.includes(level as Level))
        invalidGrant(`grants.${type}.${action}`, `unknown level "${level}"`);
    }
  }
  return grants as Grants;
}

function invalidGrant(field: string, message: string): never {
  throw invalid(field, message);
}

export async function listRoles(db: Db, actor: Principal): Promise<Role[]> {
  authorize(actor, 'roles', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const roles = await platform(trx)
      .selectFrom('roles')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .orderBy('built_in', 'desc')
      .orderBy('name')
      .execute();
    return Promise.all(
      roles.map(async (r) => ({
        id: r.id,
        name: r.name,
        description: r.description,
        builtIn: r.built_in,
        grants: await loadGrants(trx, actor.workspaceId, r.id),
      })),
    );
  });
}

export interface CustomRoleInput {
  name: string;
  description?: string;
  grants: Record<string, Record<string, string>>;
}

export async function createRole(db: Db, actor: Principal, input: CustomRoleInput): Promise<Role> {
  authorize(actor, 'roles', 'create');
  const grants = validateGrants(input.grants);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const existing = await findRoleByName(trx, actor.workspaceId, input.name);
    if (existing) throw conflict(`A role named "${input.name}" already exists`, 'name');
    const role = await platform(trx)
      .insertInto('roles')
      .values({ workspace_id: actor.workspaceId, name: input.name, description: input.description ?? '' })
      .returning(['id', 'name', 'description', 'built_in'])
      .executeTakeFirstOrThrow();
    await insertGrants(trx, actor.workspaceId, role.id, grants);
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'roles',
      objectId: role.id,
      after: { name: role.name, description: role.description, grants },
    });
    return { id: role.id, name: role.name, description: role.description, builtIn: false, grants };
  });
}

/** Replaces the grants of a custom role; built-in roles are fixed. */
export async function updateRoleGrants(
  db: Db,
  actor: Principal,
  roleId: string,
  rawGrants: Record<string, Record<string, string>>,
): Promise<Role> {
  authorize(actor, 'roles', 'update');
  const grants = validateGrants(rawGrants);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const role = await platform(trx)
      .selectFrom('roles')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', roleId)
      .executeTakeFirstOrThrow(() => notFound('Role'));
    if (role.built_in) throw invalid('id', 'Built-in roles cannot be changed; create a custom role');
    const before = await loadGrants(trx, actor.workspaceId, roleId);
    await platform(trx)
      .deleteFrom('role_grants')
      .where('workspace_id', '=', actor.workspaceId)
      .where('role_id', '=', roleId)
      .execute();
    await insertGrants(trx, actor.workspaceId, roleId, grants);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'roles',
      objectId: roleId,
      before: { grants: before },
      after: { grants },
    });
    return { id: role.id, name: role.name, description: role.description, builtIn: false, grants };
  });
}

export function findRoleByName(trx: Tx, workspaceId: string, name: string) {
  return platform(trx)
    .selectFrom('roles')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Role names: lower-case letters, digits, `-` and `_`, starting with a letter (as users are given them). */
export const ROLE_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

export interface UpdateRoleInput {
  name?: string;
  description?: string;
}

/**
 * Renames a custom role (or changes its description). Users keep the role: they refer to it by id.
 * Built-in roles keep their names (their grants are defined by name); a name in use is a 409.
 */
export async function updateRole(
  db: Db,
  actor: Principal,
  roleId: string,
  input: UpdateRoleInput,
): Promise<Role> {
  authorize(actor, 'roles', 'update');
  if (input.name === undefined && input.description === undefined)
    throw invalid('name', 'say what to change: name or description');
  const name = input.name?.trim();
  if (name !== undefined && !ROLE_NAME.test(name))
    throw invalid('name', 'name must be lower-case letters, digits, - or _, starting with a letter (1-63)');
  const description = input.description?.trim();
  if (description !== undefined && description.length > 500)
    throw invalid('description', 'description must be at most 500 characters');
  try {
    return await withTenant(db, actor.workspaceId, async (trx) => {
      const role = await platform(trx)
        .selectFrom('roles')
        .selectAll()
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', roleId)
        .executeTakeFirstOrThrow(() => notFound('Role'));
      if (role.built_in) throw invalid('id', 'Built-in roles cannot be renamed; create a custom role');
      const after = { name: name ?? role.name, description: description ?? role.description };
      if (after.name !== role.name && (await findRoleByName(trx, actor.workspaceId, after.name)))
        throw duplicateRole(after.name);
      if (after.name !== role.name || after.description !== role.description) {
        await platform(trx)
          .updateTable('roles')
          .set(after)
          .where('workspace_id', '=', actor.workspaceId)
          .where('id', '=', roleId)
          .execute();
        await recordAudit(trx, actor, {
          action: 'update',
          objectType: 'roles',
          objectId: roleId,
          before: { name: role.name, description: role.description },
          after,
        });
      }
      return {
        id: role.id,
        ...after,
        builtIn: false,
        grants: await loadGrants(trx, actor.workspaceId, roleId),
      };
    });
  } catch (err) {
    // Two renames racing to the same name: the unique constraint decides.
    if ((err as { code?: string }).code === '23505') throw duplicateRole(name ?? '');
    throw err;
  }
}

const duplicateRole = (name: string) => conflict(`A role named "${name}" already exists`, 'name');
