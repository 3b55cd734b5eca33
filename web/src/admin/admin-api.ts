/** The admin screens' calls: users, teams, roles and grants, API tokens, the audit log. */
import type {
  ApiToken,
  AuditPage,
  AuditQuery,
  AuditRecord,
  Grants,
  GrantsUpdate,
  Items,
  NewApiToken,
  ResetLink,
  Role,
  RoleCreate,
  RoleUpdate,
  Team,
  TeamInput,
  User,
  UserCreate,
  UserUpdate,
} from '../../../src/platform/index';
import { api } from '../lib/api';

export type { ApiToken as Token, AuditRecord, ResetLink, Role, Team, User as AdminUser };

export async function fetchUsers(signal?: AbortSignal): Promise<User[]> {
  return (await api.get<Items<User>>('/api/users', { signal })).items;
}

export async function createUser(
  input: Pick<UserCreate, 'email' | 'role' | 'password'> & Required<Pick<UserCreate, 'name' | 'teamId'>>,
): Promise<void> {
  const body: UserCreate = {
    email: input.email,
    role: input.role,
    teamId: input.teamId,
    ...(input.name ? { name: input.name } : {}),
    ...(input.password ? { password: input.password } : {}),
  };
  await api.post('/api/users', body);
}

export async function updateUser(
  id: string,
  change: Pick<UserUpdate, 'role' | 'teamId' | 'active'>,
): Promise<void> {
  await api.patch(`/api/users/${encodeURIComponent(id)}`, change);
}

export async function fetchTeams(signal?: AbortSignal): Promise<Team[]> {
  return (await api.get<Items<Team>>('/api/teams', { signal })).items;
}

export async function createTeam(name: string): Promise<void> {
  await api.post('/api/teams', { name } satisfies TeamInput);
}

export async function renameTeam(id: string, name: string): Promise<void> {
  await api.patch(`/api/teams/${encodeURIComponent(id)}`, { name } satisfies TeamInput);
}

export async function fetchRoles(signal?: AbortSignal): Promise<Role[]> {
  return (await api.get<Items<Role>>('/api/roles', { signal })).items;
}

export async function createRole(input: Required<RoleCreate>): Promise<void> {
  await api.post('/api/roles', input satisfies RoleCreate);
}

export async function renameRole(id: string, name: string): Promise<void> {
  await api.patch(`/api/roles/${encodeURIComponent(id)}`, { name } satisfies RoleUpdate);
}

export async function saveGrants(roleId: string, grants: Grants): Promise<void> {
  await api.put(`/api/roles/${encodeURIComponent(roleId)}/grants`, { grants } satisfies GrantsUpdate);
}

/** A one-time password reset link for a user (valid 24 hours); shown once, to be handed over. */
export async function createResetLink(userId: string): Promise<ResetLink> {
  return api.post<ResetLink>(`/api/users/${encodeURIComponent(userId)}/password-reset`);
}

export async function fetchTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return (await api.get<Items<ApiToken>>('/api/tokens', { signal })).items;
}

/** Creates a token; the secret is in this answer only. */
export async function createToken(name: string): Promise<string> {
  return (await api.post<NewApiToken>('/api/tokens', { name })).token;
}

export async function revokeToken(id: string): Promise<void> {
  await api.delete(`/api/tokens/${encodeURIComponent(id)}`);
}

/** What the audit log is filtered by (the page and its size are the client's). */
export type AuditFilters = Pick<AuditQuery, 'objectType' | 'action' | 'actorUserId'>;

export async function fetchAudit(
  filters: AuditFilters,
  before: number | null,
  signal?: AbortSignal,
): Promise<{ items: AuditRecord[]; nextBefore: number | null }> {
  const params = new URLSearchParams({ limit: '50' });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (before !== null) params.set('before', String(before));
  const page = await api.get<AuditPage>(`/api/audit?${params.toString()}`, { signal });
  return { items: page.items, nextBefore: page.nextBefore ?? null };
}

export const adminKeys = {
  users: ['admin', 'users'] as const,
  teams: ['admin', 'teams'] as const,
  roles: ['admin', 'roles'] as const,
  tokens: ['admin', 'tokens'] as const,
  audit: (filters: AuditFilters) => ['admin', 'audit', filters] as const,
};
