/** The admin screens' calls: users, teams, roles and grants, API tokens, the audit log. */
import type { Grants } from '../auth/permissions';
import { parsePermissions } from '../auth/permissions';
import { api, isRecord } from '../lib/api';

type Loose = Record<string, unknown>;
const items = (body: unknown): Loose[] =>
  isRecord(body) && Array.isArray(body.items) ? body.items.filter(isRecord) : [];
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: string;
  teamId: string | null;
  active: boolean;
}
export interface Team {
  id: string;
  name: string;
}
export interface Role {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  grants: Grants;
}
export interface Token {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export interface AuditRecord {
  id: number;
  at: string;
  actorUserId: string | null;
  actorKind: string;
  action: string;
  objectType: string;
  objectId: string;
  changes: Record<string, { before: unknown; after: unknown }>;
}

export async function fetchUsers(signal?: AbortSignal): Promise<AdminUser[]> {
  return items(await api.get('/api/users', { signal })).map((u) => ({
    id: String(u.id),
    email: String(u.email),
    name: String(u.name ?? u.email),
    role: String(u.role),
    teamId: text(u.teamId),
    active: u.active !== false,
  }));
}

export async function createUser(input: {
  email: string;
  name: string;
  role: string;
  teamId: string | null;
  password?: string;
}): Promise<void> {
  await api.post('/api/users', {
    email: input.email,
    role: input.role,
    teamId: input.teamId,
    ...(input.name ? { name: input.name } : {}),
    ...(input.password ? { password: input.password } : {}),
  });
}

export async function updateUser(
  id: string,
  change: { role?: string; teamId?: string | null; active?: boolean },
): Promise<void> {
  await api.patch(`/api/users/${encodeURIComponent(id)}`, change);
}

export async function fetchTeams(signal?: AbortSignal): Promise<Team[]> {
  return items(await api.get('/api/teams', { signal })).map((t) => ({
    id: String(t.id),
    name: String(t.name),
  }));
}

export async function createTeam(name: string): Promise<void> {
  await api.post('/api/teams', { name });
}

export async function renameTeam(id: string, name: string): Promise<void> {
  await api.patch(`/api/teams/${encodeURIComponent(id)}`, { name });
}

export async function fetchRoles(signal?: AbortSignal): Promise<Role[]> {
  return items(await api.get('/api/roles', { signal })).map((r) => ({
    id: String(r.id),
    name: String(r.name),
    description: String(r.description ?? ''),
    builtIn: r.builtIn === true,
    // The same reader as the session's permissions: malformed entries grant nothing.
    grants: parsePermissions({ grants: r.grants }, { userId: '', role: '' }).grants,
  }));
}

export async function createRole(input: {
  name: string;
  description: string;
  grants: Grants;
}): Promise<void> {
  await api.post('/api/roles', input);
}

export async function renameRole(id: string, name: string): Promise<void> {
  await api.patch(`/api/roles/${encodeURIComponent(id)}`, { name });
}

export async function saveGrants(roleId: string, grants: Grants): Promise<void> {
  await api.put(`/api/roles/${encodeURIComponent(roleId)}/grants`, { grants });
}

export interface ResetLink {
  url: string;
  expiresAt: string;
}

/** A one-time password reset link for a user (valid 24 hours); shown once, to be handed over. */
export async function createResetLink(userId: string): Promise<ResetLink> {
  const body = await api.post(`/api/users/${encodeURIComponent(userId)}/password-reset`);
  const r = isRecord(body) ? body : {};
  return { url: String(r.url ?? ''), expiresAt: String(r.expiresAt ?? '') };
}

export async function fetchTokens(signal?: AbortSignal): Promise<Token[]> {
  return items(await api.get('/api/tokens', { signal })).map((t) => ({
    id: String(t.id),
    name: String(t.name),
    userId: String(t.userId),
    createdAt: String(t.createdAt),
    lastUsedAt: text(t.lastUsedAt),
    revokedAt: text(t.revokedAt),
  }));
}

/** Creates a token; the secret is in this answer only. */
export async function createToken(name: string): Promise<string> {
  const body = await api.post('/api/tokens', { name });
  return isRecord(body) ? String(body.token) : '';
}

export async function revokeToken(id: string): Promise<void> {
  await api.delete(`/api/tokens/${encodeURIComponent(id)}`);
}

export interface AuditFilters {
  objectType?: string;
  action?: string;
  actorUserId?: string;
}

export async function fetchAudit(
  filters: AuditFilters,
  before: number | null,
  signal?: AbortSignal,
): Promise<{ items: AuditRecord[]; nextBefore: number | null }> {
  const params = new URLSearchParams({ limit: '50' });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (before !== null) params.set('before', String(before));
  const body = await api.get(`/api/audit?${params.toString()}`, { signal });
  return {
    items: items(body).map((a) => ({
      id: Number(a.id),
      at: String(a.at),
      actorUserId: text(a.actorUserId),
      actorKind: String(a.actorKind),
      action: String(a.action),
      objectType: String(a.objectType),
      objectId: String(a.objectId),
      changes: isRecord(a.changes) ? (a.changes as AuditRecord['changes']) : {},
    })),
    nextBefore: isRecord(body) && typeof body.nextBefore === 'number' ? body.nextBefore : null,
  };
}

export const adminKeys = {
  users: ['admin', 'users'] as const,
  teams: ['admin', 'teams'] as const,
  roles: ['admin', 'roles'] as const,
  tokens: ['admin', 'tokens'] as const,
  audit: (filters: AuditFilters) => ['admin', 'audit', filters] as const,
};
