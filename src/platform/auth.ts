import { sql } from 'kysely';
import type { Db } from '../db/index';
import { type Tx, withSystem, withTenant } from '../db/index';
import { recordAudit } from './audit';
import { AppError, invalid, notFound } from './errors';
import { verifyPassword } from './passwords';
import { authorize, isAllowed, type Principal } from './permissions';
import { RateLimiter } from './rate-limit';
import { loadGrants } from './roles';
import { composeCredential, parseCredential, randomSecret, sha256Hex } from './secrets';
import { platform } from './tables';
import type { User } from './users';
import { getWorkspace, type Workspace } from './workspaces';

export const SESSION_PREFIX = 'rps';
export const TOKEN_PREFIX = 'rpt';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface LoginLimits {
  perAccount: RateLimiter;
  perAddress: RateLimiter;
}

/** 5 failed logins per account and 30 attempts per address in 15 minutes. */
export function createLoginLimits(): LoginLimits {
  return { perAccount: new RateLimiter(5, 15 * 60_000), perAddress: new RateLimiter(30, 15 * 60_000) };
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  principal: Principal;
  user: User;
  workspace: Workspace;
}

const badLogin = () => new AppError('unauthenticated', 'Wrong workspace, email or password');

export async function login(
  db: Db,
  limits: LoginLimits,
  input: { workspace: string; email: string; password: string; address: string },
): Promise<LoginResult> {
  const accountKey = `${input.workspace.toLowerCase()}:${input.email.trim().toLowerCase()}`;
  const wait = Math.max(
    limits.perAccount.retryAfter(accountKey),
    limits.perAddress.retryAfter(input.address),
  );
  if (wait > 0) {
    throw new AppError('rate_limited', `Too many login attempts; try again in ${wait} s`, undefined, {
      retryAfter: wait,
    });
  }
  limits.perAddress.hit(input.address);

  const found = await withSystem(db, (trx) =>
    platform(trx)
      .selectFrom('users')
      .innerJoin('workspaces', 'workspaces.id', 'users.workspace_id')
      .select(['users.workspace_id', 'users.id', 'users.password_hash', 'users.active'])
      .where('workspaces.slug', '=', input.workspace.toLowerCase())
      .where('users.email', '=', input.email.trim().toLowerCase())
      .executeTakeFirst(),
  );
  const ok =
    found?.password_hash && found.active ? await verifyPassword(input.password, found.password_hash) : false;
  if (!found || !ok) {
    limits.perAccount.hit(accountKey);
    throw badLogin();
  }
  limits.perAccount.reset(accountKey);

  const sessionToken = composeCredential(SESSION_PREFIX, found.workspace_id);
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await withTenant(db, found.workspace_id, (trx) =>
    platform(trx)
      .insertInto('sessions')
      .values({
        workspace_id: found.workspace_id,
        user_id: found.id,
        token_hash: sha256Hex(sessionToken),
        csrf_token: csrfToken,
        expires_at: expiresAt,
      })
      .execute(),
  );
  const session = await resolveSession(db, sessionToken);
  if (!session) throw badLogin();
  return { sessionToken, expiresAt, ...session };
}

export interface ResolvedSession {
  principal: Principal;
  csrfToken: string;
  user: User;
  workspace: Workspace;
}

export async function resolveSession(db: Db, sessionToken: string): Promise<ResolvedSession | undefined> {
  const parsed = parseCredential(SESSION_PREFIX, sessionToken);
  if (!parsed) return undefined;
  const found = await withTenant(db, parsed.workspaceId, async (trx) => {
    const row = await platform(trx)
      .selectFrom('sessions')
      .select(['user_id', 'csrf_token'])
      .where('workspace_id', '=', parsed.workspaceId)
      .where('token_hash', '=', sha256Hex(sessionToken))
      .where('expires_at', '>', new Date())
      .executeTakeFirst();
    if (!row) return undefined;
    const principal = await principalFor(trx, parsed.workspaceId, row.user_id, 'session');
    return principal && { ...principal, csrfToken: row.csrf_token };
  });
  if (!found) return undefined;
  return { ...found, workspace: await getWorkspace(db, parsed.workspaceId) };
}

