import type { Db } from '../db/index';
import { type Tx, withTenant } from '../db/index';
import { recordAudit } from './audit';
import { conflict, invalid, notFound } from './errors';
import { checkPassword, hashPassword } from './passwords';
import { authorize, DEPARTMENTS, type Department, type Principal } from './permissions';
import { findRoleByName } from './roles';
import { platform, type UsersTable } from './tables';

export interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  teamId: string | null;
  department: Department | null;
  active: boolean;
}

export interface CreateUserInput {
  email: string;
  name?: string;
  role: string;
  password?: string;
  teamId?: string | null;
  department?: Department | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUser(db: Db, actor: Principal, input: CreateUserInput): Promise<User> {
  authorize(actor, 'users', 'create');
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw invalid('email', 'email must be an address like name@example.com');
  if (input.password !== undefined) checkPassword(input.password);
  if (input.department && !DEPARTMENTS.includes(input.department)) {
    throw invalid('department', `department must be one of ${DEPARTMENTS.join(', ')}`);
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const role = await findRoleByName(trx, actor.workspaceId, input.role);
    if (!role) throw invalid('role', `no role named "${input.role}" in this workspace`);
    if (input.teamId) await requireTeam(trx, actor.workspaceId, input.teamId);
    const exists = await platform(trx)
      .selectFrom('users')
      .select('id')
      .where('workspace_id', '=', actor.workspaceId)
      .where('email', '=', email)
      .executeTakeFirst();
    if (exists) throw conflict(`A user with email ${email} already exists`, 'email');
    const row = await platform(trx)
      .insertInto('users')
      .values({
        workspace_id: actor.workspaceId,
        email,
        name: input.name?.trim() || email.split('@')[0] || email,
        password_hash: passwordHash,
        role_id: role.id,
        team_id: input.teamId ?? null,
        department: input.department ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'users',
      objectId: row.id,
      after: auditable(row, role.name),
    });
    return toUser(row, role.name);
  });
}

export interface UpdateUserInput {
  name?: string;
  role?: string;
  teamId?: string | null;
  department?: Department | null;
  active?: boolean;
}

export async function updateUser(
  db: Db,
  actor: Principal,
  userId: string,
  input: UpdateUserInput,
): Promise<User> {
  authorize(actor, 'users', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const before = await getUserRow(trx, actor.workspaceId, userId);
    const beforeRole = await roleName(trx, actor.workspaceId, before.role_id);
    let roleId = before.role_id;
    if (input.role !== undefined) {
      const role = await findRoleByName(trx, actor.workspaceId, input.role);
      if (!role) throw invalid('role', `no role named "${input.role}" in this workspace`);
      roleId = role.id;
    }
    if (input.teamId) await requireTeam(trx, actor.workspaceId, input.teamId);
    if (input.name !== undefined && !input.name.trim()) throw invalid('name', 'name must not be empty');
    const after = await platform(trx)
      .updateTable('users')
      .set({
        name: input.name?.trim() ?? before.name,
        role_id: roleId,
        team_id: input.teamId === undefined ? before.team_id : input.teamId,
        department: input.department === undefined ? before.department : input.department,
        active: input.active ?? before.active,
        updated_at: new Date(),
      })
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const afterRole = await roleName(trx, actor.workspaceId, after.role_id);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'users',
      objectId: userId,
      before: auditable(before, beforeRole),
      after: auditable(after, afterRole),
    });
    return toUser(after, afterRole);
  });
}

export async function listUsers(db: Db, actor: Principal): Promise<User[]> {
  authorize(actor, 'users', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const rows = await platform(trx)
      .selectFrom('users')
      .innerJoin('roles', (j) =>
        j.onRef('roles.workspace_id', '=', 'users.workspace_id').onRef('roles.id', '=', 'users.role_id'),
      )
      .selectAll('users')
      .select('roles.name as role_name')
      .where('users.workspace_id', '=', actor.workspaceId)
      .orderBy('users.email')
      .execute();
    return rows.map((r) => toUser(r, r.role_name));
  });
}

export async function getUser(db: Db, actor: Principal, userId: string): Promise<User> {
  authorize(actor, 'users', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const row = await platform(trx)
      .selectFrom('users')
      .innerJoin('roles', (j) =>
        j.onRef('roles.workspace_id', '=', 'users.workspace_id').onRef('roles.id', '=', 'users.role_id'),
      )
      .select([
        'users.id',
        'users.email',
        'users.name',
        'users.team_id',
        'users.department',
        'users.active',
        'roles.name as role_name',
      ])
      .where('users.workspace_id', '=', actor.workspaceId)
      .where('users.id', '=', userId)
      .executeTakeFirstOrThrow(() => notFound('User'));
    return toUser(row, row.role_name);
  });
}

type UserRow = { [K in keyof UsersTable]: UsersTable[K] extends { __select__: infer S } ? S : UsersTable[K] };

async function getUserRow(trx: Tx, workspaceId: string, userId: string) {
  return platform(trx)
    .selectFrom('users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .executeTakeFirstOrThrow(() => notFound('User'));
}

async function roleName(trx: Tx, workspaceId: string, roleId: string): Promise<string> {
  const role = await platform(trx)
    .selectFrom('roles')
    .select('name')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', roleId)
    .executeTakeFirstOrThrow();
  return role.name;
}

async function requireTeam(trx: Tx, workspaceId: string, teamId: string): Promise<void> {
  const team = await platform(trx)
    .selectFrom('teams')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (!team) throw invalid('teamId', 'no such team in this workspace');
}

function auditable(row: Pick<UserRow, 'email' | 'name' | 'team_id' | 'department' | 'active'>, role: string) {
  return {
    email: row.email,
    name: row.name,
    role,
    team_id: row.team_id,
    department: row.department,
    active: row.active,
  };
}

function toUser(
  row: Pick<UserRow, 'id' | 'email' | 'name' | 'team_id' | 'department' | 'active'>,
  role: string,
): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role,
    teamId: row.team_id,
    department: row.department as Department | null,
    active: row.active,
  };
}