export async function logout(db: Db, sessionToken: string): Promise<void> {
  const parsed = parseCredential(SESSION_PREFIX, sessionToken);
  if (!parsed) return;
  await withTenant(db, parsed.workspaceId, (trx) =>
    platform(trx)
      .deleteFrom('sessions')
      .where('workspace_id', '=', parsed.workspaceId)
      .where('token_hash', '=', sha256Hex(sessionToken))
      .execute(),
  );
}

export async function resolveApiToken(db: Db, token: string): Promise<Principal | undefined> {
  const parsed = parseCredential(TOKEN_PREFIX, token);
  if (!parsed) return undefined;
  return withTenant(db, parsed.workspaceId, async (trx) => {
    const row = await platform(trx)
      .selectFrom('api_tokens')
      .select(['id', 'user_id', 'last_used_at'])
      .where('workspace_id', '=', parsed.workspaceId)
      .where('token_hash', '=', sha256Hex(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await platform(trx)
        .updateTable('api_tokens')
        .set({ last_used_at: sql<Date>`now()` })
        .where('workspace_id', '=', parsed.workspaceId)
        .where('id', '=', row.id)
        .execute();
    }
    return (await principalFor(trx, parsed.workspaceId, row.user_id, 'token'))?.principal;
  });
}

async function principalFor(trx: Tx, workspaceId: string, userId: string, via: Principal['via']) {
  const user = await platform(trx)
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
      'users.role_id',
      'roles.name as role',
    ])
    .where('users.workspace_id', '=', workspaceId)
    .where('users.id', '=', userId)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!user) return undefined;
  const principal: Principal = {
    workspaceId,
    userId,
    teamId: user.team_id,
    roleName: user.role,
    grants: await loadGrants(trx, workspaceId, user.role_id),
    via,
  };
  const publicUser: User = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    teamId: user.team_id,
    department: user.department as User['department'],
    active: user.active,
  };
  return { principal, user: publicUser };
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Returns the token string once; only its hash is stored. */
export async function createApiToken(
  db: Db,
  actor: Principal,
  input: { name: string; userId?: string },
): Promise<{ token: string; info: ApiTokenInfo }> {
  authorize(actor, 'api_tokens', 'create');
  const userId = input.userId ?? actor.userId;
  if (!isAllowed(actor, 'api_tokens', 'create', { ownerId: userId, ownerTeamId: null })) {
    throw new AppError('forbidden', 'Your role may only create tokens for yourself');
  }
  if (!input.name.trim()) throw invalid('name', 'name must not be empty');
  const token = composeCredential(TOKEN_PREFIX, actor.workspaceId);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const user = await platform(trx)
      .selectFrom('users')
      .select('id')
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw invalid('userId', 'no such user in this workspace');
    const row = await platform(trx)
      .insertInto('api_tokens')
      .values({
        workspace_id: actor.workspaceId,
        user_id: userId,
        name: input.name.trim(),
        token_hash: sha256Hex(token),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'api_tokens',
      objectId: row.id,
      after: { name: row.name, user_id: row.user_id },
    });
    return { token, info: toTokenInfo(row) };
  });
}

export async function listApiTokens(db: Db, actor: Principal): Promise<ApiTokenInfo[]> {
  authorize(actor, 'api_tokens', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    let q = platform(trx).selectFrom('api_tokens').selectAll().where('workspace_id', '=', actor.workspaceId);
    if (!isAllowed(actor, 'api_tokens', 'read', { ownerId: null, ownerTeamId: null }))
      q = q.where('user_id', '=', actor.userId);
    return (await q.orderBy('created_at', 'desc').execute()).map(toTokenInfo);
  });
}

export async function revokeApiToken(db: Db, actor: Principal, tokenId: string): Promise<void> {
  authorize(actor, 'api_tokens', 'delete');
  await withTenant(db, actor.workspaceId, async (trx) => {
    const row = await platform(trx)
      .selectFrom('api_tokens')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', tokenId)
      .executeTakeFirstOrThrow(() => notFound('API token'));
    authorize(actor, 'api_tokens', 'delete', { ownerId: row.user_id, ownerTeamId: null });
    if (row.revoked_at) return;
    await platform(trx)
      .updateTable('api_tokens')
      .set({ revoked_at: sql<Date>`now()` })
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', tokenId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'delete',
      objectType: 'api_tokens',
      objectId: tokenId,
      before: { name: row.name, user_id: row.user_id },
    });
  });
}

function toTokenInfo(row: {
  id: string;
  name: string;
  user_id: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiTokenInfo {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}
